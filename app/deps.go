package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image/color"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// depsScreen is the trust report of a whole dependency set, as `baton
// deps` prints it: open a manifest (a file, or an https:// URL), every
// package's chain is verified against the trust store on every core
// (deps.Check), and the packages are listed in a table, what needs a
// person first (deps.Sorted): a hand-over or re-key in the last 90 days,
// refusals, consents waiting, packages never pinned.
//
// As `baton deps` and the Verify screen do, a package verified from its
// pin with nothing to consent to has its pin moved to the head with no
// question. Every other decision is a person's, package by package:
// selecting a row shows its timeline and events, and where a decision is
// needed, offers it: the hand-overs and re-keys after the pin are asked
// about one by one in the Verify screen's consent dialog (consentContent);
// a package never pinned whose signatory the store already trusts for
// another package is offered as such ("signed by NAME, whom you already
// trust for PKG"); any other package never pinned is handed to the Verify
// screen, chain opened, to compare its signatory's key.
//
// The check reads a snapshot of the trust store; every pin change goes
// through ceremony.UpdateTrust, which locks the store and re-reads it, and
// chain.TrustStore.Accept refuses a check made against a pin that moved
// meanwhile (ErrStale): that package is then checked again. After each
// decision the package is checked again, so its row shows the store as
// it is.
type depsScreen struct {
	st *appState

	openBtn   *widget.Button
	url       *widget.Entry
	fetchBtn  *widget.Button
	againBtn  *widget.Button
	stopBtn   *widget.Button
	source    *widget.Label // the manifest and the trust store checked
	errText   *widget.Label
	progress  *widget.ProgressBar
	busy      *fyne.Container // the progress bar and Stop, while checking
	counts    *widget.Label
	attention *widget.Label // what needs a person, most urgent first
	status    *widget.Label // the outcome of the last decision
	empty     *widget.Label
	table     *widget.Table
	root      *shownHook

	// now is the time "recent" is measured from; fetcher makes the client
	// that fetches URLs. Tests and the screenshots replace them.
	now     func() time.Time
	fetcher func() (*fetch.Client, error)

	manifest  *deps.Manifest
	logPolicy bool   // a log policy applied to the last check: each head must be proven in the log
	name      string // the manifest as opened: a path or a URL
	trustPath string
	stamp     string    // the trust store file as it was after the check
	all       []*depRow // in the manifest's order
	rows      []*depRow // as listed: most urgent first
	gen       int       // counts the checks started; a stale one's outcome is dropped
	cancel    func()    // stops the check running; nil when none runs
	dlg       dialog.Dialog
	consent   *consentPrompt // the consent dialog showing; nil otherwise
	trustAsk  *trustPrompt   // the known signatory's question showing; nil otherwise
	accepted  []chain.EventID
	detailRow *depRow // the package whose details show; nil otherwise
}

// depRow is one package's row: the check's and what the store holds.
type depRow struct {
	*deps.Row
	pin   *chain.Pin // the store's pin after the check; nil when not pinned
	moved *chain.Pin // the pin before the check moved it with no question; nil if it did not
}

// trustPrompt asks whether to trust a package never pinned because the
// store already trusts its signatory. Its safe answer, "Not now", is the
// prominent one.
type trustPrompt struct {
	dlg    *dialog.CustomDialog
	notNow *widget.Button
	trust  *widget.Button
}

// depsColumns are the table's columns.
var depsColumns = []struct {
	title string
	width float32
}{
	{"Package", 200}, {"Status", 130}, {"Signatory", 250}, {"Pin", 50}, {"Newest", 70}, {"Events", 180}, {"Log proof", 170},
}

// noLogProof is what the report says of log proofs when no log policy is
// installed, as baton deps says it.
const noLogProof = "no log proof"

// maxAttentionLines bounds the header's list: the table holds the rest,
// sorted the same way.
const maxAttentionLines = 4

func depsScreenView(st *appState) fyne.CanvasObject { return newDepsScreen(st).root }

func newDepsScreen(st *appState) *depsScreen {
	d := &depsScreen{st: st, now: time.Now, fetcher: defaultFetcher}
	d.openBtn = widget.NewButtonWithIcon("Open manifest…", theme.FolderOpenIcon(), d.askManifest)
	d.openBtn.Importance = widget.HighImportance
	d.url = widget.NewEntry()
	d.url.SetPlaceHolder("or a manifest's https:// URL")
	d.url.OnSubmitted = func(string) { d.fetchManifest() }
	d.fetchBtn = widget.NewButtonWithIcon("Fetch and check", theme.DownloadIcon(), d.fetchManifest)
	d.againBtn = widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), d.checkAgain)
	d.againBtn.Disable()
	d.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), d.stop)
	d.source = wrapped("No manifest opened yet.")
	d.errText = dangerLabel()
	d.progress = widget.NewProgressBar()
	d.busy = container.NewBorder(nil, nil, nil, d.stopBtn, d.progress)
	d.busy.Hide()
	d.counts, d.attention, d.status = wrapped(""), wrapped(""), wrapped("")
	d.counts.Hide()
	d.attention.Hide()
	d.status.Hide()
	d.empty = wrapped("A manifest lists the packages a project depends on and where their chains are (baton help deps). Open one to check them all.")
	d.empty.Importance = widget.LowImportance
	d.table = d.newTable()
	d.table.Hide()

	intro := wrapped("Every package's chain is verified against your trust store, as baton deps does. What needs you comes first; select a package for its timeline and decisions.")
	head := widget.NewCard("Dependencies", "", container.NewVBox(
		intro,
		container.NewBorder(nil, nil, d.openBtn, container.NewHBox(d.fetchBtn, d.againBtn), d.url),
		d.source, d.errText, d.busy, d.counts, d.attention, d.status))
	// The header scrolls and the table takes what the split leaves it, so
	// that the screen fits an 800×600 window however much the header says.
	split := container.NewVSplit(container.NewVScroll(head), container.NewStack(container.NewPadded(container.NewVBox(d.empty)), d.table))
	split.Offset = 0.45
	d.root = newShownHook(container.NewPadded(split), d.shown)
	return d
}

