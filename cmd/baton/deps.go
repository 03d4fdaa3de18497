package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// depsRun is baton deps: every package of a manifest verified against the
// trust store (locked throughout) on every core, consent asked package by
// package as verify asks it, then the trust report.
type depsRun struct {
	e        *env
	manifest string
	m        *deps.Manifest
	trust    *ceremony.TrustFile
	tmpl     verification // --consent and --accept, shared by every package
	jobs     int
	recent   time.Duration
	words    bool
	explain  string
	policy   string       // --log-policy
	pol      *tlog.Policy // the log policy that applies; nil: none
	now      time.Time
	results  []*depResult
}

// depResult is one package's outcome: the check's row and what the
// person decided about it.
type depResult struct {
	row     *deps.Row
	verdict string // ok, undecided, refused or failed
	reason  string
	hints   []string
	events  []eventJSON
	vouched []string
	every   bool
	pinned  *chain.Pin // the store's pin after the run
}

func cmdDeps(e *env, args []string) error {
	fs := e.flagSet("deps")
	d := &depsRun{e: e, now: now()}
	d.tmpl.e = e
	fs.StringVar(&d.manifest, "manifest", "", "")
	fs.IntVar(&d.jobs, "jobs", 0, "")
	fs.Func("recent", "", func(s string) (err error) { d.recent, err = parseAge(s); return err })
	fs.BoolVar(&d.words, "words", false, "")
	fs.StringVar(&d.explain, "explain", "", "")
	fs.StringVar(&d.policy, "log-policy", "", "")
	fs.DurationVar(&e.fetchTimeout, "timeout", fetch.DefaultTimeout, "")
	d.tmpl.consentFlags(fs)
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("deps", rest); err != nil {
		return err
	}
	if d.manifest == "" {
		return usageErr("deps: --manifest is missing: the file listing the packages to check (see baton help deps)", e.retry("--manifest", "baton-deps.toml"))
	}
	if d.jobs < 0 || e.fetchTimeout <= 0 {
		return usageErr("deps: --jobs and --timeout must be positive", "baton help deps")
	}
	if d.recent == 0 {
		d.recent = deps.DefaultRecent
	}
	client, err := e.fetchClient()
	if err != nil {
		return err
	}
	if err := d.readManifest(client); err != nil {
		return err
	}
	if d.pol, _, err = e.logPolicy(d.policy, false); err != nil {
		return err
	}
	if err := d.lock(); err != nil {
		return err
	}
	defer d.trust.Close()
	opt := deps.Options{Jobs: d.jobs, Recent: d.recent, Now: d.now, Fetch: client, History: d.explain != "", Policy: d.pol,
		Progress: func(done, total int) { e.bar.Update("verifying", int64(done), int64(total)) }}
	if d.pol != nil {
		// deps is online: a proof older than the newest checkpoint seen
		// counts when the log's tiles prove it a prefix of that one.
		opt.Consistency = logclient.NewProver(e.ctx, e.fetchTimeout).Consistent
	}
	rows := deps.Check(e.ctx, d.trust.Store, d.m, opt)
	if err := d.decide(rows); err != nil {
		return err
	}
	return d.report()
}

// readManifest reads --manifest, a path or a URL, and narrows it to
// --explain's package.
func (d *depsRun) readManifest(client *fetch.Client) error {
	e := d.e
	var err error
	d.m, err = deps.ReadManifest(e.ctx, client, d.manifest)
	switch {
	case errors.Is(err, deps.ErrInvalid):
		return usageErr("deps: "+err.Error(), "baton help deps   (the manifest's format)")
	case err != nil && fetch.IsURL(d.manifest):
		return failure(err, e.retry("--timeout", "2m")+"   (if the server is slow)")
	case err != nil:
		return failure(err, e.retryReplacing("--manifest", "baton-deps.toml"))
	}
	if d.explain != "" {
		p, err := d.m.Find(d.explain)
		if err != nil {
			return usageErr("deps: --explain "+err.Error(), e.retryWithout("--explain"))
		}
		d.m.Packages = []deps.Package{p}
	}
	return nil
}

func (d *depsRun) lock() error {
	path, err := d.e.trustPath()
	if err != nil {
		return err
	}
	d.trust, err = ceremony.OpenTrust(path, func() {
		d.e.bar.Printf("baton: waiting for the trust store %s: another baton is using it\n", path)
	})
	if err != nil {
		return failure(err)
	}
	return nil
}

