package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// The wizard's pages.
const (
	pageDetails = iota
	pagePassphrase
	pageRun
	pageTranscript
)

var pageTitles = []string{"Details", "Passphrase", "Ceremony", "Transcript"}

// prefOperator remembers the last operator's name.
const prefOperator = "operator"

// wizard walks a person through one ceremony: the details, the
// passphrase, the ceremony's own steps as they run, and the signed
// transcript. A stepper on top shows where they are.
type wizard struct {
	st    *appState
	form  ceremonyForm
	pages *stepper
	body  *fyne.Container
	page  int
	root  fyne.CanvasObject

	// Details.
	operator      *widget.Entry
	witnesses     *widget.Entry
	formErr       *widget.Label
	newPass       bool // a new passphrase is asked, twice (form.newPassphrase when the page was built)
	introLabel    *widget.Label
	checking      *widget.Label       // shown while a slowCheck runs
	detailsInputs []fyne.CanvasObject // what freeze disables while a slowCheck runs
	nextBtn       *widget.Button

	// Passphrase.
	pass    *guardedEntry // guarded: the key that pressed Next never lands here (keyguard.go)
	pass2   *guardedEntry
	meter   *strengthMeter
	suggest *passphraseSuggester // a generated passphrase, offered for a new one
	passErr *widget.Label

	// Ceremony.
	steps     *stepper
	nextStep  *widget.Label
	progress  *widget.ProgressBar
	progLabel *widget.Label
	warning   *widget.Label
	log       *widget.Label
	logLines  []string
	runErr    *widget.Label
	cancelBtn *widget.Button
	afterFail *fyne.Container
	cancel    context.CancelFunc
	running   bool
	err       error // the ceremony's error, once it failed

	// Transcript.
	outcome     *ceremony.Outcome
	transcript  string
	transView   *widget.Label
	doneHeading *widget.Label // over the transcript (or a solo move's result)
	doneNote    *widget.Label
	doneSteps   *stepper // the ceremony's steps, all ticked, beside the transcript
	saved       *widget.Label
	printBtn    *widget.Button
	done        *fyne.Container // the transcript page: the transcript, or publish in front of it (publish.go)
	publish     *publishPage    // genesis and release end on what to publish (publish.go)
	publishBtn  *widget.Button  // back to it from the transcript
	review      *reviewPage     // the release's files reviewed before the passphrase (review.go)

	online    *choiceDialog // "run online anyway?", while it shows
	question  *choiceDialog // the ceremony's question, while it shows
	cancelAsk *choiceDialog // "cancel the ceremony?", while it shows
	backupAsk *choiceDialog // "back up now?" after a genesis, while it shows

	help *widget.RichText // the help page shown last (tests read it)

	onClose  func()         // back to the list of ceremonies
	onPrompt func(q string) // test hook: a confirmation dialog is showing
	answer   func(yes bool) // answers the confirmation dialog showing
}

func newWizard(st *appState, form ceremonyForm, onClose func()) *wizard {
	w := &wizard{st: st, form: form, onClose: onClose}
	w.pages = newStepper(pageTitles, true)
	w.body = container.NewStack()
	w.buildDetails()
	w.buildPassphrase()
	w.buildRun()
	w.buildTranscript()

	heading := widget.NewLabelWithStyle(form.title(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	help := widget.NewButtonWithIcon("Help", theme.HelpIcon(), w.showHelp)
	help.Importance = widget.LowImportance
	top := container.NewVBox(container.NewBorder(nil, nil, nil, help, heading), w.pages.box, widget.NewSeparator())
	w.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewPadded(w.body))
	w.show(pageDetails)
	return w
}

// setPage installs page i's content.
func (w *wizard) setPage(i int, o fyne.CanvasObject) {
	for len(w.body.Objects) <= i {
		w.body.Objects = append(w.body.Objects, container.NewStack())
	}
	w.body.Objects[i] = o
}

// show switches to page i.
func (w *wizard) show(i int) {
	w.page = i
	for j, o := range w.body.Objects {
		setVisible(o, j == i)
	}
	w.pages.at(i)
	if i == pageTranscript {
		w.pages.finish()
	}
	w.body.Refresh()
	w.st.retitle()
}

// status names what the wizard shows, for the window's title ("Release:
// review"): a person going back to the window among others, a screen
// reader, or a script that started the wizard (baton-gui release) and
// waits for a page reads where it is. A question on top is named first.
func (w *wizard) status() string {
	for _, d := range []*choiceDialog{w.online, w.question, w.cancelAsk, w.backupAsk} {
		if d != nil {
			return w.form.title() + ": " + d.title
		}
	}
	what := ""
	switch w.page {
	case pageDetails:
		what = "details"
	case pageReview:
		what = "review"
		if r := w.review; r != nil && r.scan == nil && !r.err.Visible() {
			what = "reading the files"
		}
	case pagePassphrase:
		what = "passphrase"
	case pageRun:
		what = "running"
		if !w.running {
			what = "stopped"
		}
	case pageTranscript:
		what = "done"
	}
	return w.form.title() + ": " + what
}

// buttons lays out a page's buttons at its bottom right.
func buttons(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, objs...)...)
}