func defaultFetcher() (*fetch.Client, error) {
	dir, err := fetch.DefaultCacheDir()
	if err != nil {
		return nil, fmt.Errorf("no cache directory for fetched files: %w", err)
	}
	return fetch.New(dir, fetch.DefaultTimeout), nil
}

// newTable is the report: one row per package, a header row naming the
// columns.
func (d *depsScreen) newTable() *widget.Table {
	t := widget.NewTable(
		func() (int, int) { return len(d.rows), len(depsColumns) },
		func() fyne.CanvasObject { return newDepsCell() },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(d.rows) {
				d.fillCell(o.(*depsCell), d.rows[id.Row], id.Col)
			}
		})
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(depsColumns) {
			o.(*widget.Label).SetText(depsColumns[id.Col].title)
		}
	}
	for i, c := range depsColumns {
		t.SetColumnWidth(i, c.width)
	}
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		if id.Row >= 0 && id.Row < len(d.rows) {
			d.showDetails(d.rows[id.Row])
		}
	}
	return t
}

// askManifest asks for a manifest file and checks it.
func (d *depsScreen) askManifest() {
	askOpenPath(d.st.Window, d.openManifest, ".toml")
}

// openManifest reads the manifest at path and checks its packages.
func (d *depsScreen) openManifest(path string) { d.load(path) }

// fetchManifest fetches the manifest at the URL typed and checks its
// packages; relative locations in it are read from beside it.
func (d *depsScreen) fetchManifest() {
	raw := strings.TrimSpace(d.url.Text)
	if raw == "" {
		d.showErr("Type the manifest's https:// URL first, or open a manifest file.")
		return
	}
	if err := fetch.Check(raw); err != nil {
		d.showErr("Not fetched: " + untrusted.SanitizeMessage(err.Error()))
		return
	}
	d.load(raw)
}

// checkAgain checks the manifest last opened again, as it is now.
func (d *depsScreen) checkAgain() {
	if d.name == "" {
		return
	}
	if fetch.IsURL(d.name) {
		d.url.SetText(d.name)
		d.fetchManifest()
		return
	}
	d.openManifest(d.name)
}

// shown checks again when the trust store changed since the check: a pin
// made on the Verify screen shows here when the person comes back. The
// store's file is looked at off the UI goroutine.
func (d *depsScreen) shown() {
	if d.manifest == nil || d.cancel != nil || d.trustPath == "" {
		return
	}
	path, stamp, gen := d.trustPath, d.stamp, d.gen
	d.st.Go(func() {
		changed := trustStamp(path) != stamp
		d.st.Do(func() {
			if changed && d.gen == gen && d.cancel == nil {
				d.checkAgain()
			}
		})
	})
}

// depsOutcome is what a check off the UI goroutine found.
type depsOutcome struct {
	manifest  *deps.Manifest
	trustPath string
	rows      []*depRow // in the manifest's order
	stamp     string
	logPolicy bool  // a log policy applied
	err       error // no manifest, or no trust store: nothing was checked
	moveErr   error // the pins to move with no question could not be saved
}

// load reads the manifest at name, a path or a URL, off the UI
// goroutine, and checks every package it lists, showing the progress.
func (d *depsScreen) load(name string) {
	d.stop()
	d.closeDialogs()
	d.errText.Hide()
	d.status.Hide()
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	d.gen++
	gen := d.gen
	d.source.SetText("Reading " + untrusted.Escape(name) + " …")
	d.progress.SetValue(0)
	d.busy.Show()
	d.againBtn.Disable()
	trustPath, fetcher, opt := d.st.TrustPath, d.fetcher, d.options()
	policy := d.st.LogPolicy
	d.st.Go(func() {
		defer cancel()
		client, _ := fetcher() // without one, URLs are refused with a reason
		opt.Fetch = client
		var out depsOutcome
		out.manifest, out.err = deps.ReadManifest(ctx, client, name)
		if out.err == nil {
			last := -1
			opt.Progress = func(done, total int) {
				if pct := done * 100 / total; pct != last {
					last = pct
					d.st.Do(func() {
						if d.gen == gen {
							d.progress.Max = float64(total)
							d.progress.SetValue(float64(done))
						}
					})
				}
			}
			out = checkDeps(ctx, trustPath, policy, out.manifest, opt)
		}
		d.st.Do(func() {
			if d.gen != gen {
				return // another manifest was opened, or this check stopped
			}
			d.cancel = nil
			d.show(name, out)
		})
	})
}

// options are deps.Options for a check from the UI.
func (d *depsScreen) options() deps.Options {
	return deps.Options{Now: d.now(), Recent: deps.DefaultRecent, History: true} // the timeline shows the pinned release too
}

// stop stops the check running, if any. The packages not checked yet are
// listed as not checked.
func (d *depsScreen) stop() {
	if d.cancel != nil {
		d.cancel()
	}
}

