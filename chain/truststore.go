package chain

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/baton-signing/baton/chain/signify"
)

// TrustStore is the user's pinned packages, one line each, like ssh's
// known_hosts:
//
//	<package> <signatory> <position> <entry hash> <next key>
//
// and the signatories the user trusts for every package they sign, one
// line each:
//
//	signatory <signatory>
//
// Lines starting with '#' and blank lines are comments and are kept as they
// are. A package has at most one pin: trust sits with one signatory.
type TrustStore struct {
	lines []trustLine
}

type trustLine struct {
	comment   string // the whole line, when it is a comment or blank
	pin       *Pin
	signatory SignatoryID // a "signatory" line: trusted for every package
	// a "checkpoint" line: the newest checkpoint seen from a log
	checkpoint *LogCheckpoint
}

const trustStoreHeader = "# baton trust store: package signatory position entry-hash next-key (see SPEC.md)\n"

// NewTrustStore returns an empty store with its header comment.
func NewTrustStore() *TrustStore {
	return &TrustStore{lines: []trustLine{{comment: strings.TrimSuffix(trustStoreHeader, "\n")}}}
}

// ParseTrustStore parses a trust store file. name names it in errors.
func ParseTrustStore(name string, data []byte) (*TrustStore, error) {
	t := &TrustStore{}
	if len(data) == 0 {
		return t, nil
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		return nil, &signify.ParseError{File: name, Line: bytes.Count(data, []byte("\n")) + 1, Msg: "last line has no newline (truncated file?)"}
	}
	seen := map[string]int{}
	for i, l := range strings.Split(string(data[:len(data)-1]), "\n") {
		n := i + 1
		if len(l) > maxLineLen {
			return nil, &signify.ParseError{File: name, Line: n, Msg: fmt.Sprintf("line is longer than %d bytes", maxLineLen)}
		}
		if strings.HasSuffix(l, "\r") {
			return nil, &signify.ParseError{File: name, Line: n, Msg: "line ends in CRLF; the trust store uses LF line endings"}
		}
		if l == "" || strings.HasPrefix(l, "#") {
			t.lines = append(t.lines, trustLine{comment: l})
			continue
		}
		if id, ok, err := parseSignatoryLine(l); ok {
			if err != nil {
				return nil, &signify.ParseError{File: name, Line: n, Msg: err.Error()}
			}
			if first, dup := seen["signatory "+string(id)]; dup {
				return nil, &signify.ParseError{File: name, Line: n, Msg: fmt.Sprintf("signatory %s is listed twice (first on line %d)", id, first)}
			}
			seen["signatory "+string(id)] = n
			t.lines = append(t.lines, trustLine{signatory: id})
			continue
		}
		if c, ok, err := parseCheckpointLine(l); ok {
			if err != nil {
				return nil, &signify.ParseError{File: name, Line: n, Msg: err.Error()}
			}
			if first, dup := seen["checkpoint "+c.Origin]; dup {
				return nil, &signify.ParseError{File: name, Line: n, Msg: fmt.Sprintf("a second checkpoint of log %s (first on line %d)", c.Origin, first)}
			}
			seen["checkpoint "+c.Origin] = n
			t.lines = append(t.lines, trustLine{checkpoint: c})
			continue
		}
		p, err := parsePin(l)
		if err != nil {
			return nil, &signify.ParseError{File: name, Line: n, Msg: err.Error()}
		}
		if first, ok := seen[p.Package]; ok {
			return nil, &signify.ParseError{File: name, Line: n, Msg: fmt.Sprintf("second pin for %s (first on line %d); a package has one signatory", p.Package, first)}
		}
		seen[p.Package] = n
		t.lines = append(t.lines, trustLine{pin: p})
	}
	return t, nil
}

// parseSignatoryLine parses "signatory <id>"; ok says the line is one
// (two fields, the first "signatory": a pin has five).
func parseSignatoryLine(l string) (id SignatoryID, ok bool, err error) {
	f := strings.Split(l, " ")
	if len(f) != 2 || f[0] != "signatory" {
		return "", false, nil
	}
	if err := checkSignatoryID(f[1]); err != nil {
		return "", true, err
	}
	return SignatoryID(f[1]), true, nil
}

