package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// logEntry is one entry as `baton log --json` shows it. Strings read from
// the chain go through jsonText.
type logEntry struct {
	Position     uint64        `json:"position"`
	Kind         string        `json:"kind"`
	Time         time.Time     `json:"time"`
	Hash         string        `json:"hash"`
	Signatory    string        `json:"signatory_id"`
	NewSignatory string        `json:"new_signatory_id,omitempty"` // a hand-over's successor
	Name         string        `json:"name,omitempty"`
	Version      string        `json:"version,omitempty"`
	Checksums    string        `json:"checksums,omitempty"`
	Revealed     string        `json:"revealed_key,omitempty"`
	Reason       string        `json:"reason,omitempty"`
	Recovery     *keyJSON      `json:"recovery_key,omitempty"`
	Witnesses    []witnessJSON `json:"witnesses,omitempty"`
	Commitments  []commitJSON  `json:"commitments,omitempty"`
	Next         *keyJSON      `json:"next_key"`
	NeedsConsent bool          `json:"needs_consent"`
	Signatures   []string      `json:"signatures"`
}

type witnessJSON struct {
	Name string   `json:"name"`
	Key  *keyJSON `json:"key"`
}

type commitJSON struct {
	Alg  string `json:"alg"`
	Hash string `json:"hash"`
}

// jsonText is a string read from input as JSON output carries it: any
// control, bidirectional or zero-width character or line separator in it is
// escaped as text (`\x1b`, `\u202e`), so that a consumer that prints the
// decoded value shows it as the terminal would. encoding/json alone escapes
// only C0 controls and U+2028/U+2029, which decode back to the raw
// characters. Backslashes are kept, so the names and reasons a chain may
// hold (printable text) come out exactly as they are.
func jsonText(s string) string { return untrusted.SanitizeMessage(s) }

// logRequest is what `baton log` was asked for: the chain's path (or "-")
// and, for --package, the vault package it belongs to (for key labels).
type logRequest struct {
	chainPath string
	pkg       *ceremony.Package
}

// cmdLog shows a chain as a timeline. It streams: each entry is printed as
// it is read, and the chain is verified from its genesis at the same time
// by a second reader of the same bytes, so memory does not grow with the
// chain (only chain.FirstTrust's own state does).
func cmdLog(e *env, args []string) error {
	req, err := parseLog(e, args)
	if err != nil {
		return err
	}
	in, name, closeIn, err := openChainInput(e, req.chainPath)
	if err != nil {
		return err
	}
	defer closeIn()
	var out logOutput = &logText{path: name}
	if e.g.json {
		out = &logJSON{chain: req.chainPath}
		e.jsonDone = true
	}
	// What grows with the chain is the verifier's own state (the keys and
	// versions seen so far; chain.FirstTrustVerdict keeps no release list):
	// under 20 MiB at the 100,000-entry limit. main's soft memory limit
	// keeps the heap near it.
	bw := bufio.NewWriter(e.stdout)
	problem, readErr := streamLog(bw, out, name, in, e.logTrustStore(), logLabels(req.pkg))
	if err := bw.Flush(); err != nil {
		return failure(err)
	}
	var pe *signify.ParseError
	switch {
	case problem == "":
		return nil
	case readErr != nil && !errors.As(readErr, &pe):
		return failure(fmt.Errorf("reading the chain: %w", readErr)) // I/O, not the chain's content
	}
	return refused(errors.New(untrusted.SanitizeMessage(problem)))
}