// checkDeps checks m against a snapshot of the trust store, under the log
// policy at policyPath when there is one (each head proven in the log, as
// baton deps requires it; online, so older checkpoints are proven
// consistent), then records the log checkpoints and moves the pins of the
// packages verified from their pin with nothing to consent to, under the
// store's lock, as baton deps and the Verify screen do. A package whose
// pin moved meanwhile (ErrStale) is checked again.
func checkDeps(ctx context.Context, trustPath, policyPath func() (string, error), m *deps.Manifest, opt deps.Options) depsOutcome {
	out := depsOutcome{manifest: m}
	if out.trustPath, out.err = trustPath(); out.err != nil {
		return out
	}
	pol, err := readLogPolicy(policyPath)
	if err != nil {
		out.err = fmt.Errorf("the transparency log policy: %w", err)
		return out
	}
	if pol != nil {
		out.logPolicy, opt.Policy, opt.Consistency = true, pol, logclient.NewProver(ctx, 0).Consistent
	}
	store, err := ceremony.ReadTrust(out.trustPath)
	if err != nil {
		out.err = err
		return out
	}
	for _, r := range deps.Check(ctx, store, m, opt) {
		out.rows = append(out.rows, &depRow{Row: r})
	}
	opt.Progress = nil
	if logs := newerLogs(store, out.rows); len(logs) > 0 {
		out.moveErr = ceremony.UpdateTrust(out.trustPath, func(s *chain.TrustStore) error {
			for _, lp := range logs {
				if err := lp.Record(s); err != nil {
					return err
				}
			}
			return nil
		})
	}
	todo := out.rows
	if out.moveErr != nil {
		todo = nil // the checkpoints could not be recorded: no pin moves without them
	}
	for range 3 {
		var moving, stale []*depRow
		for _, r := range todo {
			if r.Status == deps.OK && r.Check.Head().Position != r.Check.Prior().Position {
				moving = append(moving, r)
			}
		}
		if len(moving) == 0 {
			break
		}
		err := ceremony.UpdateTrust(out.trustPath, func(s *chain.TrustStore) error {
			stale = nil
			for _, r := range moving {
				switch err := s.Accept(r.Check, chain.Consent{}); {
				case errors.Is(err, chain.ErrStale):
					stale = append(stale, r)
				case err != nil:
					return err
				}
			}
			return nil
		})
		if err != nil {
			out.moveErr = err
			break
		}
		for _, r := range moving {
			if !slices.Contains(stale, r) {
				r.moved = r.Check.Prior()
			}
		}
		if len(stale) == 0 {
			break
		}
		fresh, err := ceremony.ReadTrust(out.trustPath)
		if err != nil {
			out.moveErr = err
			break
		}
		sub := &deps.Manifest{Dir: m.Dir}
		for _, r := range stale {
			sub.Packages = append(sub.Packages, r.Package)
		}
		for i, r := range deps.Check(ctx, fresh, sub, opt) { // the pin moved, not the checkpoints: nothing more to record
			stale[i].Row = r
		}
		todo = stale
	}
	if final, err := ceremony.ReadTrust(out.trustPath); err == nil {
		for _, r := range out.rows {
			if p, ok := final.Get(r.Package.Name); ok {
				cp := *p
				r.pin = &cp
			}
		}
	}
	out.stamp = trustStamp(out.trustPath)
	return out
}

// newerLogs are the log proofs of the packages verified with nothing to
// decide whose checkpoint is newer than the one store has seen, newest
// first: the store keeps the newest (deps.Check proved the others
// prefixes of it).
func newerLogs(store *chain.TrustStore, rows []*depRow) []*ceremony.LogProof {
	var out []*ceremony.LogProof
	for _, r := range rows {
		if r.Status != deps.OK || r.Log == nil {
			continue
		}
		if seen, ok := store.Checkpoint(r.Log.Checkpoint.Origin); !ok || r.Log.Checkpoint.Size > seen.Size {
			out = append(out, r.Log)
		}
	}
	slices.SortStableFunc(out, func(a, b *ceremony.LogProof) int { return cmp.Compare(b.Checkpoint.Size, a.Checkpoint.Size) })
	return out
}

// trustStamp names the trust store file's state: its size and time.
func trustStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
}

// show lists what a check found.
func (d *depsScreen) show(name string, out depsOutcome) {
	d.busy.Hide()
	defer func() {
		if d.manifest != nil {
			d.againBtn.Enable()
		}
	}()
	if out.err != nil {
		d.showErr(untrusted.SanitizeMessage(out.err.Error()))
		if d.manifest == nil {
			d.source.SetText("No manifest opened yet.")
		} else {
			d.source.SetText(d.sourceText())
		}
		return
	}
	d.manifest, d.name, d.trustPath, d.stamp, d.logPolicy = out.manifest, name, out.trustPath, out.stamp, out.logPolicy
	d.all = out.rows
	d.source.SetText(d.sourceText())
	if out.moveErr != nil {
		d.setStatus("The pins of packages with nothing to consent to did not move: "+untrusted.SanitizeMessage(out.moveErr.Error()), widget.DangerImportance)
	}
	d.relist()
}

func (d *depsScreen) sourceText() string {
	return fmt.Sprintf("%s from %s, checked against the trust store %s.",
		countOf(len(d.manifest.Packages), "package", "packages"), untrusted.Quote(d.name), d.trustPath)
}

func (d *depsScreen) showErr(msg string) {
	d.errText.SetText(msg)
	d.errText.Show()
}

func (d *depsScreen) setStatus(msg string, imp widget.Importance) {
	d.status.Importance = imp
	d.status.SetText(msg)
	setVisible(d.status, msg != "")
}

// relist sorts the rows by urgency and shows them with the header.
func (d *depsScreen) relist() {
	d.rows = sortedRows(d.all)
	setVisible(d.empty, len(d.rows) == 0)
	setVisible(d.table, len(d.rows) > 0)
	d.table.Refresh()
	d.summarise()
}

