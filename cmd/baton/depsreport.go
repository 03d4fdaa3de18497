package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// noLogProof is what the report says of log proofs when no log policy
// applies.
const noLogProof = "no log proof"

type depsReport struct {
	Manifest   string         `json:"manifest"`
	TrustStore string         `json:"trust_store"`
	ExitCode   int            `json:"exit_code"`
	Counts     map[string]int `json:"counts"`    // packages by verdict
	Attention  []string       `json:"attention"` // packages a person must look at, most urgent first
	Packages   []depJSON      `json:"packages"`  // in the manifest's order
}

type depJSON struct {
	Package       string       `json:"package"`
	Verdict       string       `json:"verdict"` // ok, undecided, refused or failed
	Check         string       `json:"check"`   // what the verification found: ok, consent needed, never pinned, refused, not checked
	Attention     bool         `json:"attention"`
	Signatory     string       `json:"signatory,omitempty"`
	SignatoryID   string       `json:"signatory_id,omitempty"`
	Words         string       `json:"words,omitempty"` // with --words: the signatory's key's fingerprint words
	Position      uint64       `json:"position,omitempty"`
	Pinned        bool         `json:"pinned"`
	PinPosition   uint64       `json:"pin_position,omitempty"`
	VouchedBy     []string     `json:"vouched_by,omitempty"`
	EveryPackage  bool         `json:"every_package,omitempty"`
	NewestRelease *depRelease  `json:"newest_release,omitempty"`
	Signature     string       `json:"signature_verified,omitempty"` // the release whose signed list verified
	Events        []eventJSON  `json:"events,omitempty"`             // since the pin, or history at first trust
	Recent        []recentJSON `json:"recent,omitempty"`             // events within --recent
	LogProof      string       `json:"log_proof"`                    // "logged #12, 2 of 3 witnesses", the refusal in short, or "no log proof" with no policy
	Log           *logVerdict  `json:"log,omitempty"`                // the log proof that verified
	Reason        string       `json:"reason,omitempty"`
	Hints         []string     `json:"hints,omitempty"`
}

type depRelease struct {
	Version  string `json:"version"`
	Position uint64 `json:"position"`
}

type recentJSON struct {
	Kind     string    `json:"kind"`
	Position uint64    `json:"position"`
	Time     time.Time `json:"time"`
	Days     int       `json:"days_ago"`
}

func (d *depsRun) report() error {
	e := d.e
	rep := &depsReport{Manifest: d.manifest, TrustStore: d.trust.Path, Counts: map[string]int{}, Attention: []string{}}
	worst := exitOK
	var hints []string
	for _, r := range d.results {
		j := d.describe(r)
		rep.Packages = append(rep.Packages, j)
		rep.Counts[j.Verdict]++
		code := map[string]int{"ok": exitOK, "undecided": exitDecide, "refused": exitRefused, "failed": exitFailure}[j.Verdict]
		if severity(code) > severity(worst) {
			worst = code
		}
		if len(hints) < 3 {
			hints = append(hints, r.hints...)
		}
	}
	for _, r := range byUrgency(d.results) {
		if needsHuman(r) {
			rep.Attention = append(rep.Attention, r.row.Package.Name)
		}
	}
	rep.ExitCode = worst
	var err error
	if worst != exitOK {
		err = &exitError{code: worst, err: fmt.Errorf("%d of %d packages need attention", len(rep.Attention), len(d.results)), hints: hints}
	}
	if e.g.json {
		if jerr := e.printJSON(rep); jerr != nil {
			return jerr
		}
		return err
	}
	if d.explain != "" {
		d.printExplain(e.stdout, d.results[0], rep.Packages[0])
		return err
	}
	d.printTable(e.stdout, rep)
	return err
}

// severity orders exit codes: a refusal outweighs a failure, which
// outweighs a decision left open.
func severity(code int) int {
	return map[int]int{exitOK: 0, exitDecide: 1, exitFailure: 2, exitRefused: 3}[code]
}

