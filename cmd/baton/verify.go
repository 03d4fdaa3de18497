package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/baton-signing/baton/chain"
)

// verification is the user's side of Baton: a chain checked against the
// trust store, first trust or consent where a person must decide, then
// optionally a release's files.
type verification struct {
	e         *env
	chainPath string
	data      []byte
	pkg       string
	store     *chain.TrustStore
	storePath string
	rep       verifyReport

	expectKey, expectWords string
	consent                string // ask, accept or refuse
}

type verifyReport struct {
	Package     string          `json:"package"`
	Verdict     string          `json:"verdict"` // ok, refused, undecided or error
	ExitCode    int             `json:"exit_code"`
	FirstTrust  bool            `json:"first_trust"`
	Signatory   string          `json:"signatory,omitempty"`
	SignatoryID string          `json:"signatory_id,omitempty"`
	Position    uint64          `json:"position,omitempty"` // the chain's head
	Recovery    *keyJSON        `json:"recovery_key,omitempty"`
	Pinned      bool            `json:"pinned"` // the trust store now pins the head
	PinPosition uint64          `json:"pin_position,omitempty"`
	TrustStore  string          `json:"trust_store"`
	Events      []eventJSON     `json:"events,omitempty"`
	Release     *releaseVerdict `json:"release,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Error       string          `json:"error,omitempty"`
}

type eventJSON struct {
	Position    uint64    `json:"position"`
	Kind        string    `json:"kind"`
	Time        time.Time `json:"time"`
	From        string    `json:"from"`
	To          string    `json:"to,omitempty"`
	Witnesses   []string  `json:"witnesses,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	NewRecovery *keyJSON  `json:"new_recovery_key,omitempty"`
	Revealed    string    `json:"revealed_key,omitempty"` // emergency: algorithm and SHA-256 of the revealed key
	Consent     string    `json:"consent"`                // given, declined, needed or history (shown at first trust)
}

type releaseVerdict struct {
	Version   string `json:"version"`
	Position  uint64 `json:"position"`
	Files     int    `json:"files,omitempty"`
	SignedBy  string `json:"signed_by,omitempty"`
	Signature string `json:"signature"`
	Dir       string `json:"dir"`
}