// sortedRows orders rows as deps.Sorted does.
func sortedRows(all []*depRow) []*depRow {
	out := slices.Clone(all)
	slices.SortStableFunc(out, func(a, b *depRow) int { return deps.Compare(a.Row, b.Row) })
	return out
}

// summarise writes the header: the counts by status and what needs a
// person, most urgent first.
func (d *depsScreen) summarise() {
	counts := map[deps.Status]int{}
	var need []*depRow
	for _, r := range d.rows {
		counts[r.Status]++
		if r.NeedsAttention() {
			need = append(need, r)
		}
	}
	var parts []string
	for s := deps.OK; s <= deps.Failed; s++ {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	d.counts.SetText(strings.Join(parts, " · "))
	d.counts.Show()
	if len(need) == 0 {
		d.attention.Importance = widget.SuccessImportance
		d.attention.SetText("Nothing needs you: every package verified from your pin, with no hand-over or re-key in the last 90 days.")
		d.attention.Show()
		return
	}
	lines := []string{fmt.Sprintf("Needs attention (%d), most urgent first:", len(need))}
	for i, r := range need {
		if i == maxAttentionLines {
			lines = append(lines, fmt.Sprintf("… and %d more, listed first below.", len(need)-i))
			break
		}
		lines = append(lines, "• "+untrusted.Escape(r.Package.Name)+": "+d.attentionLine(r))
	}
	d.attention.Importance = widget.WarningImportance
	d.attention.SetText(strings.Join(lines, "\n"))
	d.attention.Show()
}

// attentionLine says in one line why a package needs a person.
func (d *depsScreen) attentionLine(r *depRow) string {
	parts := d.recentParts(r)
	switch r.Status {
	case deps.Refused:
		parts = append(parts, "REFUSED: "+d.shortReason(r.Err))
	case deps.Failed:
		parts = append(parts, "NOT CHECKED: "+d.shortReason(r.Err))
	case deps.Consent:
		parts = append(parts, fmt.Sprintf("CONSENT NEEDED: %s after your pin", countOf(len(r.Check.Events()), "change", "changes")))
	case deps.FirstTrust:
		if known := vouchedText(r); known != "" {
			parts = append(parts, "NEVER PINNED: signed by "+known)
		} else {
			parts = append(parts, "NEVER PINNED: compare its signatory's key (Verify a key)")
		}
	}
	return strings.Join(parts, "; ")
}

// recentParts name the hand-overs, re-keys and emergency switches of the
// last 90 days: "CHANGED HANDS 10 days ago (position 5, 2026-05-22)".
func (d *depsScreen) recentParts(r *depRow) []string {
	var parts []string
	for _, ev := range r.Recent {
		what := map[chain.Kind]string{chain.KindHandover: "CHANGED HANDS", chain.KindRekey: "RE-KEYED", chain.KindEmergency: "EMERGENCY SWITCH"}[ev.Entry.Kind]
		if what == "" {
			what = strings.ToUpper(untrusted.Escape(string(ev.Entry.Kind)))
		}
		parts = append(parts, fmt.Sprintf("%s %s (position %d, %s)", what, d.ago(ev.Entry.Time), ev.Position, ev.Entry.Time.UTC().Format("2006-01-02")))
	}
	return parts
}

// ago says how long before now t was: "10 days ago", "today".
func (d *depsScreen) ago(t time.Time) string {
	days := int(d.now().Sub(t).Hours() / 24)
	if days < 1 {
		return "today"
	}
	return countOf(days, "day", "days") + " ago"
}

// shortReason is an error for one line: sanitized, files named from the
// manifest's directory, and cut short.
func (d *depsScreen) shortReason(err error) string {
	if err == nil {
		return "no reason given"
	}
	s := untrusted.SanitizeMessage(err.Error())
	if d.manifest != nil && !fetch.IsURL(d.manifest.Dir) {
		s = strings.ReplaceAll(s, d.manifest.Dir+string(filepath.Separator), "")
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// vouchedText names, at first trust, whom the store already trusts the
// signatory as: `"Ada Lovelace", whom you already trust for
// example.org/hello`; "" when it trusts the signatory for nothing.
func vouchedText(r *depRow) string {
	if r.Check == nil || !r.Check.FirstTrust() {
		return ""
	}
	pkgs, all := r.Check.Vouched()
	name := untrusted.Quote(r.Check.Result().Name)
	switch {
	case all:
		return name + ", whom you trust for every package it signs"
	case len(pkgs) > 0:
		return name + ", whom you already trust for " + strings.Join(pkgs, ", ")
	}
	return ""
}

// signatoryText names a checked package's signatory, quoted: the one
// signing at the head, after the one pinned when a hand-over since the
// pin waits for consent (`"Grace Hopper" → "Bob Successor"`).
func signatoryText(r *depRow) string {
	name := untrusted.Quote(r.Check.Result().Name)
	if evs := r.Check.Events(); len(evs) > 0 && evs[0].From != r.Check.Result().Name {
		return untrusted.Quote(evs[0].From) + " → " + name
	}
	return name
}

// shownEvents are the events a row shows: those after the pin, or the
// history at first trust.
func shownEvents(r *depRow) []chain.Event {
	switch {
	case r.Check == nil:
		return nil
	case r.Check.FirstTrust():
		return r.Check.Result().Events
	}
	return r.Check.Events()
}

// fillCell shows column col of r in c.
func (d *depsScreen) fillCell(c *depsCell, r *depRow, col int) {
	if col == 1 {
		c.label.Hide()
		c.chip.set(r.Status)
		c.chipBox.Show()
		return
	}
	c.chipBox.Hide()
	text, imp := "-", widget.MediumImportance
	c.label.TextStyle = fyne.TextStyle{Bold: col == 0 && r.NeedsAttention()}
	var res *chain.Result
	if r.Check != nil {
		res = r.Check.Result()
	}
	switch col {
	case 0:
		text = untrusted.Escape(r.Package.Name)
	case 2:
		if res != nil {
			text = signatoryText(r)
		}
	case 3:
		if r.pin != nil {
			text = fmt.Sprint(r.pin.Position)
		}
	case 4:
		if n := r.Newest(); n != nil {
			text = untrusted.Escape(n.Version)
		}
	case 5:
		text = eventSummary(shownEvents(r))
		if len(r.Recent) > 0 {
			text += ", " + d.ago(r.Recent[len(r.Recent)-1].Entry.Time)
			imp = widget.WarningImportance
		}
	case 6:
		text, imp = d.logCell(r)
	}
	c.label.Importance = imp
	c.label.SetText(text)
	c.label.Show()
}

// logCell is the Log proof column: where the log holds the head, or why
// the proof was refused.
func (d *depsScreen) logCell(r *depRow) (string, widget.Importance) {
	switch {
	case !d.logPolicy:
		return noLogProof, widget.LowImportance
	case r.Log != nil:
		return fmt.Sprintf("logged #%d, %s", r.Log.Index, countOf(len(r.Log.Cosigned), "witness", "witnesses")), widget.SuccessImportance
	case r.Status == deps.Refused && errors.Is(r.Err, ceremony.ErrNoLogProof):
		return "NO PROOF", widget.DangerImportance
	case r.Status == deps.Refused && errors.Is(r.Err, tlog.ErrSplitView):
		return "SPLIT VIEW", widget.DangerImportance
	case r.Status == deps.Refused && isLogRefusal(r.Err):
		return "refused", widget.DangerImportance
	}
	return "-", widget.LowImportance
}

// logDetail is what the details say of the log proof.
func (d *depsScreen) logDetail(r *depRow) (string, widget.Importance) {
	switch {
	case !d.logPolicy:
		return loggedText(nil, d.now()), widget.LowImportance
	case r.Log != nil:
		return loggedText(r.Log, d.now()), widget.SuccessImportance
	case r.Status == deps.Refused && errors.Is(r.Err, ceremony.ErrNoLogProof):
		return logRefusalCause(errNoLogProof), widget.DangerImportance
	case r.Status == deps.Refused && isLogRefusal(r.Err):
		return logRefusalCause(r.Err), widget.DangerImportance
	}
	return "Log proof: not checked (the chain was not verified).", widget.LowImportance
}

// eventSummary counts events by kind: "1 hand-over, 2 re-keys"; "-" for
// none.
func eventSummary(evs []chain.Event) string {
	if len(evs) == 0 {
		return "-"
	}
	counts := map[chain.Kind]int{}
	var order []chain.Kind
	for _, ev := range evs {
		if counts[ev.Entry.Kind] == 0 {
			order = append(order, ev.Entry.Kind)
		}
		counts[ev.Entry.Kind]++
	}
	var parts []string
	for _, k := range order {
		name := untrusted.Escape(styleOf(k).name)
		parts = append(parts, countOf(counts[k], name, name+"s"))
	}
	return strings.Join(parts, ", ")
}

// statusColors are the chip's background and text colours of a status:
// the theme's success, warning and error colours, whose text contrast
// TestThemeTextContrast checks.
func statusColors(s deps.Status) (bg, fg fyne.ThemeColorName) {
	switch s {
	case deps.OK:
		return theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess
	case deps.Consent, deps.FirstTrust:
		return theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	}
	return theme.ColorNameError, theme.ColorNameForegroundOnError
}

// statusChip is a rounded label naming a check's status in its colour.
type statusChip struct {
	status deps.Status
	bg     *canvas.Rectangle
	text   *canvas.Text
	box    *fyne.Container
}

func newStatusChip() *statusChip {
	c := &statusChip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.White)}
	c.bg.CornerRadius = 10
	c.text.TextStyle = fyne.TextStyle{Bold: true}
	c.text.TextSize = 12
	c.box = container.NewStack(c.bg, container.New(&chipPadding{}, c.text))
	return c
}

func (c *statusChip) set(s deps.Status) {
	bg, fg := statusColors(s)
	c.status = s
	c.bg.FillColor = theme.Color(bg)
	c.text.Color = theme.Color(fg)
	c.text.Text = s.String()
	c.box.Refresh()
}

// depsCell is a cell of the report: a label, or the status chip.
type depsCell struct {
	widget.BaseWidget
	label   *widget.Label
	chip    *statusChip
	chipBox *fyne.Container
}

func newDepsCell() *depsCell {
	c := &depsCell{label: widget.NewLabel(""), chip: newStatusChip()}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.chipBox = container.NewHBox(container.NewCenter(c.chip.box))
	c.chipBox.Hide()
	c.ExtendBaseWidget(c)
	return c
}

func (c *depsCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.label, container.NewPadded(c.chipBox)))
}