func checkSignatoryID(s string) error {
	if len(s) != 32 || strings.Trim(s, "0123456789abcdef") != "" {
		return fmt.Errorf("signatory must be 32 lowercase hex digits, found %q", truncate(s, 80))
	}
	return nil
}

func parsePin(l string) (*Pin, error) {
	f := strings.Split(l, " ")
	if len(f) != 5 {
		return nil, fmt.Errorf("expected 5 fields separated by single spaces (package signatory position entry-hash next-key), found %d", len(f))
	}
	p := &Pin{Package: f[0], Signatory: SignatoryID(f[1])}
	if err := CheckPackage(p.Package); err != nil {
		return nil, err
	}
	if err := checkSignatoryID(f[1]); err != nil {
		return nil, err
	}
	var err error
	p.Position, err = strconv.ParseUint(f[2], 10, 64)
	if err != nil || p.Position < 1 || p.Position > maxEntries || f[2] != strconv.FormatUint(p.Position, 10) {
		return nil, fmt.Errorf("position must be a number from 1 to %d without leading zeros, found %q", maxEntries, truncate(f[2], 40))
	}
	if p.Entry, err = parseHash(f[3]); err != nil {
		return nil, fmt.Errorf("entry hash: %v", err)
	}
	if p.Key, err = signify.ParsePublicKeyText(f[4]); err != nil {
		return nil, fmt.Errorf("next key: %v", err)
	}
	return p, nil
}

// String is the pin's line in a trust store file.
func (p *Pin) String() string { return p.line() }

func (p *Pin) line() string {
	return fmt.Sprintf("%s %s %d %s %s", p.Package, p.Signatory, p.Position, p.Entry, p.Key)
}

