package tlog

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
)

// A Policy says which logs a client trusts, which witnesses must have
// cosigned a checkpoint, and how old the newest cosignatures may be. Its
// file is Sigsum's policy format with C2SP vkeys, as Tessera reads it
// (tessera.NewWitnessGroupFromPolicy), plus one line of Baton's:
//
//	log <vkey> [url]
//	witness <name> <vkey> [url]
//	group <name> <k|any|all> <member>...
//	quorum <name|none>
//	max-age <Go duration, e.g. 720h>
//
// A log's vkey is an Ed25519 signed-note key named by the log's origin; a
// witness's is a cosignature/v1 (0x04) or Ed25519 key. Members are
// witnesses or groups defined on earlier lines. '#' starts a comment.
type Policy struct {
	Logs      []*Log
	Witnesses []*Witness
	Quorum    *Group // nil: no witness needed ("quorum none")
	MaxAge    time.Duration
}

// Log is a log the policy trusts.
type Log struct {
	Origin, VKey, URL string
	v                 note.Verifier
}

// Witness is a witness the policy names: Name is the policy's label,
// KeyName the name its cosignatures carry (its vkey's).
type Witness struct {
	Name, VKey, URL string
	v               note.Verifier
}

// KeyName is the name in the witness's cosignature lines.
func (w *Witness) KeyName() string { return w.v.Name() }

// Group is satisfied when K of its members are.
type Group struct {
	Name    string
	K       int
	Members []any // *Witness or *Group
}

// DefaultMaxAge is the maximum age of a policy without a max-age line.
const DefaultMaxAge = 30 * 24 * time.Hour

// MaxPolicySize bounds a policy file.
const MaxPolicySize = 64 << 10

// ParsePolicy reads a policy file; name names it in errors.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxPolicySize)
	}
	pp := &policyParser{p: &Policy{MaxAge: DefaultMaxAge}, named: map[string]any{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line, _, _ := strings.Cut(sc.Text(), "#")
		if f := strings.Fields(line); len(f) > 0 {
			if err := pp.line(f); err != nil {
				return nil, fmt.Errorf("%s, line %d: %w", name, n, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return pp.finish(name)
}

type policyParser struct {
	p         *Policy
	named     map[string]any
	sawQuorum bool
}

func (pp *policyParser) line(f []string) error {
	switch f[0] {
	case "log":
		return pp.log(f[1:])
	case "witness":
		return pp.witness(f[1:])
	case "group":
		return pp.group(f[1:])
	case "quorum":
		return pp.quorum(f[1:])
	case "max-age":
		return pp.maxAge(f[1:])
	}
	return fmt.Errorf("unknown keyword %q (want log, witness, group, quorum or max-age)", truncate(f[0], 40))
}

func (pp *policyParser) log(f []string) error {
	if len(f) < 1 || len(f) > 2 {
		return fmt.Errorf("want: log <vkey> [url]")
	}
	v, err := note.NewVerifier(f[0])
	if err != nil {
		return fmt.Errorf("log key %q: %v", truncate(f[0], 80), err)
	}
	l := &Log{Origin: v.Name(), VKey: f[0], v: v}
	if len(f) == 2 {
		l.URL = f[1]
	}
	pp.p.Logs = append(pp.p.Logs, l)
	return nil
}

func (pp *policyParser) witness(f []string) error {
	if len(f) < 2 || len(f) > 3 {
		return fmt.Errorf("want: witness <name> <vkey> [url]")
	}
	if err := pp.newName(f[0]); err != nil {
		return err
	}
	v, err := fnote.NewVerifierForCosignatureV1(f[1])
	if err != nil {
		return fmt.Errorf("witness %s: key %q: %v", f[0], truncate(f[1], 80), err)
	}
	w := &Witness{Name: f[0], VKey: f[1], v: v}
	if len(f) == 3 {
		w.URL = f[2]
	}
	pp.p.Witnesses = append(pp.p.Witnesses, w)
	pp.named[f[0]] = w
	return nil
}

func (pp *policyParser) group(f []string) error {
	if len(f) < 3 {
		return fmt.Errorf("want: group <name> <k|any|all> <members>")
	}
	if err := pp.newName(f[0]); err != nil {
		return err
	}
	g := &Group{Name: f[0]}
	for _, m := range f[2:] {
		c, ok := pp.named[m]
		if !ok {
			return fmt.Errorf("group %s: %q is not a witness or group defined before", f[0], truncate(m, 40))
		}
		g.Members = append(g.Members, c)
	}
	switch f[1] {
	case "any":
		g.K = 1
	case "all":
		g.K = len(g.Members)
	default:
		k, err := strconv.Atoi(f[1])
		if err != nil || k < 1 || k > len(g.Members) {
			return fmt.Errorf("group %s: threshold %q is not 1 to %d, any or all", f[0], truncate(f[1], 20), len(g.Members))
		}
		g.K = k
	}
	pp.named[f[0]] = g
	return nil
}

func (pp *policyParser) quorum(f []string) error {
	if len(f) != 1 || pp.sawQuorum {
		return fmt.Errorf("want one line: quorum <name|none>")
	}
	pp.sawQuorum = true
	if f[0] == "none" {
		return nil
	}
	switch c := pp.named[f[0]].(type) {
	case *Group:
		pp.p.Quorum = c
	case *Witness:
		pp.p.Quorum = &Group{Name: c.Name, K: 1, Members: []any{c}}
	default:
		return fmt.Errorf("quorum %q is not a witness or group defined before", truncate(f[0], 40))
	}
	return nil
}

func (pp *policyParser) maxAge(f []string) error {
	if len(f) != 1 {
		return fmt.Errorf("want: max-age <duration, e.g. 720h>")
	}
	d, err := time.ParseDuration(f[0])
	if err != nil || d <= 0 {
		return fmt.Errorf("max-age %q is not a positive duration such as 720h", truncate(f[0], 40))
	}
	pp.p.MaxAge = d
	return nil
}

func (pp *policyParser) newName(n string) error {
	switch n {
	case "log", "witness", "group", "quorum", "none", "any", "all", "max-age":
		return fmt.Errorf("%q is a keyword, not a name", n)
	}
	if _, ok := pp.named[n]; ok {
		return fmt.Errorf("%q is defined twice", truncate(n, 40))
	}
	return nil
}

func (pp *policyParser) finish(name string) (*Policy, error) {
	if len(pp.p.Logs) == 0 {
		return nil, fmt.Errorf("%s: no log line: a policy names the log it trusts", name)
	}
	if !pp.sawQuorum {
		return nil, fmt.Errorf("%s: no quorum line (quorum <group> or quorum none)", name)
	}
	return pp.p, nil
}

// WitnessPolicy returns the policy file without Baton's own lines, for a
// log's Tessera (tessera.NewWitnessGroupFromPolicy), which knows only the
// Sigsum keywords.
func WitnessPolicy(data []byte) []byte {
	var b bytes.Buffer
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "max-age" {
			continue
		}
		b.WriteString(l)
	}
	return b.Bytes()
}

// satisfied reports whether g is satisfied by the witnesses in ok.
func (g *Group) satisfied(ok map[*Witness]bool) bool {
	n := 0
	for _, m := range g.Members {
		switch c := m.(type) {
		case *Witness:
			if ok[c] {
				n++
			}
		case *Group:
			if c.satisfied(ok) {
				n++
			}
		}
	}
	return n >= g.K
}
