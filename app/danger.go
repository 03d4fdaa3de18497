package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// choice is a question with two named answers: the safe one, which is
// the default (focused when the dialog opens, so Enter or Space picks it,
// and what closing the dialog means), and the action, styled as danger
// when it cannot be undone. Generic "Yes"/"No" with Yes as the default
// invited a reflex Enter on "Delete the secret keys?".
type choice struct {
	title, message string
	action, safe   string // button labels: "Delete K1's secret", "Keep K1"
	danger         bool   // the action is irreversible
}

// choiceDialog is a choice on screen.
type choiceDialog struct {
	title     string
	dialog    dialog.Dialog
	actionBtn *widget.Button
	safeBtn   *widget.Button
}

// showChoice shows c on win and calls answer once: true for the action,
// false for the safe choice or a dialog closed otherwise.
func showChoice(win fyne.Window, c choice, answer func(action bool)) *choiceDialog {
	d := &choiceDialog{title: c.title}
	answered := false
	reply := func(action bool) {
		if answered {
			return
		}
		answered = true
		d.dialog.Hide()
		answer(action)
	}
	d.actionBtn = widget.NewButton(c.action, func() { reply(true) })
	if c.danger {
		d.actionBtn.Importance = widget.DangerImportance
		d.actionBtn.SetIcon(theme.WarningIcon())
	}
	d.safeBtn = widget.NewButton(c.safe, func() { reply(false) })
	d.safeBtn.Importance = widget.HighImportance
	l := widget.NewLabel(c.message)
	l.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(480, l.MinSize().Height*4), l)
	// The action at the leading edge, the safe choice where a dialog's
	// default usually sits.
	content := container.NewBorder(nil, container.NewHBox(d.actionBtn, layout.NewSpacer(), d.safeBtn), nil, nil, body)
	d.dialog = dialog.NewCustomWithoutButtons(c.title, content, win)
	d.dialog.SetOnClosed(func() { reply(false) })
	d.dialog.Show()
	win.Canvas().Focus(d.safeBtn)
	return d
}

// choiceFor words a ceremony's yes/no question that comes as text: Yes
// and No, with No the default. Irreversible questions come typed and are
// worded by their own functions (retireChoice).
func choiceFor(question string) choice {
	return choice{title: "The ceremony asks", message: question, action: "Yes", safe: "No"}
}

// retireChoice words the re-key's question before it deletes the replaced
// key's secret: it names the action, says whether a restore-tested backup
// of the key exists, and keeps the key by default. p, when not nil, is
// the package re-keyed.
func retireChoice(q ceremony.RetireQuestion, p *ceremony.Package) choice {
	return choice{
		title:   "Delete " + q.Label + "'s secret?",
		message: q.String() + "\n\n" + backupState(p, q.Label),
		action:  "Delete " + q.Label + "'s secret",
		safe:    "Keep " + q.Label,
		danger:  true,
	}
}

// backupState says whether a restore-tested backup of label exists.
func backupState(p *ceremony.Package, label string) string {
	if p == nil {
		return "Whether a backup of " + label + " exists is unknown."
	}
	recs, err := p.Backups()
	if err != nil {
		return "The backup records cannot be read: " + err.Error()
	}
	var last *ceremony.BackupRecord
	for i, r := range recs {
		if r.Label == label && r.RestoreTested && r.Destroyed == nil {
			last = &recs[i]
		}
	}
	if last == nil {
		return "No restore-tested backup of " + label + " exists: once deleted, this secret is gone for good."
	}
	return fmt.Sprintf("A restore-tested backup of %s exists (%s, %s).", label, last.Kind, last.Time.Local().Format(time.DateOnly))
}