func needsHuman(r *depResult) bool { return r.verdict != "ok" || len(r.row.Recent) > 0 }

func (d *depsRun) describe(r *depResult) depJSON {
	row := r.row
	j := depJSON{Package: row.Package.Name, Verdict: r.verdict, Check: row.Status.String(), Attention: needsHuman(r),
		VouchedBy: r.vouched, EveryPackage: r.every, Events: r.events, LogProof: d.logText(row), Reason: untrusted.SanitizeMessage(r.reason), Hints: r.hints}
	if c := row.Check; c != nil {
		res := c.Result()
		j.Signatory, j.SignatoryID, j.Position = untrusted.Escape(res.Name), string(res.Head.Signatory), res.Head.Position
		if d.words {
			j.Words = res.Recovery.Fingerprint().WordString()
		}
	}
	if r.pinned != nil {
		j.Pinned, j.PinPosition = true, r.pinned.Position
	}
	if row.Log != nil {
		j.Log = logVerdictOf(row.Log)
	}
	if n := row.Newest(); n != nil {
		j.NewestRelease = &depRelease{Version: untrusted.Escape(n.Version), Position: n.Position}
	}
	if row.Release != nil && r.verdict != "refused" {
		j.Signature = untrusted.Escape(row.Release.Release.Version)
	}
	for _, ev := range row.Recent {
		j.Recent = append(j.Recent, recentJSON{Kind: string(ev.Entry.Kind), Position: ev.Position, Time: ev.Entry.Time, Days: int(d.now.Sub(ev.Entry.Time).Hours() / 24)})
	}
	return j
}

// logText is the row's log proof in a few words.
func (d *depsRun) logText(row *deps.Row) string {
	switch {
	case d.pol == nil:
		return noLogProof
	case row.Log != nil:
		return fmt.Sprintf("logged #%d, %d of %d witnesses", row.Log.Index, len(row.Log.Cosigned), len(d.pol.Witnesses))
	case row.Status == deps.Refused && isLogRefusal(row.Err):
		return logShort(row.Err)
	}
	return "-"
}