// parseLog parses log's flags: --chain FILE or --package NAME.
func parseLog(e *env, args []string) (logRequest, error) {
	fs := e.flagSet("log")
	chainPath := fs.String("chain", "", "")
	pkg := fs.String("package", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return logRequest{}, err
	}
	switch {
	case *chainPath != "" && *pkg != "":
		return logRequest{}, usageErr("log: give --chain or --package, not both",
			"baton log --chain CHAIN", "baton log --package NAME")
	case *chainPath == "" && *pkg == "":
		return logRequest{}, usageErr("log: which chain? give --chain FILE (- for standard input), "+
			"or --package NAME for a chain in your vault", e.retry("--chain", "CHAIN"))
	case *pkg != "":
		v, err := e.existingVault()
		if err != nil {
			return logRequest{}, err
		}
		vp, err := e.vaultPackage(v, *pkg)
		if err != nil {
			return logRequest{}, err
		}
		return logRequest{chainPath: vp.ChainPath(), pkg: vp}, nil
	}
	return logRequest{chainPath: *chainPath}, nil
}

// logTrustStore is the trust store, for the pin: events after it need
// consent. Nil when there is none.
func (e *env) logTrustStore() *chain.TrustStore {
	path, err := e.trustPath()
	if err != nil {
		return nil
	}
	ts, _ := loadTrustStore(e, path)
	return ts
}

// logLabels maps the public keys of a vault package to their labels.
func logLabels(p *ceremony.Package) map[string]string {
	labels := map[string]string{}
	if p == nil {
		return labels
	}
	if keys, err := p.Keys(); err == nil {
		for _, k := range keys {
			labels[k.Public.String()] = k.Label
		}
	}
	return labels
}

// streamLog prints the chain read from in entry by entry while a second
// reader verifies it from its genesis. It returns the problem the output
// named ("" when the chain verifies) and the read error, if any.
func streamLog(bw io.Writer, out logOutput, name string, in io.Reader, ts *chain.TrustStore, labels map[string]string) (problem string, readErr error) {
	out.start(bw)
	// The verifier reads what the printer reads, through a pipe.
	pr, pw := io.Pipe()
	verdict := make(chan error, 1)
	go func() {
		err := verifyFromGenesis(name, pr)
		io.Copy(io.Discard, pr) // let the printer read on after a refusal
		verdict <- err
	}()
	r := chain.NewReader(name, io.TeeReader(io.LimitReader(in, chain.MaxChainSize+1), pw))
	var (
		pinPos uint64
		count  int
		holder = logHolder{}
	)
	for {
		se, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if count == 0 {
			if ts != nil {
				if p, ok := ts.Get(se.Package); ok {
					pinPos = p.Position
				}
			}
			out.header(bw, se.Package)
		}
		count++
		le := newLogEntry(se, pinPos, labels)
		out.entry(bw, le, holder)
		holder.update(le)
	}
	pw.Close()
	verr := <-verdict
	if readErr != nil {
		problem = readErr.Error()
	} else if verr != nil {
		problem = verr.Error()
	}
	out.end(bw, count, problem == "", problem)
	return problem, readErr
}

// openChainInput opens the chain to read: a file, or standard input for
// "-". It returns the name to use in messages.
func openChainInput(e *env, path string) (io.Reader, string, func(), error) {
	if path == "-" {
		return e.stdin, "standard input", func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, failure(fmt.Errorf("reading the chain: %w", err), e.retryReplacing("--chain", "CHAIN-FILE"))
	}
	return f, path, func() { f.Close() }, nil
}

// verifyFromGenesis verifies a chain read from r as chain.FirstTrust does,
// for the package its first entry names, as `baton log` did with the whole
// file in memory: the bytes the first reader took are read again by the
// second. It keeps only the verdict (chain.FirstTrustVerdict), not the list
// of every release, which log prints as it goes.
func verifyFromGenesis(name string, r io.Reader) error {
	var head bytes.Buffer
	first, err := chain.NewReader(name, io.TeeReader(r, &head)).Next()
	if err != nil {
		return err
	}
	return chain.FirstTrustVerdict(first.Package, chain.NewReader(name, io.MultiReader(&head, r)))
}