func (w *wizard) buildDetails() {
	w.operator = widget.NewEntry()
	w.operator.SetText(w.st.Prefs.String(prefOperator))
	w.operator.SetPlaceHolder("who runs this ceremony (recorded in the transcript)")
	w.witnesses = widget.NewEntry()
	w.witnesses.SetPlaceHolder("who watches, separated by commas (optional)")
	w.formErr = dangerLabel()
	w.checking = widget.NewLabel("Checking the files…")
	w.checking.Hide()

	items := w.form.items()
	if !w.isSolo() {
		items = append(items, widget.NewFormItem("Operator", w.operator), widget.NewFormItem("Witnesses", w.witnesses))
	}
	form := widget.NewForm(items...)

	w.introLabel = widget.NewLabel(w.intro())
	w.introLabel.Wrapping = fyne.TextWrapWord
	back := widget.NewButtonWithIcon("Ceremonies", theme.NavigateBackIcon(), w.close)
	w.nextBtn = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), w.detailsDone)
	w.nextBtn.Importance = widget.HighImportance
	w.detailsInputs = []fyne.CanvasObject{back, w.nextBtn}
	for _, it := range items {
		w.detailsInputs = append(w.detailsInputs, it.Widget)
	}
	w.setPage(pageDetails, container.NewBorder(nil, buttons(back, w.nextBtn), nil, nil,
		container.NewVScroll(container.NewVBox(w.introLabel, form, w.checking, w.formErr))))
}

// isSolo reports whether the form is one person's move outside a vault
// ceremony (see solo).
func (w *wizard) isSolo() bool {
	_, ok := w.form.(solo)
	return ok
}

// intro says what the ceremony will do.
func (w *wizard) intro() string {
	s := "The ceremony will: " + strings.Join(w.form.stepTitles(), "; ") + "; then sign a transcript."
	if w.isSolo() {
		s = "This will: " + strings.Join(w.form.stepTitles(), "; ") + "."
	}
	if w.st.Demo && !w.isSolo() { // a solo move uses a key of its own
		s += "\nThis is the DEMO vault: what you make here protects nothing."
	}
	return s
}

// detailsDone checks the details and moves on to the passphrase.
func (w *wizard) detailsDone() {
	err := w.form.validate()
	w.introLabel.SetText(w.intro()) // the steps may follow the details (M of N, test only)
	if err == nil {
		err = w.checkPeople()
	}
	if err != nil {
		w.detailsErr(err)
		return
	}
	sc, ok := w.form.(slowChecker)
	if !ok {
		w.toPassphrase()
		return
	}
	// Reading files (photos of share sheets, say) can take seconds: off
	// the UI goroutine, with the details frozen meanwhile (what is checked
	// is what goes on), Next and Back included.
	check := sc.slowCheck()
	w.formErr.Hide()
	thaw := freeze(w.detailsInputs)
	w.checking.Show()
	w.st.Go(func() {
		err := check()
		w.st.Do(func() {
			thaw()
			w.checking.Hide()
			if err != nil {
				w.detailsErr(err)
				return
			}
			w.toPassphrase()
		})
	})
}

// freeze disables every input under objs that is enabled, and returns
// what enables them again.
func freeze(objs []fyne.CanvasObject) (thaw func()) {
	var frozen []fyne.Disableable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if d, ok := o.(fyne.Disableable); ok {
			if !d.Disabled() {
				d.Disable()
				frozen = append(frozen, d)
			}
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, o := range c.Objects {
				walk(o)
			}
		}
	}
	for _, o := range objs {
		walk(o)
	}
	return func() {
		for _, d := range frozen {
			d.Enable()
		}
	}
}

// detailsErr shows what is wrong with the details.
func (w *wizard) detailsErr(err error) {
	w.formErr.SetText(err.Error())
	w.formErr.Show()
}

// toPassphrase moves on from accepted details to the passphrase.
func (w *wizard) toPassphrase() {
	if w.reviewFirst() { // a release is reviewed first (review.go)
		return
	}
	w.formErr.Hide()
	w.buildPassphrase() // whether a new passphrase is asked may follow the details
	w.show(pagePassphrase)
	w.st.Window.Canvas().Focus(w.pass)
}

func (w *wizard) checkPeople() error {
	if w.isSolo() {
		return nil
	}
	op := strings.TrimSpace(w.operator.Text)
	if op == "" {
		return errors.New("operator: the transcript records who ran the ceremony; give a name")
	}
	if err := chain.CheckName(op); err != nil {
		return fmt.Errorf("operator: %w", err)
	}
	for _, wit := range w.witnessList() {
		if err := chain.CheckName(wit); err != nil {
			return fmt.Errorf("witness %q: %w", wit, err)
		}
	}
	return nil
}

