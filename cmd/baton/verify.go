package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// verification is the user's side of Baton: a package's chain checked
// against the trust store (chain.TrustStore.Check), first trust or
// consent where a person must decide, then optionally a release's files.
// The trust store is locked from the start to the end, and the pin moves
// only when the whole verdict is OK.
type verification struct {
	e         *env
	pkg       string // the package the user names: a chain of another is refused
	chainPath string
	trust     *ceremony.TrustFile
	check     *chain.Check
	consent   chain.Consent
	name      string       // the head signatory's name, as the chain has it
	rep       verifyReport // what is printed: the chain's text escaped

	expectKey, expectWords string
	log                    logCheck // the transparency log proof, under a log policy
	ask                    bool     // --consent ask (else refuse)
	firstOnly              bool     // trust add: a pinned package is a usage error
	accept                 []string // --accept POS:HASH or SIGNATORY-ID
}

type verifyReport struct {
	Package      string          `json:"package"`
	Verdict      string          `json:"verdict"` // ok, refused, undecided or error
	ExitCode     int             `json:"exit_code"`
	FirstTrust   bool            `json:"first_trust"`
	VouchedBy    []string        `json:"vouched_by,omitempty"`    // first trust through a signatory pinned for these packages
	EveryPackage bool            `json:"every_package,omitempty"` // first trust through a signatory trusted for every package`
	Signatory    string          `json:"signatory,omitempty"`
	SignatoryID  string          `json:"signatory_id,omitempty"`
	Position     uint64          `json:"position,omitempty"` // the chain's head
	Recovery     *keyJSON        `json:"recovery_key,omitempty"`
	Pinned       bool            `json:"pinned"` // the trust store now pins the head
	PinPosition  uint64          `json:"pin_position,omitempty"`
	TrustStore   string          `json:"trust_store"`
	Events       []eventJSON     `json:"events,omitempty"`
	Release      *releaseVerdict `json:"release,omitempty"`
	Log          *logVerdict     `json:"log,omitempty"`
	Reason       string          `json:"reason,omitempty"`
	Error        string          `json:"error,omitempty"`
}

func cmdVerify(e *env, args []string) error {
	fs := e.flagSet("verify")
	v := &verification{e: e}
	r := &releaseCheck{}
	fs.StringVar(&v.pkg, "package", "", "")
	fs.StringVar(&v.chainPath, "chain", "", "")
	fs.StringVar(&r.sigPath, "sig", "", "")
	fs.StringVar(&r.dir, "dir", "", "")
	fs.StringVar(&r.version, "release", "", "")
	fs.BoolVar(&r.strict, "strict", false, "")
	fs.DurationVar(&e.fetchTimeout, "timeout", fetch.DefaultTimeout, "")
	v.flags(fs)
	v.log.flags(fs)
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	r.files = rest
	if err := v.checkFlags(); err != nil {
		return err
	}
	switch {
	case fetch.IsURL(r.sigPath) && r.dir == "":
		return usageErr("verify: --sig is a URL: say with --dir where the release's files are on this machine", e.retry("--dir", "DIR"))
	case r.sigPath == "" && r.dir != "":
		return usageErr("verify: --dir needs --sig: the signed checksum list of the files", e.retry("--sig", "SHA256.sig"))
	case r.sigPath == "" && (r.version != "" || r.strict || len(r.files) > 0):
		return usageErr("verify: --release, --strict and file names need --sig: the release's signed checksum list", e.retry("--sig", "SHA256.sig"))
	}
	defer v.close()
	err = v.run()
	if err == nil && r.sigPath != "" {
		err = v.checkRelease(r)
	}
	if err == nil {
		err = v.commit()
	}
	return v.verdict(err)
}

// flags registers the flags verify and trust add share.
func (v *verification) flags(fs *flag.FlagSet) {
	fs.StringVar(&v.expectKey, "expect-key", "", "")
	fs.StringVar(&v.expectWords, "expect-words", "", "")
	v.consentFlags(fs)
}