// Marshal returns the file, byte for byte as parsed plus any changes.
func (t *TrustStore) Marshal() []byte {
	var b bytes.Buffer
	for _, l := range t.lines {
		if l.pin != nil {
			b.WriteString(l.pin.line())
		} else if l.signatory != "" {
			b.WriteString("signatory " + string(l.signatory))
		} else if l.checkpoint != nil {
			b.WriteString(l.checkpoint.line())
		} else {
			b.WriteString(l.comment)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Get returns the pin for pkg.
func (t *TrustStore) Get(pkg string) (*Pin, bool) {
	for _, l := range t.lines {
		if l.pin != nil && l.pin.Package == pkg {
			return l.pin, true
		}
	}
	return nil, false
}

// List returns every pin, sorted by package.
func (t *TrustStore) List() []*Pin {
	var out []*Pin
	for _, l := range t.lines {
		if l.pin != nil {
			out = append(out, l.pin)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Package < out[j].Package })
	return out
}

// add pins p.Package. An existing pin is moved forward only: the new pin
// must have the same signatory (a different one needs Remove first: that is
// the user's decision to follow a fork, or a hand-over they consented to,
// see replace) and a position at or after the old one. Only Accept calls
// it, with a verified head.
func (t *TrustStore) add(p *Pin) error {
	if p.Position < 1 || p.Key == nil {
		return fmt.Errorf("pin for %s is incomplete", p.Package)
	}
	if err := CheckPackage(p.Package); err != nil {
		return err
	}
	for i, l := range t.lines {
		if l.pin == nil || l.pin.Package != p.Package {
			continue
		}
		if l.pin.Signatory != p.Signatory {
			return fmt.Errorf("%w: %s is pinned to signatory %s; refusing to pin %s without removing the old pin first", ErrFork, p.Package, l.pin.Signatory, p.Signatory)
		}
		if p.Position < l.pin.Position {
			return fmt.Errorf("%s is pinned at position %d; refusing to move back to %d (rollback)", p.Package, l.pin.Position, p.Position)
		}
		if p.Position == l.pin.Position && (p.Entry != l.pin.Entry || !p.Key.Equal(l.pin.Key)) {
			return fmt.Errorf("%s is pinned at position %d with entry %s; refusing a different entry %s at the same position (equivocation)", p.Package, p.Position, l.pin.Entry, p.Entry)
		}
		cp := *p
		t.lines[i].pin = &cp
		return nil
	}
	cp := *p
	t.appendLine(trustLine{pin: &cp})
	return nil
}

// appendLine adds l at the end of the store, after the header a new
// store starts with.
func (t *TrustStore) appendLine(l trustLine) {
	if len(t.lines) == 0 {
		t.lines = NewTrustStore().lines
	}
	t.lines = append(t.lines, l)
}

// replace sets the pin for p.Package forward whatever its signatory was:
// for a hand-over or re-key the user consented to.
func (t *TrustStore) replace(p *Pin) error {
	if p.Position < 1 || p.Key == nil {
		return fmt.Errorf("pin for %s is incomplete", p.Package)
	}
	if err := CheckPackage(p.Package); err != nil {
		return err
	}
	for i, l := range t.lines {
		if l.pin == nil || l.pin.Package != p.Package {
			continue
		}
		if p.Position < l.pin.Position {
			return fmt.Errorf("%s is pinned at position %d; refusing to move back to %d (rollback)", p.Package, l.pin.Position, p.Position)
		}
		if p.Position == l.pin.Position && (p.Entry != l.pin.Entry || !p.Key.Equal(l.pin.Key) || p.Signatory != l.pin.Signatory) {
			return fmt.Errorf("%s is pinned at position %d with entry %s; refusing a different entry %s at the same position (equivocation)", p.Package, p.Position, l.pin.Entry, p.Entry)
		}
		cp := *p
		t.lines[i].pin = &cp // in place: the file keeps its order
		return nil
	}
	return t.add(p)
}

// Remove drops the pin for pkg and reports whether there was one.
func (t *TrustStore) Remove(pkg string) bool {
	for i, l := range t.lines {
		if l.pin != nil && l.pin.Package == pkg {
			t.lines = append(t.lines[:i], t.lines[i+1:]...)
			return true
		}
	}
	return false
}

// Signatories returns the signatories trusted for every package they
// sign, in the store's order.
func (t *TrustStore) Signatories() []SignatoryID {
	var out []SignatoryID
	for _, l := range t.lines {
		if l.signatory != "" {
			out = append(out, l.signatory)
		}
	}
	return out
}

// Vouches says what the store already trusts about signatory id: the
// packages pinned to it, and whether it is trusted for every package it
// signs.
func (t *TrustStore) Vouches(id SignatoryID) (pinned []string, everyPackage bool) {
	for _, l := range t.lines {
		switch {
		case l.signatory == id:
			everyPackage = true
		case l.pin != nil && l.pin.Signatory == id:
			pinned = append(pinned, l.pin.Package)
		}
	}
	sort.Strings(pinned)
	return pinned, everyPackage
}

// TrustEveryPackage trusts the signatory pkg is pinned to for every
// package it signs: a first trust of another package it holds needs no
// key comparison then. Only a pinned package's signatory can be trusted
// this way, so the trust extended is trust the user already gave. Its
// hand-overs and re-keys still need consent, package by package.
func (t *TrustStore) TrustEveryPackage(pkg string) (SignatoryID, error) {
	p, ok := t.Get(pkg)
	if !ok {
		return "", fmt.Errorf("%s is not pinned: verify it first, comparing its signatory's key", pkg)
	}
	if _, all := t.Vouches(p.Signatory); all {
		return p.Signatory, nil
	}
	t.appendLine(trustLine{signatory: p.Signatory})
	return p.Signatory, nil
}

// Distrust drops the "every package" trust of signatory id, keeping its
// pins, and reports whether there was one.
func (t *TrustStore) Distrust(id SignatoryID) bool {
	for i, l := range t.lines {
		if l.signatory == id {
			t.lines = append(t.lines[:i], t.lines[i+1:]...)
			return true
		}
	}
	return false
}