// newLogEntry describes an entry; its strings are as the chain holds them
// (forJSON escapes them for JSON, the text output as it prints them).
func newLogEntry(se *chain.SignedEntry, pinPos uint64, labels map[string]string) *logEntry {
	describe := func(k *signify.PublicKey) *keyJSON {
		if k == nil {
			return nil
		}
		return describeKey(labels[k.String()], k)
	}
	le := &logEntry{Position: se.Position, Kind: string(se.Kind), Time: se.Time, Hash: se.Hash().String(), Signatory: string(se.Signatory),
		Name: se.Name, Version: se.Version, Reason: se.Reason, Recovery: describe(se.Recovery), Next: describe(se.Next),
		NeedsConsent: se.Kind.NeedsConsent() && se.Position > pinPos, Signatures: []string{}}
	if se.Kind == chain.KindHandover && se.Recovery != nil {
		le.NewSignatory = string(chain.SignatoryOf(se.Recovery))
	}
	if se.Kind == chain.KindRelease {
		le.Checksums = se.Checksums.String()
	}
	if se.Reveal != nil {
		c := se.Reveal.Commitment()
		le.Revealed = c.Alg + " " + c.Hash.String()
	}
	for _, w := range se.Witnesses {
		le.Witnesses = append(le.Witnesses, witnessJSON{Name: w.Name, Key: describe(w.Key)})
	}
	for _, c := range se.Commits {
		le.Commitments = append(le.Commitments, commitJSON{Alg: c.Alg, Hash: c.Hash.String()})
	}
	for _, s := range se.Sigs {
		le.Signatures = append(le.Signatures, s.Name)
	}
	return le
}

// forJSON returns a copy of le with every string read from the chain or the
// vault passed through jsonText.
func (le *logEntry) forJSON() *logEntry {
	c := *le
	c.Kind, c.Name, c.Version, c.Reason, c.Revealed = jsonText(c.Kind), jsonText(c.Name), jsonText(c.Version), jsonText(c.Reason), jsonText(c.Revealed)
	c.Recovery, c.Next = keyForJSON(c.Recovery), keyForJSON(c.Next)
	c.Witnesses, c.Commitments, c.Signatures = nil, nil, []string{}
	for _, w := range le.Witnesses {
		c.Witnesses = append(c.Witnesses, witnessJSON{Name: jsonText(w.Name), Key: keyForJSON(w.Key)})
	}
	for _, m := range le.Commitments {
		c.Commitments = append(c.Commitments, commitJSON{Alg: jsonText(m.Alg), Hash: m.Hash})
	}
	for _, s := range le.Signatures {
		c.Signatures = append(c.Signatures, jsonText(s))
	}
	return &c
}

// keyForJSON escapes a key's label (a vault file name) for JSON.
func keyForJSON(k *keyJSON) *keyJSON {
	if k == nil {
		return nil
	}
	c := *k
	c.Label = jsonText(c.Label)
	return &c
}

// logHolder is who held the chain before the entry being shown.
type logHolder struct {
	name      string
	signatory string
}

func (h *logHolder) update(le *logEntry) {
	if le.Name != "" {
		h.name = le.Name
	}
	h.signatory = le.Signatory
	if le.NewSignatory != "" {
		h.signatory = le.NewSignatory
	}
}

// logOutput is the text or the JSON of `baton log`, written entry by entry.
type logOutput interface {
	start(w io.Writer)
	header(w io.Writer, pkg string)
	entry(w io.Writer, le *logEntry, before logHolder)
	end(w io.Writer, count int, verified bool, problem string)
}

type logText struct{ path string }

func (t *logText) start(io.Writer) {}

func (t *logText) header(w io.Writer, pkg string) {
	fmt.Fprintf(w, "chain of %s (%s)\n", untrusted.Escape(pkg), untrusted.Escape(t.path))
}