// consentFlags registers --consent and --accept (deps takes them too).
func (v *verification) consentFlags(fs *flag.FlagSet) {
	fs.Func("consent", "", func(s string) error {
		switch s {
		case "ask":
			v.ask = true
		case "refuse":
			v.ask = false
		case "accept":
			return errors.New("a blanket accept is gone: name each event you accept with --accept POSITION:HASH (baton log shows them)")
		default:
			return fmt.Errorf("say ask or refuse, not %q", s)
		}
		return nil
	})
	fs.Func("accept", "", func(s string) error { v.accept = append(v.accept, s); return nil })
	v.ask = true
}

func (v *verification) checkFlags() error {
	e := v.e
	if v.expectKey != "" && v.expectWords != "" {
		return usageErr(e.verb+": give --expect-key or --expect-words, not both", "baton help "+e.verb)
	}
	if v.pkg == "" {
		return usageErr(e.verb+": --package is missing: the package you mean to verify (a chain of another package is refused)", e.retry("--package", "PACKAGE"))
	}
	if err := chain.CheckPackage(v.pkg); err != nil {
		return usageErr(fmt.Sprintf("%s: --package %s: %v", e.verb, untrusted.Quote(v.pkg), err), e.retryReplacing("--package", "PACKAGE"))
	}
	if v.chainPath == "" {
		return usageErr(e.verb+": --chain is missing: the package's chain file (- reads standard input)", e.retry("--chain", "CHAIN"))
	}
	return nil
}

// run locks the trust store and checks the chain: first trust when
// nothing is pinned, else against the pin, asking about each event. It
// changes nothing: commit moves the pin.
func (v *verification) run() error {
	v.rep.Package = v.pkg
	path, err := v.e.trustPath()
	if err != nil {
		return err
	}
	v.rep.TrustStore = path
	v.trust, err = ceremony.OpenTrust(path, func() {
		v.e.bar.Printf("baton: waiting for the trust store %s: another baton is using it\n", path)
	})
	if err != nil {
		if errors.Is(err, ceremony.ErrTrustDamaged) {
			return failure(err, "fix or move aside "+shellQuote(path)+" (every pin in it would have to be trusted again)")
		}
		return failure(err, v.e.retry("--trust", "FILE"))
	}
	if pin, ok := v.trust.Store.Get(v.pkg); ok && v.firstOnly {
		return usageErr(fmt.Sprintf("%s: %s is already pinned (signatory %s, position %d)", v.e.verb, v.pkg, pin.Signatory, pin.Position),
			"to move the pin forward: baton verify --package "+shellQuote(v.pkg)+" --chain "+shellQuote(v.chainPath),
			"to trust another signatory instead: baton trust remove "+shellQuote(v.pkg)+", then "+v.e.retry())
	}
	in, err := v.openChain()
	if err != nil {
		return err
	}
	defer in.Close()
	v.check, err = v.trust.Store.Check(v.pkg, chain.NewReader(v.chainName(), in))
	if err != nil {
		return refused(err, v.refusalHints(err)...)
	}
	v.describe(v.check.Result())
	if err := v.checkLog(); err != nil {
		return err
	}
	if v.check.FirstTrust() {
		return v.firstTrust()
	}
	if v.expectKey != "" || v.expectWords != "" {
		if err := v.compare(v.check.Result()); err != nil {
			return err
		}
	}
	return v.consentTo(v.check.Events())
}

// openChain opens --chain, or standard input for "-".
func (v *verification) openChain() (io.ReadCloser, error) {
	if v.chainPath == "-" {
		v.e.bar.Printf("baton: reading the chain of %s from standard input\n", v.pkg)
		return io.NopCloser(v.e.stdin), nil
	}
	path, err := v.e.fetched(v.chainPath, ceremony.MaxChainFile)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, failure(fmt.Errorf("reading the chain: %w", err), v.e.retryReplacing("--chain", "CHAIN-FILE"))
	}
	return f, nil
}

