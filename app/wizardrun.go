package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

func (w *wizard) buildRun() {
	w.steps = newStepper(w.form.stepTitles(), false)
	w.nextStep = widget.NewLabel("")
	w.nextStep.TextStyle = fyne.TextStyle{Italic: true}
	w.progress = widget.NewProgressBar()
	w.progLabel = widget.NewLabel("")
	w.warning = widget.NewLabel("")
	w.warning.Importance = widget.WarningImportance
	w.warning.Wrapping = fyne.TextWrapWord
	w.warning.Hide()
	w.log = widget.NewLabel("")
	w.log.TextStyle = fyne.TextStyle{Monospace: true}
	w.log.Wrapping = fyne.TextWrapWord
	w.runErr = dangerLabel()
	w.runErr.TextStyle = fyne.TextStyle{Bold: true}
	w.cancelBtn = widget.NewButtonWithIcon("Cancel…", theme.CancelIcon(), w.askCancel)
	retry := widget.NewButtonWithIcon("Back to the passphrase", theme.NavigateBackIcon(), func() { w.show(pagePassphrase) })
	closeBtn := widget.NewButtonWithIcon("Close", theme.CancelIcon(), w.close)
	w.afterFail = container.NewHBox(retry, closeBtn)
	w.afterFail.Hide()

	// One scrolling column: wrapped labels get their height from the
	// column's width, so long warnings and errors never overlap the log.
	page := container.NewVBox(w.steps.box, w.nextStep, w.progLabel, w.progress, w.warning, w.runErr,
		widget.NewCard("", "Log", w.log))
	// Cancel sits at the leading edge, not where Start was: a double click
	// on Start must not cancel the ceremony it started.
	bar := container.NewHBox(w.cancelBtn, layout.NewSpacer(), w.afterFail)
	w.setPage(pageRun, container.NewBorder(nil, bar, nil, nil, container.NewVScroll(page)))
}

// start runs the ceremony on a goroutine: the passphrase entered is handed
// to it, its questions become dialogs, its progress the bar, its messages
// the stepper and the log. A desktop notification says when it ends.
func (w *wizard) start() {
	v := w.st.Vault
	if v == nil && !w.isSolo() {
		w.passErr.SetText("No vault is open.")
		w.passErr.Show()
		return
	}
	if w.onlineAsk(v) {
		return
	}
	w.run(v)
}

// onlineAsk asks, when the machine is online and Preferences → Offline
// does not refuse that anyway, whether to run this ceremony online; the
// answer holds for this run only. It reports whether it asked (the
// answer starts the ceremony or not).
func (w *wizard) onlineAsk(v *ceremony.Vault) bool {
	if v == nil || w.isSolo() || w.st.Prefs.Bool(prefRequireOffline) {
		return false // a solo move has no vault; Offline makes the ceremony refuse
	}
	r, err := w.st.Readiness(v, ceremony.Options{})
	if err != nil || r.Offline() {
		return false // the ceremony's own readiness step reports the error
	}
	w.choose(&w.online, choice{
		title: "This machine is online",
		message: fmt.Sprintf("Network up: %s.\nKey ceremonies belong on an offline machine: a secret key made or opened here could leak. "+
			"Unplug the network or disable the interfaces, then start again. Running online anyway is recorded in the transcript.",
			strings.Join(r.Online, "; ")),
		action: "Run online anyway",
		safe:   "Do not start",
		danger: true,
	}, func(anyway bool) {
		if anyway {
			w.run(v)
		}
	})
	return true
}

// choose shows c as the wizard's dialog *slot, which wizard.status names
// in the window's title while it shows, and calls answer once, as
// showChoice does, with *slot cleared. It returns the dialog.
func (w *wizard) choose(slot **choiceDialog, c choice, answer func(action bool)) *choiceDialog {
	d := showChoice(w.st.Window, c, func(action bool) {
		*slot = nil
		answer(action)
		w.st.retitle()
	})
	*slot = d
	w.st.retitle()
	return d
}

