package app

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The Dependencies screen's details of one package: its timeline,
// events, pin, signatory and log proof, and the decision it needs.

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