// decide asks about each package that needs a person, most urgent
// first, moves the pins consented to, and saves the store once, when
// the decisions changed it.
func (d *depsRun) decide(rows []*deps.Row) error {
	before := d.trust.Store.Marshal()
	for _, row := range rows {
		d.results = append(d.results, &depResult{row: row})
	}
	for _, r := range byUrgency(d.results) {
		d.decideOne(r)
	}
	for _, r := range d.results {
		if p, ok := d.trust.Store.Get(r.row.Package.Name); ok {
			cp := *p
			r.pinned = &cp
		}
	}
	if err := d.recordLogs(); err != nil {
		return err
	}
	if bytes.Equal(before, d.trust.Store.Marshal()) {
		return nil
	}
	if err := d.trust.Save(); err != nil {
		return failure(err)
	}
	return nil
}

// byUrgency returns rs most urgent first, as deps.Sorted orders rows.
func byUrgency(rs []*depResult) []*depResult {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b *depResult) int { return deps.Compare(a.row, b.row) })
	return out
}

// recordLogs records the log checkpoints of the packages accepted, newest
// first, so that the store keeps the newest: deps.Check proved the older
// ones prefixes of it. A checkpoint that cannot be recorded saves nothing.
func (d *depsRun) recordLogs() error {
	var proofs []*ceremony.LogProof
	for _, r := range d.results {
		if r.verdict == "ok" && r.row.Log != nil {
			proofs = append(proofs, r.row.Log)
		}
	}
	if err := ceremony.RecordLogProofs(d.trust.Store, proofs); err != nil {
		return refused(fmt.Errorf("nothing saved: %w", err), logHints(err, d.e.retry())...)
	}
	return nil
}

// decideOne decides r's package: consent and first trust asked as verify
// asks them, and the pin moved when they are given.
func (d *depsRun) decideOne(r *depResult) {
	row := r.row
	switch row.Status {
	case deps.Refused:
		r.verdict, r.reason = "refused", untrusted.SanitizeMessage(row.Err.Error())
		if isLogRefusal(row.Err) {
			r.reason = explain(row.Err) + ": " + r.reason
			r.hints = logHints(row.Err, d.e.retry())
		}
		return
	case deps.Failed:
		r.verdict, r.reason = "failed", untrusted.SanitizeMessage(row.Err.Error())
		return
	}
	v := d.tmpl
	v.pkg, v.chainPath, v.trust, v.check = row.Package.Name, d.m.Resolve(row.Package.Chain), d.trust, row.Check
	v.rep = verifyReport{}
	var err error
	switch row.Status {
	case deps.FirstTrust:
		pkgs, all := row.Check.Vouched()
		if len(pkgs) == 0 && !all && (!v.ask || d.e.tty == nil) {
			r.verdict = "undecided"
			r.reason = "compare its signatory's key with the one they published, with baton verify"
			r.hints = []string{v.wordsHint()}
			r.events = historyOf(row.Check.Result().Events)
			return
		}
		err = v.firstTrust()
	case deps.Consent:
		err = v.consentTo(row.Check.Events())
	}
	r.events, r.vouched, r.every = v.rep.Events, v.rep.VouchedBy, v.rep.EveryPackage
	if row.Status == deps.OK {
		r.events = nil
	}
	if err == nil {
		err = d.trust.Store.Accept(row.Check, v.consent)
	}
	switch code := exitCode(err); {
	case err == nil:
		r.verdict = "ok"
	case code == exitDecide:
		r.verdict, r.reason = "undecided", v.rep.Reason
		var x *exitError
		if errors.As(err, &x) {
			r.hints = x.hints
		}
	case code == exitRefused:
		r.verdict, r.reason = "refused", v.rep.Reason
	default:
		r.verdict, r.reason = "failed", err.Error()
	}
	if r.reason == "" && err != nil {
		r.reason = untrusted.SanitizeMessage(err.Error())
	}
}

func historyOf(evs []chain.Event) []eventJSON {
	var out []eventJSON
	for _, ev := range evs {
		j := eventOf(ev)
		j.Consent = "history"
		out = append(out, j.escaped())
	}
	return out
}

// parseAge reads --recent: days ("90d") or a Go duration ("36h").
func parseAge(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 36500 {
			return 0, fmt.Errorf("say a number of days such as 90d, not %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("say a number of days such as 90d, not %q", s)
	}
	return d, nil
}

// now is the time deps measures "recent" from. The test binary moves it
// (clock_test.go), so that a hand-over made now can be 10 days old; the
// shipped binary has no such hook.
var now = time.Now
