package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
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