func (w *wizard) witnessList() []string {
	var out []string
	for _, s := range strings.Split(w.witnesses.Text, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (w *wizard) buildPassphrase() {
	w.newPass = w.form.newPassphrase() // asked once: the answer may read the disk
	w.pass = newGuardedPasswordEntry()
	w.pass2 = newGuardedPasswordEntry()
	w.meter = newStrengthMeter()
	w.suggest = newPassphraseSuggester(func(p string) {
		w.pass.SetText(p)
		w.pass2.SetText(p)
	})
	w.passErr = dangerLabel()
	w.pass.OnChanged = func(s string) { w.rate() }
	w.pass2.OnChanged = func(string) { w.passErr.Hide() }
	w.pass2.OnSubmitted = func(string) { w.startIfReady() }

	var fields *widget.Form
	var explain string
	if w.newPass {
		w.pass.SetPlaceHolder("a new passphrase for every key of this package")
		w.pass2.SetPlaceHolder("the same passphrase again")
		fields = widget.NewForm(
			widget.NewFormItem("New passphrase", w.pass),
			widget.NewFormItem("Strength", w.meter.box),
			widget.NewFormItem("Once more", w.pass2),
			widget.NewFormItem("Or", w.suggest.box),
		)
		explain = "Every secret key of the package is encrypted with this passphrase (bcrypt_pbkdf, as signify does). A few random words are best; it must rate at least \"good\"."
	} else {
		w.pass.SetPlaceHolder("the passphrase of this package's keys")
		w.pass.OnSubmitted = func(string) { w.startIfReady() }
		fields = widget.NewForm(widget.NewFormItem("Passphrase", w.pass))
		explain = "The passphrase that protects this package's keys: the key in force signs the release, the new spare key is encrypted with it."
		if h, ok := w.form.(passphraseHelper); ok {
			explain = h.passphraseHelp()
		}
	}
	if w.st.Demo && !w.isSolo() { // a solo move uses a key of its own
		explain += "\nDemo vault: its passphrase is \u201c" + ceremony.DemoPassphrase + "\u201d, and any passphrase is accepted for new keys."
	}
	explain = w.intro() + "\n\n" + explain
	l := widget.NewLabel(explain)
	l.Wrapping = fyne.TextWrapWord
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { w.show(pageDetails) })
	start := widget.NewButtonWithIcon("Start the ceremony", theme.MediaPlayIcon(), w.startIfReady)
	start.Importance = widget.HighImportance
	w.setPage(pagePassphrase, container.NewBorder(nil, buttons(back, start), nil, nil,
		container.NewVScroll(container.NewVBox(l, fields, w.passErr))))
}

// rate shows the new passphrase's strength.
func (w *wizard) rate() {
	w.passErr.Hide()
	if !w.newPass {
		return
	}
	if w.pass.Text == "" {
		w.meter.set(-1)
		return
	}
	w.meter.show(ratePassphrase(w.pass.Text, w.hints()))
}

// hints are what a new passphrase must not lean on: the form's (the
// package, the signatory's name), the operator and the witnesses;
// userWords splits them into words.
func (w *wizard) hints() []string {
	return append(append(w.form.hints(), w.operator.Text), w.witnessList()...)
}

// checkPassphrase says what is wrong with the entered passphrase, if
// anything.
func (w *wizard) checkPassphrase() error {
	p := w.pass.Text
	if p == "" {
		return errors.New("enter the passphrase")
	}
	if !w.newPass {
		return nil
	}
	if p != w.pass2.Text {
		return errors.New("the two passphrases differ")
	}
	if len(p) < 8 {
		return errors.New("too short: use at least 8 characters (a few random words are best)")
	}
	if score := passphraseScore(p, w.hints()); score < minScore && !w.st.Demo {
		return fmt.Errorf("too weak (%s, %d/4): add a word or two; it must rate at least %q", scoreNames[score], score, scoreNames[minScore])
	}
	return nil
}

// startIfReady starts the ceremony when the passphrase is acceptable.
func (w *wizard) startIfReady() {
	if err := w.checkPassphrase(); err != nil {
		w.passErr.SetText(err.Error())
		w.passErr.Show()
		return
	}
	w.start()
}

// close goes back to the list of ceremonies.
func (w *wizard) close() {
	if w.running {
		return
	}
	w.pass.SetText("")
	w.pass2.SetText("")
	// Focus must not stay on a widget of the closed wizard: a focused entry
	// no longer shown would swallow Ctrl+1 … Ctrl+6 and every key.
	if w.st.Window != nil {
		w.st.Window.Canvas().Unfocus()
	}
	if w.onClose != nil {
		w.onClose()
	}
}