func (v *verification) chainName() string {
	if v.chainPath == "-" {
		return "standard input"
	}
	return v.chainPath
}

// commit moves the pin, once the whole verdict is OK.
func (v *verification) commit() error {
	if err := v.trust.Store.Accept(v.check, v.consent); err != nil {
		return failure(err)
	}
	if err := v.commitLog(); err != nil {
		return failure(err)
	}
	if err := v.trust.Save(); err != nil {
		return failure(err)
	}
	head := v.check.Head()
	v.rep.Pinned, v.rep.PinPosition = true, head.Position
	if v.check.FirstTrust() {
		v.e.bar.Printf("baton: pinned %s at position %d (%s) in %s\n", v.pkg, head.Position, untrusted.Quote(v.name), v.trust.Path)
	}
	return nil
}

func (v *verification) close() {
	if v.trust != nil {
		v.trust.Close()
	}
}

func (v *verification) describe(res *chain.Result) {
	v.name = res.Name
	v.rep.Signatory, v.rep.SignatoryID, v.rep.Position = untrusted.Escape(res.Name), string(res.Head.Signatory), res.Head.Position
}

func (v *verification) refusalHints(err error) []string {
	switch {
	case errors.Is(err, chain.ErrFork):
		return []string{"baton trust remove " + shellQuote(v.pkg) + "   (only if you mean to follow the other signatory from now on; then verify again and compare their key)"}
	case errors.Is(err, chain.ErrRollback):
		return []string{v.e.retry() + "   (with a fresh copy of the chain from the signatory's own site)"}
	case errors.Is(err, chain.ErrOtherPackage):
		return []string{"check that --package names the package you meant, and that the chain is its chain"}
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
		rep.Error = untrusted.SanitizeMessage(err.Error())
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
			fmt.Fprintf(w, "OK: %s: %s verified, signed by %s (position %d)\n", subject, plural(len(r.Files), "file"), untrusted.Quote(r.signer), r.Position)
			r.printUnlisted(w)
		} else {
			fmt.Fprintf(w, "OK: %s: chain verified to position %d, held by %s; pinned\n", subject, rep.Position, untrusted.Quote(v.name))
		}
		v.printLog()
	case exitRefused:
		fmt.Fprintf(w, "REFUSED: %s: %s\n", subject, untrusted.SanitizeMessage(rep.Reason))
	case exitDecide:
		fmt.Fprintf(w, "UNDECIDED: %s: %s\n", subject, untrusted.SanitizeMessage(rep.Reason))
	}
	return err
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

func plural(n int, what string) string {
	switch {
	case n == 1:
		return "1 " + what
	case len(what) > 1 && what[len(what)-1] == 'y' && !strings.ContainsRune("aeiou", rune(what[len(what)-2])):
		return fmt.Sprintf("%d %sies", n, what[:len(what)-1]) // entry, entries; but key, keys
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// when formats an entry's time for people.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// fetchClient fetches into the user's cache, within --timeout.
func (e *env) fetchClient() (*fetch.Client, error) {
	dir, err := fetch.DefaultCacheDir()
	if err != nil {
		return nil, failure(fmt.Errorf("no cache directory for fetched files: %w", err), "set XDG_CACHE_HOME or HOME")
	}
	return fetch.New(dir, e.fetchTimeout), nil
}

// fetched returns a path to read loc from: loc itself, or, for an
// https:// URL, the cached copy of what was fetched just now.
func (e *env) fetched(loc string, limit int64) (string, error) {
	if !fetch.IsURL(loc) {
		return loc, nil
	}
	client, err := e.fetchClient()
	if err != nil {
		return "", err
	}
	e.bar.Printf("baton: fetching %s\n", untrusted.Quote(loc))
	path, err := client.Get(e.ctx, loc, limit)
	if err != nil {
		return "", failure(err, "check the URL, or fetch it yourself and give the file's path")
	}
	return path, nil
}
