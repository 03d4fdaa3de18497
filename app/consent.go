package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// consentPrompt is the dialog that asks about one event after the pin: a
// hand-over, a re-key or an emergency switch. Its safe answer, "Not now",
// is the prominent one; the button that follows the change is danger
// styled and names what it does.
type consentPrompt struct {
	dlg    *dialog.CustomDialog
	event  chain.Event
	notNow *widget.Button
	follow *widget.Button
}

// askConsent asks about the i-th event of the check, then the next ones;
// the pin moves only when every one is accepted. "Not now" stops there
// and leaves the pin as it is.
func (v *verifyScreen) askConsent(i int) {
	events := v.check.Events()
	if i == 0 {
		v.accepted = nil
	}
	if i >= len(events) {
		return
	}
	v.closeConsent()
	v.reviewBtn.Hide()
	ev := events[i]
	notNow := func(p *consentPrompt) {
		if v.consent != p {
			return
		}
		v.closeConsent()
		v.declined()
	}
	follow := func(p *consentPrompt) {
		if v.consent != p {
			return
		}
		v.closeConsent()
		v.accepted = append(v.accepted, ev.ID())
		if i+1 < len(events) {
			v.askConsent(i + 1)
			return
		}
		head := v.check.Head()
		v.setPinState(fmt.Sprintf("Moving the pin to position %d …", head.Position), widget.MediumImportance)
		v.accept(chain.Consent{Accepted: append([]chain.EventID(nil), v.accepted...)}, fmt.Sprintf(
			"Was pinned at position %d; you accepted every change, and the pin moved to position %d: %s signs %s now.",
			v.check.Prior().Position, head.Position, untrusted.Quote(v.result.Name), v.check.Package()))
	}
	v.consent = newConsentPrompt(v.st.Window, v.check.Package(), ev, i, len(events), notNow, follow)
	v.consent.dlg.Show()
}

// newConsentPrompt builds, hidden, the dialog about ev, the i-th of n
// events of pkg's chain; its buttons call notNow and follow with it.
func newConsentPrompt(win fyne.Window, pkg string, ev chain.Event, i, n int, notNow, follow func(*consentPrompt)) *consentPrompt {
	title, action, content := consentContent(pkg, ev)
	p := &consentPrompt{event: ev}
	p.dlg = dialog.NewCustomWithoutButtons(fmt.Sprintf("%s (%d of %d)", title, i+1, n), container.NewVScroll(content), win)
	p.notNow = widget.NewButtonWithIcon("Not now", theme.CancelIcon(), func() { notNow(p) })
	p.notNow.Importance = widget.HighImportance
	p.follow = widget.NewButtonWithIcon(action, theme.WarningIcon(), func() { follow(p) })
	p.follow.Importance = widget.DangerImportance
	p.dlg.SetButtons([]fyne.CanvasObject{p.notNow, p.follow})
	p.dlg.Resize(fyne.NewSize(640, 560))
	return p
}

// declined leaves the pin where it was and offers to ask again.
func (v *verifyScreen) declined() {
	v.accepted = nil
	v.setPinState(fmt.Sprintf("Pinned at position %d, unchanged: you did not accept every change after it, so this chain's newer entries are not trusted. "+
		"Ask the maintainer another way whether the change is genuine, then review it again.", v.check.Prior().Position), widget.WarningImportance)
	v.reviewBtn.Show()
}

// closeConsent hides the consent dialog, if one shows, with no answer.
func (v *verifyScreen) closeConsent() {
	if v.consent == nil {
		return
	}
	p := v.consent
	v.consent = nil
	p.dlg.Hide()
}

// consentContent says what an event changes: its dialog's title, the
// action its confirm button names, and the details. Every string from the
// chain is escaped or quoted.
func consentContent(pkg string, ev chain.Event) (title, action string, content fyne.CanvasObject) {
	e := ev.Entry
	box := container.NewVBox()
	text := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
		return l
	}
	bold := func(s string) *widget.Label {
		l := text(s)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	mono := func(s string) {
		l := text(s)
		l.TextStyle = fyne.TextStyle{Monospace: true}
		l.Wrapping = fyne.TextWrapBreak
	}
	key := func(what string, k *signify.PublicKey) {
		if k == nil {
			return
		}
		text(what + " fingerprint words:")
		w := bold(wordLines(k.Fingerprint()))
		w.SizeName = theme.SizeNameSubHeadingText
		text(what + ":")
		mono(k.String())
	}
	reason := "none given"
	if e.Reason != "" {
		reason = untrusted.Quote(e.Reason)
	}
	when := e.Time.UTC().Format("2006-01-02 15:04 UTC")
	switch e.Kind {
	case chain.KindHandover:
		title = "Hand-over of " + pkg
		action = "Follow " + untrusted.Escape(e.Name)
		bold(fmt.Sprintf("At position %d, %s hands %s over to a new signatory, %s. If you follow, releases signed by %s are accepted from now on, and no longer those of %s.",
			ev.Position, untrusted.Quote(ev.From), pkg, untrusted.Quote(e.Name), untrusted.Quote(e.Name), untrusted.Quote(ev.From)))
		text("New signatory: " + untrusted.Quote(e.Name))
		key("Its key (recovery key)", e.Recovery)
		if len(e.Witnesses) == 0 {
			text("Witnesses: none (no one vouched for this hand-over).")
		} else {
			text("Witnesses, who co-signed it (one per line, with their key's words):")
			for _, w := range e.Witnesses {
				text("• " + untrusted.Quote(w.Name) + ": " + w.Key.Fingerprint().WordString())
			}
		}
	case chain.KindRekey:
		title = "Re-key of " + pkg
		action = "Accept the re-key"
		bold(fmt.Sprintf("At position %d, %s replaced the release key in force with a new one, signed with the signatory's recovery key. "+
			"The replaced key (announced at position %d) no longer signs anything. The signatory stays the same.",
			ev.Position, untrusted.Quote(ev.From), ev.Position-1))
		key("New release key", e.Next)
	case chain.KindEmergency:
		title = "Emergency switch of " + pkg
		action = "Accept the emergency switch"
		bold(fmt.Sprintf("At position %d, %s revealed its post-quantum emergency key, committed to earlier, and replaced the release key in force with a new one signed by it. "+
			"The replaced key (announced at position %d) no longer signs anything.",
			ev.Position, untrusted.Quote(ev.From), ev.Position-1))
		if e.Reveal != nil {
			c := e.Reveal.Commitment()
			text(fmt.Sprintf("Emergency key: %s, SHA-256 %s", untrusted.Escape(c.Alg), c.Hash))
		}
		key("New release key", e.Next)
	default:
		title = fmt.Sprintf("%s entry of %s", untrusted.Escape(string(e.Kind)), pkg)
		action = "Accept this change"
		bold(fmt.Sprintf("At position %d the chain changes who may sign (%s).", ev.Position, untrusted.Escape(string(e.Kind))))
	}
	text("Reason: " + reason)
	text("Time: " + when)
	text(fmt.Sprintf("Entry: %s", ev.ID()))
	text("Follow only if you expected this change, for example because the maintainer announced it where you got their key. Not now leaves your pin as it is.")
	return title, action, box
}