// showDetails shows a package's details in a dialog: its status, its
// signatory, pin and newest release, its timeline and events with dates
// and witnesses, and the decision it needs, if any.
func (d *depsScreen) showDetails(r *depRow) {
	d.closeDialogs()
	pkg := untrusted.Escape(r.Package.Name)
	box := container.NewVBox()
	text := func(s string, imp widget.Importance) *widget.Label {
		l := wrapped(s)
		l.Importance = imp
		box.Add(l)
		return l
	}
	chip := newStatusChip()
	chip.set(r.Status)
	headline := widget.NewLabelWithStyle(d.headline(r), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	headline.Wrapping = fyne.TextWrapWord
	box.Add(container.NewBorder(nil, nil, container.NewCenter(chip.box), nil, headline))
	if r.Err != nil {
		text(untrusted.SanitizeMessage(r.Err.Error()), widget.DangerImportance)
	}
	if r.Check != nil {
		box.Add(container.NewHScroll(depsTimeline(r)))
		box.Add(timelineLegend())
		evs := shownEvents(r)
		switch {
		case len(evs) == 0:
			text("No hand-over, re-key or emergency switch "+map[bool]string{true: "in the chain.", false: "since your pin."}[r.Check.FirstTrust()], widget.MediumImportance)
		case r.Check.FirstTrust():
			box.Add(sectionLabel("History (before any pin of yours: shown, not asked about)"))
		default:
			box.Add(sectionLabel("Since your pin (each needs your consent)"))
		}
		for _, ev := range evs {
			imp := widget.MediumImportance
			if slices.ContainsFunc(r.Recent, func(e chain.Event) bool { return e.ID() == ev.ID() }) {
				imp = widget.WarningImportance
			}
			text(fmt.Sprintf("%s (%s): %s", ev.Entry.Time.UTC().Format("2006-01-02"), d.ago(ev.Entry.Time), eventText(ev)), imp)
		}
	}
	text(d.pinText(r), widget.MediumImportance)
	if n := r.Newest(); n != nil {
		s := fmt.Sprintf("Newest release: %s at position %d", untrusted.Quote(n.Version), n.Position)
		if r.Release != nil && r.Status != deps.Refused {
			s += fmt.Sprintf("; the signature of release %s verified", untrusted.Quote(r.Release.Release.Version))
		}
		text(s+".", widget.MediumImportance)
	}
	if r.Check != nil {
		res := r.Check.Result()
		s := fmt.Sprintf("Signatory: %s · id %s · %s", untrusted.Quote(res.Name), res.Head.Signatory, entryCount(res.Head.Position))
		if evs := r.Check.Events(); len(evs) > 0 && evs[0].From != res.Name {
			s = fmt.Sprintf("Signatory: %s since position %d (you pinned %s) · id %s · %s", untrusted.Quote(res.Name), evs[0].Position,
				untrusted.Quote(evs[0].From), res.Head.Signatory, entryCount(res.Head.Position))
		}
		text(s, widget.MediumImportance)
		text("Signatory key (recovery key) fingerprint words:", widget.MediumImportance)
		box.Add(widget.NewLabelWithStyle(wordLines(res.Recovery.Fingerprint()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	text(d.logDetail(r))
	text("Chain: "+untrusted.Quote(r.Package.Chain), widget.MediumImportance)
	if r.Package.Signature != "" {
		text("Release signature: "+untrusted.Quote(r.Package.Signature), widget.MediumImportance)
	}

	closeBtn := widget.NewButtonWithIcon("Close", theme.CancelIcon(), d.closeDialogs)
	buttons := []fyne.CanvasObject{closeBtn}
	if action := d.action(r); action != nil {
		buttons = append(buttons, action)
	}
	dlg := dialog.NewCustomWithoutButtons(pkg, container.NewVScroll(box), d.st.Window)
	dlg.SetButtons(buttons)
	d.dlg, d.detailRow = dlg, r
	dlg.Resize(fyne.NewSize(760, 660))
	dlg.Show()
}

// headline says in one sentence what the check came to.
func (d *depsScreen) headline(r *depRow) string {
	switch r.Status {
	case deps.OK:
		return "Verified from your pin: nothing to decide."
	case deps.Consent:
		s := "The chain changes who may sign after your pin: the pin moves only if you accept each change."
		if recent := d.recentParts(r); len(recent) > 0 {
			s = strings.Join(recent, "; ") + ". " + s
		}
		return s
	case deps.FirstTrust:
		if known := vouchedText(r); known != "" {
			return "Never pinned. It is signed by " + known + "."
		}
		return "Never pinned, and its signatory is one you trust for nothing yet: compare its key with a copy you got another way."
	case deps.Refused:
		if r.pin != nil {
			return fmt.Sprintf("Refused: install nothing from it. Your pin stays at position %d: nothing was changed.", r.pin.Position)
		}
		return "Refused: install nothing from it. Nothing was pinned."
	}
	return "Not checked: the chain or its signature could not be read. Nothing was changed."
}

// pinText says what the store holds of r's package.
func (d *depsScreen) pinText(r *depRow) string {
	switch {
	case r.moved != nil && r.pin != nil:
		return fmt.Sprintf("Pinned at position %d: the pin moved from position %d with no question, since the same signatory signed every entry after it (as baton verify does).", r.pin.Position, r.moved.Position)
	case r.pin != nil && r.Check != nil && r.Check.Head().Position != r.pin.Position:
		return fmt.Sprintf("Pinned at position %d; the chain's head is at position %d.", r.pin.Position, r.Check.Head().Position)
	case r.pin != nil:
		return fmt.Sprintf("Pinned at position %d.", r.pin.Position)
	}
	return "Not pinned."
}

// action is the decision a row needs, as a button; nil when none.
func (d *depsScreen) action(r *depRow) *widget.Button {
	var b *widget.Button
	switch r.Status {
	case deps.Consent:
		b = widget.NewButtonWithIcon("Review the changes…", theme.WarningIcon(), func() { d.askConsent(r, 0) })
	case deps.FirstTrust:
		if vouchedText(r) != "" {
			b = widget.NewButtonWithIcon("Trust its signatory for "+r.Package.Name+"…", theme.ConfirmIcon(), func() { d.askTrust(r) })
		} else {
			b = widget.NewButtonWithIcon("Compare its key on Verify…", theme.SearchIcon(), func() { d.compareOnVerify(r) })
		}
	case deps.Failed:
		b = widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), func() { d.recheck(r) })
	default:
		return nil
	}
	b.Importance = widget.HighImportance
	return b
}

// depsTimeline draws a checked chain's milestones: the genesis, the
// newest releases and the one pinned, every event and the head. Releases
// carry no time in a verification's result, so only events are dated.
func depsTimeline(r *depRow) *timeline {
	res := r.Check.Result()
	nodes := map[uint64]timelineNode{1: {Position: 1, Kind: chain.KindGenesis, Label: styleOf(chain.KindGenesis).name}}
	pinAt := uint64(0)
	if r.pin != nil {
		pinAt = r.pin.Position
	}
	for i, rel := range res.Releases {
		if i >= len(res.Releases)-4 || rel.Position == pinAt {
			nodes[rel.Position] = timelineNode{Position: rel.Position, Kind: chain.KindRelease, Label: untrusted.Escape(rel.Version)}
		}
	}
	evs := res.Events
	if len(evs) > 12 {
		evs = evs[len(evs)-12:]
	}
	for _, ev := range evs {
		nodes[ev.Position] = timelineNode{Position: ev.Position, Kind: ev.Entry.Kind, Label: styleOf(ev.Entry.Kind).name, Date: ev.Entry.Time.UTC().Format("2006-01-02")}
	}
	t := &timeline{}
	for _, p := range slices.Sorted(maps.Keys(nodes)) {
		n := nodes[p]
		n.Head = p == res.Head.Position
		t.Nodes = append(t.Nodes, n)
	}
	t.ExtendBaseWidget(t)
	return t
}

// closeDialogs hides the details, consent or trust dialog showing, with
// no answer.
func (d *depsScreen) closeDialogs() {
	d.detailRow = nil
	if d.dlg != nil {
		d.dlg.Hide()
		d.dlg = nil
	}
	if p := d.consent; p != nil {
		d.consent = nil
		p.dlg.Hide()
	}
	if p := d.trustAsk; p != nil {
		d.trustAsk = nil
		p.dlg.Hide()
	}
}

// askConsent asks about the i-th event after r's pin, then the next
// ones, in the Verify screen's consent dialog; the pin moves only when
// every one is accepted. "Not now" stops there and leaves the pin.
func (d *depsScreen) askConsent(r *depRow, i int) {
	events := r.Check.Events()
	if i == 0 {
		d.accepted = nil
	}
	d.closeDialogs()
	if i >= len(events) {
		return
	}
	ev := events[i]
	pkg := r.Package.Name
	title, action, content := consentContent(pkg, ev)
	title = fmt.Sprintf("%s (%d of %d)", title, i+1, len(events))
	p := &consentPrompt{event: ev}
	p.dlg = dialog.NewCustomWithoutButtons(title, container.NewVScroll(content), d.st.Window)
	p.notNow = widget.NewButtonWithIcon("Not now", theme.CancelIcon(), func() {
		if d.consent != p {
			return
		}
		d.closeDialogs()
		d.accepted = nil
		d.setStatus(fmt.Sprintf("%s stays pinned at position %d: you did not accept every change after it. Ask the maintainer another way whether the change is genuine, then review it again.",
			pkg, r.Check.Prior().Position), widget.WarningImportance)
	})
	p.notNow.Importance = widget.HighImportance
	p.follow = widget.NewButtonWithIcon(action, theme.WarningIcon(), func() {
		if d.consent != p {
			return
		}
		d.accepted = append(d.accepted, ev.ID())
		if i+1 < len(events) {
			d.askConsent(r, i+1)
			return
		}
		d.closeDialogs()
		head := r.Check.Head()
		d.decide(r, chain.Consent{Accepted: append([]chain.EventID(nil), d.accepted...)}, fmt.Sprintf(
			"%s was pinned at position %d; you accepted every change, and the pin moved to position %d: %s signs it now.",
			pkg, r.Check.Prior().Position, head.Position, untrusted.Quote(r.Check.Result().Name)))
	})
	p.follow.Importance = widget.DangerImportance
	p.dlg.SetButtons([]fyne.CanvasObject{p.notNow, p.follow})
	d.consent = p
	p.dlg.Resize(fyne.NewSize(640, 560))
	p.dlg.Show()
}

// askTrust asks whether to trust a package never pinned because the
// store trusts its signatory already, as baton verify asks: nothing is
// compared, since the key is the one trusted for the other package.
func (d *depsScreen) askTrust(r *depRow) {
	d.closeDialogs()
	res := r.Check.Result()
	pkg := r.Package.Name
	box := container.NewVBox()
	text := func(s string, bold bool) {
		l := wrapped(s)
		l.TextStyle = fyne.TextStyle{Bold: bold}
		box.Add(l)
	}
	text(fmt.Sprintf("%s is signed by %s (signatory %s).", pkg, vouchedText(r), res.Head.Signatory), true)
	text(fmt.Sprintf("Its chain verifies from its genesis: %s, every signature checked. Its signatory's key is the one you already trust, so there is no key to compare again: trusting it pins %s at position %d.",
		entryCount(res.Head.Position), pkg, res.Head.Position), false)
	text("Signatory key fingerprint words: "+res.Recovery.Fingerprint().WordString(), false)
	for _, ev := range res.Events {
		text("History: "+eventText(ev), false)
	}
	text("Its hand-overs and re-keys will still be asked about, package by package. Not now pins nothing.", false)
	p := &trustPrompt{}
	p.dlg = dialog.NewCustomWithoutButtons("Trust "+pkg+"?", container.NewVScroll(box), d.st.Window)
	p.notNow = widget.NewButtonWithIcon("Not now", theme.CancelIcon(), func() {
		if d.trustAsk != p {
			return
		}
		d.closeDialogs()
		d.setStatus(pkg+" is not pinned: nothing was changed.", widget.MediumImportance)
	})
	p.notNow.Importance = widget.HighImportance
	p.trust = widget.NewButtonWithIcon("Trust "+untrusted.Quote(res.Name)+" for "+pkg, theme.ConfirmIcon(), func() {
		if d.trustAsk != p {
			return
		}
		d.closeDialogs()
		d.decide(r, chain.Consent{SignatoryTrusted: true}, fmt.Sprintf("Pinned %s at position %d, signed by %s, whom you already trusted for another package.",
			pkg, res.Head.Position, untrusted.Quote(res.Name)))
	})
	p.trust.Importance = widget.WarningImportance
	p.dlg.SetButtons([]fyne.CanvasObject{p.notNow, p.trust})
	d.trustAsk = p
	p.dlg.Resize(fyne.NewSize(640, 420))
	p.dlg.Show()
	if c := d.st.Window.Canvas(); c != nil {
		c.Focus(p.notNow)
	}
}

// decide moves r's pin with the consent given, under the trust store's
// lock, off the UI goroutine, then checks the package again and shows it
// as it is. A pin that moved since the check is not overwritten
// (ErrStale): the package is checked against it and shown again.
func (d *depsScreen) decide(r *depRow, consent chain.Consent, done string) {
	check, lp, pkg := r.Check, r.Log, r.Package.Name
	d.setStatus(pkg+": pinning …", widget.MediumImportance)
	d.recheckAfter(r, func(s *chain.TrustStore) error { return acceptLogged(s, check, consent, lp) }, func(err error) {
		switch {
		case err == nil:
			d.setStatus(done, widget.SuccessImportance)
		case errors.Is(err, chain.ErrStale):
			d.setStatus(fmt.Sprintf("Nothing was pinned: another Baton changed %s's pin in the trust store since the check (%s). It was checked again against the pin as it is now: review it again.",
				pkg, untrusted.SanitizeMessage(err.Error())), widget.WarningImportance)
		default:
			d.setStatus(pkg+": "+pinFailure(err), widget.DangerImportance)
		}
	})
}

// recheck checks r's package again, as the store is now.
func (d *depsScreen) recheck(r *depRow) {
	d.closeDialogs()
	d.setStatus(r.Package.Name+": checking again …", widget.MediumImportance)
	d.recheckAfter(r, nil, func(error) { d.setStatus(r.Package.Name+" was checked again.", widget.MediumImportance) })
}

// recheckAfter applies change (nil: none) to the trust store under its
// lock, off the UI goroutine, then checks r's package again against the
// store as it is, shows it in r's place and hands change's outcome to
// report; unless another manifest was opened meanwhile.
func (d *depsScreen) recheckAfter(r *depRow, change func(*chain.TrustStore) error, report func(error)) {
	path, m, gen, opt, fetcher, policy := d.trustPath, d.manifest, d.gen, d.options(), d.fetcher, d.st.LogPolicy
	d.st.Go(func() {
		opt.Fetch, _ = fetcher()
		var err error
		if change != nil {
			err = ceremony.UpdateTrust(path, change)
		}
		out := recheckOne(path, policy, m, r.Package, opt)
		d.st.Do(func() {
			if d.gen != gen {
				return // another manifest was opened meanwhile
			}
			d.replace(r, out)
			report(err)
		})
	})
}

// recheckOne checks one package of m against the store at path.
func recheckOne(path string, policy func() (string, error), m *deps.Manifest, p deps.Package, opt deps.Options) depsOutcome {
	sub := &deps.Manifest{Dir: m.Dir, Packages: []deps.Package{p}}
	return checkDeps(context.Background(), func() (string, error) { return path, nil }, policy, sub, opt)
}

// replace puts the package checked again in old's place and lists the
// rows again.
func (d *depsScreen) replace(old *depRow, out depsOutcome) {
	if out.err != nil || len(out.rows) != 1 {
		if out.err != nil {
			d.showErr(untrusted.SanitizeMessage(out.err.Error()))
		}
		return
	}
	i := slices.Index(d.all, old)
	if i < 0 {
		return
	}
	d.all[i] = out.rows[0]
	d.stamp = out.stamp
	d.relist()
}

// compareOnVerify hands a package never pinned to the Verify screen,
// package named and chain opened (fetched first when it is a URL), to
// compare its signatory's key there.
func (d *depsScreen) compareOnVerify(r *depRow) {
	d.closeDialogs()
	pkg, loc := r.Package.Name, d.manifest.Resolve(r.Package.Chain)
	open := func(path string) {
		if !d.st.ShowScreen("verify") || d.st.verifier == nil {
			d.setStatus(fmt.Sprintf("Open Verify a key, name %s and open its chain %s to compare its signatory's key.", pkg, untrusted.Quote(path)), widget.WarningImportance)
			return
		}
		v := d.st.verifier
		v.pkg.SetText(pkg)
		v.openChain(path)
	}
	if !fetch.IsURL(loc) {
		open(loc)
		return
	}
	fetcher := d.fetcher
	d.setStatus(pkg+": fetching its chain …", widget.MediumImportance)
	d.st.Go(func() {
		var path string
		client, err := fetcher()
		if err == nil {
			path, err = client.Get(context.Background(), loc, ceremony.MaxChainFile)
		}
		d.st.Do(func() {
			if err != nil {
				d.setStatus(pkg+": "+untrusted.SanitizeMessage(err.Error()), widget.DangerImportance)
				return
			}
			d.setStatus("", widget.MediumImportance)
			open(path)
		})
	})
}