func (t *logText) entry(w io.Writer, le *logEntry, before logHolder) {
	fmt.Fprintf(w, "\n#%d %-8s %s", le.Position, untrusted.Escape(le.Kind), le.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
	if le.NeedsConsent {
		fmt.Fprintf(w, "   [needs your consent]")
	}
	fmt.Fprintf(w, "\n")
	switch chain.Kind(le.Kind) {
	case chain.KindGenesis:
		fmt.Fprintf(w, "    signatory %s (%s)\n    recovery key %s\n", untrusted.Quote(le.Name), le.Signatory, keyLine(le.Recovery))
	case chain.KindRelease:
		fmt.Fprintf(w, "    release %s, checksum list %s\n", untrusted.Escape(le.Version), le.Checksums)
	case chain.KindHandover:
		fmt.Fprintf(w, "    hand-over from %s to %s\n", untrusted.Quote(before.name), untrusted.Quote(le.Name))
		fmt.Fprintf(w, "    signatory %s → %s\n", le.Signatory, le.NewSignatory)
		fmt.Fprintf(w, "    new recovery key %s\n", keyLine(le.Recovery))
		if len(le.Witnesses) == 0 {
			fmt.Fprintf(w, "    no witnesses\n")
		}
		for _, wt := range le.Witnesses {
			fmt.Fprintf(w, "    witness %s %s\n", untrusted.Quote(wt.Name), keyLine(wt.Key))
		}
	case chain.KindRekey:
		fmt.Fprintf(w, "    re-key by the recovery key of %s\n", untrusted.Quote(before.name))
	case chain.KindEmergency:
		fmt.Fprintf(w, "    emergency switch by %s: reveals the committed key %s\n", untrusted.Quote(before.name), untrusted.Escape(le.Revealed))
	}
	if le.Reason != "" {
		fmt.Fprintf(w, "    reason: %s\n", untrusted.Escape(le.Reason))
	}
	for _, c := range le.Commitments {
		fmt.Fprintf(w, "    commits to a %s key %s\n", untrusted.Escape(c.Alg), c.Hash)
	}
	fmt.Fprintf(w, "    next key %s\n", keyLine(le.Next))
}

func (t *logText) end(w io.Writer, count int, verified bool, problem string) {
	if count > 0 {
		fmt.Fprintf(w, "\n%d %s.\n", count, pluralWord(count, "entry", "entries"))
	}
	if verified {
		fmt.Fprintf(w, "The chain verifies from its genesis.\n")
		return
	}
	fmt.Fprintf(w, "The chain does NOT verify: %s\n", untrusted.SanitizeMessage(problem))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// logJSON writes the object printJSON would write for
// {"chain", "entries", "package", "problem", "verified"} (keys in that
// order, indented the same), one entry at a time.
type logJSON struct {
	chain string
	pkg   string
	n     int
}

func (j *logJSON) start(w io.Writer) {
	fmt.Fprintf(w, "{\n  \"chain\": %s,\n  \"entries\": [", jsonValue(jsonText(j.chain), ""))
}

func (j *logJSON) header(_ io.Writer, pkg string) { j.pkg = pkg }

func (j *logJSON) entry(w io.Writer, le *logEntry, _ logHolder) {
	if j.n > 0 {
		io.WriteString(w, ",")
	}
	j.n++
	fmt.Fprintf(w, "\n    %s", jsonValue(le.forJSON(), "    "))
}

func (j *logJSON) end(w io.Writer, _ int, verified bool, problem string) {
	if j.n > 0 {
		io.WriteString(w, "\n  ")
	}
	io.WriteString(w, "]")
	if j.pkg != "" {
		fmt.Fprintf(w, ",\n  \"package\": %s", jsonValue(jsonText(j.pkg), "  "))
	}
	if problem != "" {
		fmt.Fprintf(w, ",\n  \"problem\": %s", jsonValue(jsonText(problem), "  "))
	}
	fmt.Fprintf(w, ",\n  \"verified\": %t\n}\n", verified)
}

// jsonValue encodes v as printJSON would at the given indentation.
func jsonValue(v any, prefix string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func keyLine(k *keyJSON) string {
	if k == nil {
		return "(none)"
	}
	s := k.Words
	if k.Label != "" {
		s = untrusted.Escape(k.Label) + "  " + s
	}
	return strings.TrimSpace(s)
}