// run runs the ceremony (see start).
func (w *wizard) run(v *ceremony.Vault) {
	operator := strings.TrimSpace(w.operator.Text)
	w.st.Prefs.SetString(prefOperator, operator)
	opts := w.st.options(operator, w.witnessList())
	pass := w.pass.Text
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	ui := w.ceremonyUI(ctx, pass, w.newPass)

	w.running, w.err, w.outcome, w.transcript = true, nil, nil, ""
	w.steps.reset(w.form.stepTitles())
	w.nextStep.SetText("")
	w.progress.SetValue(0)
	w.progLabel.SetText("")
	w.warning.Hide()
	w.runErr.Hide()
	w.afterFail.Hide()
	w.logLines = nil
	w.log.SetText("")
	w.cancelBtn.Enable()
	w.cancelBtn.Show()
	w.show(pageRun)

	form, notifier := w.form, w.st.Notify
	name, pkg := form.name(), form.pkg()
	if q, ok := form.(questioner); ok {
		q.useAsk(func(question string, word func(*ceremony.Package) choice) (bool, error) {
			return w.askChoice(ctx, question, word)
		})
	}
	w.st.Go(func() {
		defer cancel()
		out, err := form.run(ctx, v, ui, opts)
		var text string
		switch r, ok := form.(resulter); {
		case err != nil:
		case out.Transcript == "" && ok:
			text = r.result(out)
		default:
			if _, text, err = v.Package(pkg).OpenTranscript(out.Transcript); err != nil {
				err = fmt.Errorf("the ceremony finished, but its transcript cannot be read: %w", err)
			}
		}
		w.st.Do(func() { w.ended(out, text, err) })
		title := fmt.Sprintf("%s ceremony for %s finished", name, pkg)
		if err != nil {
			title = fmt.Sprintf("%s ceremony for %s stopped", name, pkg)
		}
		msg := "The signed transcript is ready."
		if out != nil && out.Transcript == "" {
			msg = "Done."
		}
		if err != nil {
			msg = err.Error()
		}
		notify(notifier, title, msg, notifyTimeout)
	})
}

// ceremonyUI is the bridge from the ceremony's goroutine to the window.
//
// askedTwice says whether the passphrase was typed twice; a ceremony that
// wants a new passphrase gets none that was typed once.
func (w *wizard) ceremonyUI(ctx context.Context, pass string, askedTwice bool) *ceremony.UI {
	return &ceremony.UI{
		Passphrase: func(prompt string, confirm bool) ([]byte, error) {
			if pass == "" {
				return nil, errors.New("no passphrase was entered")
			}
			if confirm && !askedTwice {
				return nil, fmt.Errorf("the ceremony needs a new passphrase typed twice (%s), but it was typed once: go back and run it again", prompt)
			}
			return []byte(pass), nil // a fresh copy: the ceremony wipes it
		},
		Confirm: func(q string) (bool, error) { return w.ask(ctx, q) },
		Progress: func(label string, done, total int64) {
			w.st.Do(func() { w.setProgress(label, done, total) })
		},
		Step: func(i, n int, title string) {
			w.st.Do(func() { w.stepped(i, n, title) })
		},
		Message: func(l ceremony.Level, text string) {
			w.st.Do(func() { w.message(l, text) })
		},
		Warn: func(warning error) {
			text := warningText(warning)
			w.st.Do(func() { w.message(ceremony.Warning, text) })
		},
	}
}

// warningText words a ceremony's typed warning for the app's users.
func warningText(warning error) string {
	var online *ceremony.OnlineWarning
	if errors.As(warning, &online) {
		return fmt.Sprintf("WARNING: this machine is ONLINE (%s). Key ceremonies belong on an offline machine; Preferences → Offline makes this an error.",
			strings.Join(online.Interfaces, "; "))
	}
	return warning.Error()
}

// ask shows question in a dialog and waits, on the ceremony's goroutine,
// for the answer; cancelling the ceremony closes the dialog.
func (w *wizard) ask(ctx context.Context, question string) (bool, error) {
	return w.askChoice(ctx, question, func(*ceremony.Package) choice { return choiceFor(question) })
}

// askChoice shows the choice word makes (given the package the ceremony
// works on, or nil) and waits, on the ceremony's goroutine, for the
// answer: true for its action. question is the question's text, for the
// log. Cancelling the ceremony closes the dialog.
func (w *wizard) askChoice(ctx context.Context, question string, word func(p *ceremony.Package) choice) (bool, error) {
	answer := make(chan bool, 1)
	var d dialog.Dialog
	w.st.DoAndWait(func() {
		send := func(yes bool) {
			select {
			case answer <- yes:
			default: // answered already; Hide reports a "no" again
			}
		}
		var p *ceremony.Package
		if w.st.Vault != nil && !w.isSolo() {
			p = w.st.Vault.Package(w.form.pkg())
		}
		// The safe answer is the default; an irreversible one is named.
		d = w.choose(&w.question, word(p), send).dialog
		w.answer = func(yes bool) {
			send(yes)
			d.Hide()
		}
		w.appendLog("? " + question)
		if w.onPrompt != nil {
			w.onPrompt(question)
		}
	})
	select {
	case yes := <-answer:
		w.st.Do(func() {
			w.answer = nil
			w.appendLog(fmt.Sprintf("  answered %s", map[bool]string{true: "yes", false: "no"}[yes]))
		})
		return yes, nil
	case <-ctx.Done():
		w.st.Do(func() {
			w.answer = nil
			d.Hide() // the dialog's answer clears w.question
		})
		return false, ctx.Err()
	}
}

func (w *wizard) setProgress(label string, done, total int64) {
	if total <= 0 {
		return
	}
	w.progLabel.SetText(fmt.Sprintf("%s: %s of %s", label, byteSize(done), byteSize(total)))
	w.progress.SetValue(float64(done) / float64(total))
}