func (d *depsRun) printTable(w io.Writer, rep *depsReport) {
	fmt.Fprintf(w, "%s from %s, checked against %s\n", plural(len(rep.Packages), "package"), untrusted.Quote(d.manifest), rep.TrustStore)
	byName := map[string]depJSON{}
	for _, j := range rep.Packages {
		byName[j.Package] = j
	}
	if len(rep.Attention) > 0 {
		fmt.Fprintf(w, "\nNEEDS ATTENTION (%d)\n", len(rep.Attention))
		for _, name := range rep.Attention {
			fmt.Fprintf(w, "  %s  %s\n", untrusted.Escape(name), attentionLine(byName[name]))
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "PACKAGE\tVERDICT\tSIGNATORY\tPIN\tNEWEST\tEVENTS\tLOG PROOF"
	if d.words {
		head += "\tWORDS"
	}
	fmt.Fprintln(tw, head)
	for _, j := range rep.Packages {
		pin, newest, name := "-", "-", "-"
		if j.Pinned {
			pin = fmt.Sprint(j.PinPosition)
		}
		if j.NewestRelease != nil {
			newest = j.NewestRelease.Version
		}
		if j.Signatory != "" {
			name = untrusted.Quote(j.Signatory)
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s", untrusted.Escape(j.Package), j.Verdict, name, pin, newest, eventCount(j), j.LogProof)
		if d.words {
			line += "\t" + j.Words
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}

func eventCount(j depJSON) string {
	if len(j.Events) == 0 {
		return "-"
	}
	kinds := map[string]int{}
	var order []string
	for _, ev := range j.Events {
		if kinds[ev.Kind] == 0 {
			order = append(order, ev.Kind)
		}
		kinds[ev.Kind]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
	}
	return strings.Join(parts, ", ")
}

// attentionLine says in one line why a package needs a person.
func attentionLine(j depJSON) string {
	var parts []string
	for _, r := range j.Recent {
		what := map[string]string{string(chain.KindHandover): "CHANGED HANDS", string(chain.KindRekey): "RE-KEYED", string(chain.KindEmergency): "EMERGENCY SWITCH"}[r.Kind]
		parts = append(parts, fmt.Sprintf("%s %s ago (position %d, %s)", what, plural(r.Days, "day"), r.Position, when(r.Time)))
	}
	switch j.Verdict {
	case "refused":
		parts = append(parts, "REFUSED: "+j.Reason)
	case "failed":
		parts = append(parts, "NOT CHECKED: "+j.Reason)
	case "undecided":
		if j.Check == "never pinned" {
			parts = append(parts, "NEVER PINNED: "+j.Reason)
		} else {
			parts = append(parts, "CONSENT NEEDED: "+j.Reason)
		}
	case "ok":
		parts = append(parts, "consented, now pinned at "+fmt.Sprint(j.PinPosition))
	}
	return strings.Join(parts, "; ")
}

// printExplain prints one package's whole story: its signatory, pin,
// releases and events, and what was decided.
func (d *depsRun) printExplain(w io.Writer, r *depResult, j depJSON) {
	fmt.Fprintf(w, "%s: %s (check: %s)\n", untrusted.Escape(j.Package), strings.ToUpper(j.Verdict), j.Check)
	if j.Reason != "" {
		fmt.Fprintf(w, "  reason:     %s\n", j.Reason)
	}
	fmt.Fprintf(w, "  chain:      %s\n", untrusted.Quote(r.row.Package.Chain))
	if r.row.Package.Signature != "" {
		fmt.Fprintf(w, "  signature:  %s\n", untrusted.Quote(r.row.Package.Signature))
	}
	if c := r.row.Check; c != nil {
		res := c.Result()
		fmt.Fprintf(w, "  signatory:  %s (%s)\n  words:      %s\n  head:       position %d\n", untrusted.Quote(res.Name), res.Head.Signatory, res.Recovery.Fingerprint().WordString(), res.Head.Position)
		for _, rel := range res.Releases {
			fmt.Fprintf(w, "  release:    %s at position %d\n", untrusted.Quote(rel.Version), rel.Position)
		}
	}
	if j.Pinned {
		fmt.Fprintf(w, "  pinned at:  position %d\n", j.PinPosition)
	} else {
		fmt.Fprintf(w, "  pinned at:  not pinned\n")
	}
	if j.Signature != "" {
		fmt.Fprintf(w, "  signature of release %s verified\n", untrusted.Quote(j.Signature))
	}
	fmt.Fprintf(w, "  log proof:  %s\n", j.LogProof)
	if l := j.Log; l != nil {
		fmt.Fprintf(w, "  logged:     entry %d of %s, checkpoint of %d entries", l.Index, untrusted.Quote(l.Log), l.TreeSize)
		if l.PrefixOf > 0 {
			fmt.Fprintf(w, " (proven a prefix of the checkpoint of %d seen)", l.PrefixOf)
		}
		fmt.Fprintf(w, ", from %s\n", untrusted.Quote(l.Proof))
		for _, c := range r.row.Log.Cosigned {
			fmt.Fprintf(w, "  witness:    %s at %s (%s)\n", untrusted.Quote(c.Witness.KeyName()), when(c.Time), since(d.now.Sub(c.Time)))
		}
	}
	for _, ev := range j.Events {
		fmt.Fprintf(w, "\n  [%s] %s\n", ev.Consent, ev.summary(j.Package))
	}
}

// since says roughly how long ago: "just now", "5 minutes ago", "3 days ago".
func since(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour") + " ago"
	}
	return plural(int(d/(24*time.Hour)), "day") + " ago"
}