func cmdVerify(e *env, args []string) error {
	fs := e.flagSet("verify")
	chainPath := fs.String("chain", "", "")
	sig := fs.String("sig", "", "")
	dir := fs.String("dir", "", "")
	release := fs.String("release", "", "")
	v := &verification{e: e}
	fs.StringVar(&v.expectKey, "expect-key", "", "")
	fs.StringVar(&v.expectWords, "expect-words", "", "")
	fs.StringVar(&v.consent, "consent", "ask", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if err := v.checkFlags(); err != nil {
		return err
	}
	switch {
	case *chainPath == "":
		return usageErr("verify: --chain is missing: the package's chain file", e.retry("--chain", "CHAIN"))
	case *sig == "" && *dir != "":
		return usageErr("verify: --dir needs --sig: the signed checksum list of the files", e.retry("--sig", "SHA256.sig"))
	case *sig == "" && *release != "":
		return usageErr("verify: --release needs --sig: the release's signed checksum list", e.retry("--sig", "SHA256.sig"))
	}
	if err := v.load(*chainPath); err != nil {
		return v.verdict(err)
	}
	res, err := v.check()
	if err != nil {
		return v.verdict(err)
	}
	if *sig != "" {
		err = v.checkRelease(res, *sig, *dir, *release)
	}
	return v.verdict(err)
}

func (v *verification) checkFlags() error {
	e := v.e
	if v.expectKey != "" && v.expectWords != "" {
		return usageErr(e.verb+": give --expect-key or --expect-words, not both", "baton help "+e.verb)
	}
	switch v.consent {
	case "ask", "accept", "refuse":
	default:
		return usageErr(fmt.Sprintf("%s: --consent %q: say ask, accept or refuse", e.verb, v.consent), e.retryReplacing("--consent", "ask"))
	}
	return nil
}

// load reads the chain, its package and the trust store.
func (v *verification) load(chainPath string) error {
	var err error
	v.chainPath = chainPath
	if v.data, err = readInput(v.e, "chain", chainPath); err != nil {
		return err
	}
	if v.storePath, err = v.e.trustPath(); err != nil {
		return err
	}
	v.rep.TrustStore = v.storePath
	if v.store, err = loadTrustStore(v.e, v.storePath); err != nil {
		return err
	}
	if v.pkg, err = chainPackage(chainPath, v.data); err != nil {
		return refused(err)
	}
	v.rep.Package = v.pkg
	return nil
}

func (v *verification) reader() *chain.ChainReader {
	return chain.NewChainReader(v.chainPath, bytes.NewReader(v.data))
}

// check verifies the chain: first trust when nothing is pinned, else
// against the pin, asking consent for hand-overs and re-keys. It updates
// the trust store.
func (v *verification) check() (*chain.Result, error) {
	pin, ok := v.store.Get(v.pkg)
	if !ok {
		return v.firstTrust()
	}
	if v.expectKey != "" || v.expectWords != "" {
		v.e.bar.Printf("baton: %s is already pinned (position %d); --expect-key and --expect-words only count at first trust\n", v.pkg, pin.Position)
	}
	res, err := chain.Verify(*pin, v.reader())
	if err != nil {
		return nil, refused(err, v.refusalHints(err)...)
	}
	v.describe(res)
	if len(res.Events) > 0 {
		if err := v.consentTo(res, pin); err != nil {
			return nil, err
		}
		if err := v.store.Replace(&res.Head); err != nil {
			return nil, failure(err)
		}
	} else if err := v.store.Add(&res.Head); err != nil {
		return nil, failure(err)
	}
	if res.Head.Position != pin.Position || len(res.Events) > 0 {
		if err := saveTrustStore(v.storePath, v.store); err != nil {
			return nil, failure(err)
		}
	}
	v.rep.Pinned, v.rep.PinPosition = true, res.Head.Position
	return res, nil
}

func (v *verification) describe(res *chain.Result) {
	v.rep.Signatory, v.rep.SignatoryID, v.rep.Position = res.Name, string(res.Head.Signatory), res.Head.Position
	v.rep.Recovery = describeKey("recovery", res.Recovery)
}

func (v *verification) refusalHints(err error) []string {
	switch {
	case errors.Is(err, chain.ErrFork):
		return []string{"baton trust remove " + shellQuote(v.pkg) + "   (only if you mean to follow the other signatory from now on; then verify again and compare their key)"}
	case errors.Is(err, chain.ErrRollback):
		return []string{v.e.retry() + "   (with a fresh copy of the chain from the signatory's own site)"}
	}
	return nil
}

// firstTrust shows the signatory's key and pins the chain once the person
// confirmed it matches a copy they obtained another way.
func (v *verification) firstTrust() (*chain.Result, error) {
	res, err := chain.FirstTrust(v.pkg, v.reader())
	if err != nil {
		return nil, refused(err)
	}
	v.describe(res)
	v.rep.FirstTrust = true
	names := readNames(v.chainPath, v.data)
	w := v.e.show()
	fp := res.Recovery.Fingerprint()
	fmt.Fprintf(w, "First trust: nothing about %s is pinned in %s yet.\n", v.pkg, v.storePath)
	fmt.Fprintf(w, "The chain (%d entries, every signature checked from its genesis) is held by \"%s\"\n(signatory %s).\n", res.Head.Position, res.Name, res.Head.Signatory)
	for _, ev := range res.Events {
		j := eventOf(ev, names)
		j.Consent = "history"
		v.rep.Events = append(v.rep.Events, j)
		fmt.Fprintf(w, "History: %s\n", j.summary(v.pkg))
	}
	fmt.Fprintf(w, "\nCompare the signatory's key with the copy they published somewhere you already\ntrust (their web page, a talk slide, a phone call):\n\n")
	fmt.Fprintf(w, "  key:    %s\n  words:  %s\n\n", res.Recovery, fp.WordString())
	if isTerminal(w) { // a QR code only helps where a camera can see it
		if q, err := chain.QRTerminal(chain.QRPayload(res.Recovery)); err == nil {
			fmt.Fprintf(w, "%s\n", q)
		}
	}
	if err := v.match(res); err != nil {
		return nil, err
	}
	if err := v.store.Add(&res.Head); err != nil {
		return nil, failure(err)
	}
	if err := saveTrustStore(v.storePath, v.store); err != nil {
		return nil, failure(err)
	}
	v.rep.Pinned, v.rep.PinPosition = true, res.Head.Position
	v.e.bar.Printf("baton: pinned %s at position %d (\"%s\") in %s\n", v.pkg, res.Head.Position, res.Name, v.storePath)
	return res, nil
}

// match checks the person's copy of the key: --expect-key, --expect-words
// or typed at the terminal.
func (v *verification) match(res *chain.Result) error {
	key, fp := res.Recovery.String(), res.Recovery.Fingerprint()
	mismatch := func(err error) error {
		v.rep.Reason = "MISMATCH: this is not the key you expected; nothing was pinned. Do not use this package until you know why"
		return refused(err)
	}
	switch {
	case v.expectKey != "":
		if got := strings.TrimSpace(v.expectKey); got != key {
			return mismatch(fmt.Errorf("MISMATCH: --expect-key %s is not the signatory's key %s", got, key))
		}
		return nil
	case v.expectWords != "":
		if err := fp.CheckWords(v.expectWords); err != nil {
			return mismatch(fmt.Errorf("--expect-words: %w", err))
		}
		return nil
	case v.e.tty == nil:
		v.rep.Reason = "first trust needs you to compare the signatory's key, and nobody can be asked (stdin is not a terminal); nothing was pinned"
		return undecided(fmt.Errorf("first trust of %s not confirmed: give the words or key the signatory published", v.pkg),
			v.e.retry("--expect-words", "'WORD1 WORD2 ... WORD12'")+"   (the words the signatory published, not the ones shown here)",
			v.e.retry("--expect-key", "KEY-TEXT-THE-SIGNATORY-PUBLISHED"))
	}
	for attempt := 1; ; attempt++ {
		a, err := v.e.ask("Type the fingerprint words or paste the key from the signatory's web page, slide\nor phone call (empty to stop): ")
		if err != nil && !errors.Is(err, io.EOF) {
			return failure(err)
		}
		a = strings.TrimSpace(a)
		if a == "" {
			v.rep.Reason = "first trust not confirmed; nothing was pinned"
			return undecided(fmt.Errorf("first trust of %s not confirmed", v.pkg), v.e.retry())
		}
		if !strings.ContainsAny(a, " \t") && len(a) >= 50 {
			if a != key {
				return mismatch(fmt.Errorf("MISMATCH: the key you pasted, %s, is not the signatory's key %s", a, key))
			}
			return nil
		}
		err = fp.CheckWords(a)
		if err == nil {
			return nil
		}
		if errors.Is(err, chain.ErrWordMismatch) || strings.HasPrefix(err.Error(), "MISMATCH") || attempt == 3 {
			return mismatch(err)
		}
		v.e.bar.Printf("%v; try again\n", err)
	}
}

// consentTo shows each hand-over and re-key and asks for consent.
func (v *verification) consentTo(res *chain.Result, pin *chain.Pin) error {
	names := readNames(v.chainPath, v.data)
	w := v.e.show()
	for _, ev := range res.Events {
		j := eventOf(ev, names)
		fmt.Fprintf(w, "Position %d needs your consent: %s\n", j.Position, j.summary(v.pkg))
		if j.NewRecovery != nil {
			fmt.Fprintf(w, "  new signatory's key: %s\n  words:               %s\n", j.NewRecovery.Key, j.NewRecovery.Words)
		}
		decision := v.consent
		var err error
		if decision == "ask" {
			if v.e.tty == nil {
				j.Consent = "needed"
				v.rep.Events = append(v.rep.Events, j)
				v.rep.Reason = fmt.Sprintf("the chain changes hands at position %d and nobody can be asked to consent (stdin is not a terminal); still pinned at position %d", j.Position, pin.Position)
				return undecided(fmt.Errorf("%s of %s at position %d needs your consent", j.Kind, v.pkg, j.Position),
					"baton log --chain "+shellQuote(v.chainPath)+"   (to review it)",
					v.e.retryReplacing("--consent", "accept"))
			}
			ok, aerr := v.e.askYes(j.question(v.pkg))
			if aerr != nil {
				return failure(aerr)
			}
			decision = map[bool]string{true: "accept", false: "refuse"}[ok]
			err = errors.New("you did not consent")
		} else if decision == "refuse" {
			err = errors.New("--consent refuse declines it")
		}
		if decision != "accept" {
			j.Consent = "declined"
			v.rep.Events = append(v.rep.Events, j)
			v.rep.Reason = fmt.Sprintf("consent not given for the %s at position %d; still pinned at position %d", j.Kind, j.Position, pin.Position)
			return undecided(fmt.Errorf("%s of %s at position %d: %w", j.Kind, v.pkg, j.Position, err),
				"baton log --chain "+shellQuote(v.chainPath)+"   (to review it)", v.e.retryReplacing("--consent", "accept"))
		}
		j.Consent = "given"
		v.rep.Events = append(v.rep.Events, j)
	}
	return nil
}

// askYes asks a y/N question at the terminal.
func (e *env) askYes(q string) (bool, error) {
	a, err := e.ask(q + " [y/N] ")
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	a = strings.ToLower(strings.TrimSpace(a))
	return a == "y" || a == "yes", nil
}

func eventOf(ev chain.Event, names nameHistory) eventJSON {
	j := eventJSON{Position: ev.Position, Kind: string(ev.Entry.Kind), Time: ev.Entry.Time, From: names.at(ev.Position - 1),
		Witnesses: ev.Endorsed, Reason: ev.Entry.Reason}
	if ev.Entry.Kind == chain.KindHandover {
		j.To = ev.Entry.Name
		j.NewRecovery = describeKey("recovery", ev.Entry.Recovery)
	}
	if ev.Entry.Reveal != nil {
		c := ev.Entry.Reveal.Commitment()
		j.Revealed = c.Alg + " " + c.Hash.String()
	}
	return j
}

func (j eventJSON) summary(pkg string) string {
	var b strings.Builder
	when := j.Time.UTC().Format("2006-01-02 15:04 UTC")
	switch j.Kind {
	case string(chain.KindHandover):
		fmt.Fprintf(&b, "HAND-OVER at position %d (%s): \"%s\" hands %s to \"%s\"", j.Position, when, j.From, pkg, j.To)
		if len(j.Witnesses) > 0 {
			fmt.Fprintf(&b, ", witnessed and co-signed by %s", strings.Join(j.Witnesses, ", "))
		} else {
			b.WriteString(", with no witnesses")
		}
	case string(chain.KindEmergency):
		fmt.Fprintf(&b, "EMERGENCY at position %d (%s): \"%s\" revealed the post-quantum key %s that an entry you trusted committed to, and replaced the release key with it", j.Position, when, j.From, j.Revealed)
	default:
		fmt.Fprintf(&b, "RE-KEY at position %d (%s): \"%s\" used the recovery key to replace the release key", j.Position, when, j.From)
	}
	if j.Reason != "" {
		fmt.Fprintf(&b, "; reason: %s", j.Reason)
	}
	return b.String()
}

func (j eventJSON) question(pkg string) string {
	if j.Kind == string(chain.KindHandover) {
		return fmt.Sprintf("Do you accept that \"%s\" signs %s from now on?", j.To, pkg)
	}
	if j.Kind == string(chain.KindEmergency) {
		return fmt.Sprintf("Do you accept the emergency switch of %s at position %d?", pkg, j.Position)
	}
	return fmt.Sprintf("Do you accept the re-key of %s at position %d?", pkg, j.Position)
}

// checkRelease verifies a release's signed checksum list and files.
func (v *verification) checkRelease(res *chain.Result, sigPath, dir, version string) error {
	sigData, err := os.ReadFile(sigPath)
	if err != nil {
		return failure(fmt.Errorf("reading the signature: %w", err), v.e.retryReplacing("--sig", "SHA256.sig"))
	}
	if dir == "" {
		dir = filepath.Dir(sigPath)
	}
	rv := &releaseVerdict{Signature: sigPath, Dir: dir, Version: version}
	v.rep.Release = rv
	var rel *chain.Release
	sum := chain.Hash(sha256.Sum256(sigData))
	for i := range res.Releases {
		r := &res.Releases[i]
		if (version != "" && r.Version == version) || (version == "" && r.Checksums == sum) {
			rel = r
		}
	}
	if rel == nil {
		if version != "" {
			v.rep.Reason = fmt.Sprintf("the chain of %s has no release %s", v.pkg, version)
			return refused(fmt.Errorf("release %s is not in the chain %s (it ends at position %d)", version, v.chainPath, res.Head.Position),
				v.e.retry()+"   (with the newest chain from the signatory)")
		}
		v.rep.Reason = fmt.Sprintf("%s is not the signed checksum list of any release in the chain of %s", sigPath, v.pkg)
		return refused(fmt.Errorf("%w: %s (SHA-256 %s) matches no release entry of %s: it was altered, or the chain is older than the release", chain.ErrArtifact, sigPath, sum, v.chainPath),
			v.e.retry()+"   (with the newest chain from the signatory)")
	}
	rv.Version, rv.Position = rel.Version, rel.Position
	rv.SignedBy = readNames(v.chainPath, v.data).at(rel.Position)
	err = chain.VerifyRelease(v.e.ctx, *rel, sigPath, sigData, dir, v.e.bar.For("verifying "+rel.Version))
	v.e.bar.Break()
	if err != nil {
		return refused(err)
	}
	if list, err := chain.OpenChecksumList(rel.Key, sigPath, sigData); err == nil {
		rv.Files = len(list)
	}
	return nil
}

// verdict prints the outcome: OK, REFUSED or UNDECIDED on stdout (or the
// report with --json), and returns err for the exit code.
func (v *verification) verdict(err error) error {
	e, rep := v.e, &v.rep
	subject := v.pkg
	if rep.Release != nil && rep.Release.Version != "" {
		subject += " " + rep.Release.Version
	}
	if subject == "" {
		subject = v.chainPath
	}
	code := exitCode(err)
	rep.ExitCode = code
	switch code {
	case exitOK:
		rep.Verdict = "ok"
	case exitRefused:
		rep.Verdict = "refused"
		if rep.Reason == "" {
			rep.Reason = explain(err)
		}
	case exitDecide:
		rep.Verdict = "undecided"
	default:
		rep.Verdict = "error"
	}
	if err != nil {
		rep.Error = err.Error()
	}
	if e.g.json {
		if jerr := e.printJSON(rep); jerr != nil {
			return jerr
		}
		return err
	}
	w := e.stdout
	switch code {
	case exitOK:
		if r := rep.Release; r != nil {
			fmt.Fprintf(w, "OK: %s: %s verified, signed by %s (position %d)\n", subject, plural(r.Files, "file"), r.SignedBy, r.Position)
		} else {
			fmt.Fprintf(w, "OK: %s: chain verified to position %d, held by %s; pinned\n", subject, rep.Position, rep.Signatory)
		}
	case exitRefused:
		fmt.Fprintf(w, "REFUSED: %s: %s\n", subject, rep.Reason)
	case exitDecide:
		fmt.Fprintf(w, "UNDECIDED: %s: %s\n", subject, rep.Reason)
	}
	return err
}

// readInput reads a file given on the command line.
func readInput(e *env, what, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, failure(fmt.Errorf("reading the %s: %w", what, err), e.retryReplacing("--"+what, strings.ToUpper(what)+"-FILE"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, chain.MaxChainSize+1))
	if err != nil {
		return nil, failure(fmt.Errorf("reading the %s: %w", what, err))
	}
	if len(data) > chain.MaxChainSize {
		return nil, refused(fmt.Errorf("%s is larger than a chain may be (%d MiB)", path, chain.MaxChainSize>>20))
	}
	return data, nil
}

// chainPackage returns the package a chain is for, from its genesis.
func chainPackage(name string, data []byte) (string, error) {
	first, err := chain.NewChainReader(name, bytes.NewReader(data)).Next()
	if errors.Is(err, io.EOF) {
		return "", fmt.Errorf("%s: the chain has no entries", name)
	}
	if err != nil {
		return "", err
	}
	return first.Package, nil
}

// nameHistory is who held a chain from which position: the name of each
// genesis and hand-over entry.
type nameHistory []struct {
	pos  uint64
	name string
}

func readNames(file string, data []byte) nameHistory {
	r := chain.NewChainReader(file, bytes.NewReader(data))
	var h nameHistory
	for {
		e, err := r.Next()
		if err != nil {
			return h
		}
		if e.Name != "" {
			h = append(h, struct {
				pos  uint64
				name string
			}{e.Position, e.Name})
		}
	}
}

// at returns the signatory's name in force at a position.
func (h nameHistory) at(pos uint64) string {
	name := ""
	for _, c := range h {
		if c.pos <= pos {
			name = c.name
		}
	}
	return name
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