// stepped follows the ceremony's announcement that step i of n starts.
func (w *wizard) stepped(i, n int, title string) {
	w.steps.announce(i-1, n, title)
	w.nextStep.Show()
	if next := w.steps.next(); next != "" {
		w.nextStep.SetText("Next: " + next)
	} else {
		w.nextStep.SetText("Next: sign the transcript")
	}
	w.appendLog(fmt.Sprintf("step %d of %d: %s", i, n, title))
}

// message shows a warning and logs every message.
func (w *wizard) message(l ceremony.Level, text string) {
	if l == ceremony.Warning {
		w.warning.SetText(text)
		w.warning.Show()
		w.appendLog("! " + text)
		return
	}
	w.appendLog(text)
}

func (w *wizard) appendLog(line string) {
	w.logLines = append(w.logLines, line)
	w.log.SetText(strings.Join(w.logLines, "\n"))
}

// askCancel asks before cancelling the running ceremony; keeping it
// running is the default.
func (w *wizard) askCancel() {
	if !w.running {
		return
	}
	w.choose(&w.cancelAsk, choice{
		title:   "Cancel the ceremony?",
		message: "The ceremony stops at the next safe point. What was done stays journalled: run it again with the same details to resume it, or abort it under Ceremonies.",
		action:  "Cancel the ceremony",
		safe:    "Keep running",
		danger:  true,
	}, func(cancel bool) {
		if cancel {
			w.cancelRun()
		}
	})
}

// cancelRun cancels the running ceremony; it stops between steps (or
// within hashing), and what was done stays journalled for a resume.
func (w *wizard) cancelRun() {
	if w.cancel != nil && w.running {
		w.cancel()
		w.cancelBtn.Disable()
		w.appendLog("cancelling…")
		if w.answer != nil {
			w.answer(false)
		}
	}
}

// ended shows the outcome: the transcript, or what went wrong.
func (w *wizard) ended(out *ceremony.Outcome, text string, err error) {
	w.running = false
	w.cancelBtn.Hide()
	w.pass.SetText("")
	w.pass2.SetText("")
	w.err = err
	defer w.st.Changed() // the chain and the keys changed
	if err != nil {
		w.steps.fail()
		w.nextStep.SetText("")
		w.nextStep.Hide()
		w.runErr.SetText(w.failureText(err))
		w.runErr.Show()
		w.afterFail.Show()
		w.appendLog("stopped: " + err.Error())
		w.st.retitle()
		return
	}
	w.steps.finish()
	w.nextStep.Hide()
	w.progress.SetValue(1)
	w.outcome, w.transcript = out, text
	w.showTranscript()
	w.nudgeBackup()
}

// failureText explains a ceremony's error: the form's own words where it
// has them (see failureExplainer), else failureText's.
func (w *wizard) failureText(err error) string {
	if fe, ok := w.form.(failureExplainer); ok {
		if s := fe.failureText(err); s != "" {
			return s
		}
	}
	return failureText(err)
}

// failureText explains a ceremony's error, naming the usual causes.
func failureText(err error) string {
	switch {
	case errors.Is(err, signify.ErrWrongPassphrase):
		return "Wrong passphrase: the key in the vault does not open with it. Go back and enter it again; the ceremony resumes where it stopped.\n(" + err.Error() + ")"
	case errors.Is(err, context.Canceled):
		return "Cancelled. What was done is journalled: run the ceremony again with the same details to resume it, or abort it under Ceremonies."
	case errors.Is(err, ceremony.ErrUnfinished):
		var ue *ceremony.UnfinishedError
		if errors.As(err, &ue) {
			return fmt.Sprintf("Another ceremony is unfinished for %s: the %s ceremony started %s. Run it again under Ceremonies with the same details to resume it, or abort it there.",
				ue.Package, ue.Ceremony, ue.Started.Local().Format("2 Jan 2006 15:04"))
		}
		return "Another ceremony is unfinished for this package: " + err.Error()
	}
	return "The ceremony stopped: " + err.Error()
}

// byteSize formats a byte count for people.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// nudgeBackup ends a genesis with "Back up now": the new keys exist only
// in the vault until a restore-tested backup proves a copy.
func (w *wizard) nudgeBackup() {
	if w.form.name() != "genesis" || w.st.Window == nil {
		return
	}
	pkg := w.form.pkg()
	d := w.choose(&w.backupAsk, choice{
		title: "Back up the new keys now",
		message: "The keys of " + pkg + " exist only in this vault. If its disk fails, the recovery key is gone and the chain can never be re-keyed. " +
			"Back them up now (key file copies, paper or recovery shares); every backup is restore-tested.",
		action: "Back up now",
		safe:   "Later",
	}, func(now bool) {
		if !now {
			return
		}
		st := w.st
		w.close()
		st.SelectPackage(pkg)
		st.openCeremony(func(st *appState) ceremonyForm { return newKeyBackupForm(st, false) })
	})
	d.actionBtn.Importance = widget.HighImportance
	d.safeBtn.Importance = widget.MediumImportance
	d.actionBtn.Refresh()
	d.safeBtn.Refresh()
}
