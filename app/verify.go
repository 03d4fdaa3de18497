package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// verifyScreen is the user's side of a package's trust: name the package,
// open its chain and verify it through the one verification path the CLI
// uses too (chain.TrustStore.Check on a snapshot of the trust store).
//
// Not pinned yet, that is first trust: the chain is checked from its
// genesis, then the person compares the signatory's key with a copy
// obtained out of band, by pasting its text, typing its words or opening
// a photo of its QR code, and after a MATCH may pin it.
//
// Pinned, the chain is checked from the pin: a fork, a rollback or
// equivocation is refused and the pin stays. A hand-over, re-key or
// emergency switch after the pin is asked about in a dialog each, and the
// pin moves only once every one is accepted. With none, the pin moves to
// the head with no question, as `baton verify` does. Comparing the key is
// optional then, and compares with the signatory in force.
//
// With a release's SHA256.sig (and its folder) named, the release is
// verified against the chain as `baton verify --sig` does
// (ceremony.CheckRelease), off the UI goroutine with its progress shown,
// and the pin moves only when the whole verdict is OK: a refused release
// leaves the trust store as it was.
//
// A verdict belongs to its input: switching between paste, words and QR,
// editing what was compared or opening another chain clears it. It names
// what it compared, and is scrolled into view.
//
// Every pin change goes through ceremony.UpdateTrust, which locks the
// store, re-reads it and refuses the change as stale when another Baton
// moved the pin since the check.
type verifyScreen struct {
	st *appState

	pkg       *widget.Entry
	openBtn   *widget.Button
	demoBtn   *widget.Button // opens the demo vault's chain
	chainPath *widget.Label
	chainErr  *widget.Label
	refusal   *refusalBanner  // a pinned package's chain refused
	found     *fyne.Container // what the chain says, shown after a good check
	signatory *widget.Label
	summary   *widget.Label
	keyWords  *widget.Label
	ident     *canvas.Image
	pinState  *widget.Label  // what the trust store holds and what became of it
	logged    *widget.Label  // where the transparency log holds the head, and which witnesses saw it
	reviewBtn *widget.Button // asks about the events again after "Not now"

	compare   *fyne.Container
	compareAs *widget.Label // first trust, or an optional check when pinned
	waiting   *widget.Label // in place of compare until a chain verifies
	keyText   *widget.Entry
	textBtn   *widget.Button
	words     *widget.Entry
	wordsBtn  *widget.Button
	qrPath    *widget.Label
	qrThumb   *canvas.Image // the image the QR code was read from
	how       *container.AppTabs
	inputErr  *widget.Label // an input to correct (amber): no verdict
	banner    *verdictBanner
	pinBtn    *widget.Button
	pinResult *widget.Label

	rel *releaseSection // the optional release to verify with the chain

	root      fyne.CanvasObject
	scroll    *container.Scroll
	chainFile string             // the chain file last opened
	keys      []chainKey         // the chain's other keys, to name a mix-up
	gen       int                // counts the checks started; a stale one's outcome is dropped
	qrGen     int                // counts the QR images opened
	cancel    func()             // stops the check running; nil when none runs
	release   *releaseOutcome    // the release verified with the chain; nil when none was asked
	check     *chain.Check       // the verification; nil before or after a refusal
	logProof  *ceremony.LogProof // the head's log proof under the policy; nil without a policy
	result    *chain.Result      // check.Result(); nil before
	trustPath string             // the store check was made against
	refused   error              // why the chain was refused; nil otherwise
	consent   *consentPrompt     // the consent dialog showing; nil otherwise
	accepted  []chain.EventID
	given     *givenKey // compared once the chain being checked verifies (baton-gui verify --key)
}

// givenKey is a key to compare that came with the chain (baton-gui verify
// --key or --words) rather than typed on the screen.
type givenKey struct {
	text  string // the key as signify text, or ""
	words string // its twelve words, or ""
}

const waitingText = "First open a chain that verifies; then compare its signatory's key here."

func verifyScreenView(st *appState) fyne.CanvasObject { return newVerifyScreen(st).root }

func newVerifyScreen(st *appState) *verifyScreen {
	v := &verifyScreen{st: st}
	st.verifier = v
	v.pkg = widget.NewEntry()
	v.pkg.SetPlaceHolder("the package you are about to verify, e.g. example.org/hello (required)")
	v.openBtn = widget.NewButtonWithIcon("Open chain file…", theme.FolderOpenIcon(), v.askChain)
	v.chainPath = widget.NewLabel("No chain opened yet.")
	v.chainPath.Truncation = fyne.TextTruncateEllipsis
	v.chainErr = dangerLabel()
	v.refusal = newRefusalBanner()
	v.demoBtn = widget.NewButtonWithIcon("Try the demo chain", theme.MediaPlayIcon(), v.openDemoChain)
	st.OnChange(func() { setVisible(v.demoBtn, st.Vault != nil && st.Demo) })
	setVisible(v.demoBtn, st.Vault != nil && st.Demo)

	v.signatory = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.signatory.SizeName = theme.SizeNameHeadingText
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.keyWords = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.keyWords.SizeName = theme.SizeNameSubHeadingText
	v.ident = canvas.NewImageFromResource(nil)
	v.ident.FillMode = canvas.ImageFillContain
	v.ident.ScaleMode = canvas.ImageScalePixels
	v.ident.SetMinSize(fyne.NewSquareSize(72))
	v.pinState = widget.NewLabel("")
	v.pinState.Wrapping = fyne.TextWrapWord
	v.logged = widget.NewLabel("")
	v.logged.Wrapping = fyne.TextWrapWord
	v.reviewBtn = widget.NewButtonWithIcon("Review the changes…", theme.WarningIcon(), func() { v.askConsent(0) })
	v.reviewBtn.Hide()
	v.found = container.NewVBox(
		v.signatory, v.summary,
		widget.NewLabel("Signatory key (recovery key) fingerprint words:"),
		container.NewBorder(nil, nil, v.ident, nil, v.keyWords),
		v.logged, v.pinState, container.NewHBox(v.reviewBtn),
	)
	v.found.Hide()

	v.keyText = widget.NewMultiLineEntry()
	v.keyText.TextStyle = fyne.TextStyle{Monospace: true}
	v.keyText.SetPlaceHolder("RWR… (the 56 characters of the key, or the whole .pub file)")
	v.keyText.SetMinRowsVisible(2)
	v.words = widget.NewEntry()
	v.words.SetPlaceHolder("the twelve words, as the maintainer published or read them")
	v.words.OnSubmitted = func(string) { v.compareWords(v.words.Text) }
	// What was compared changed: the verdict about it no longer holds.
	v.keyText.OnChanged = func(string) { v.resetVerdict() }
	v.words.OnChanged = func(string) { v.resetVerdict() }
	v.qrPath = widget.NewLabel("")
	v.qrPath.Truncation = fyne.TextTruncateEllipsis
	v.qrThumb = canvas.NewImageFromResource(nil)
	v.qrThumb.FillMode = canvas.ImageFillContain
	v.qrThumb.SetMinSize(fyne.NewSquareSize(96))
	v.qrThumb.Hide()
	v.inputErr = warningLabel()
	v.banner = newVerdictBanner()
	v.pinBtn = widget.NewButtonWithIcon("Pin this signatory", theme.ConfirmIcon(), v.pin)
	v.pinBtn.Importance = widget.HighImportance
	v.pinBtn.Hide()
	v.pinResult = widget.NewLabel("")
	v.pinResult.Wrapping = fyne.TextWrapWord
	v.rel = newReleaseSection(v)
	v.root = v.layout()
	return v
}

// warningLabel is a hidden amber label, for input to correct.
func warningLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func dangerLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// layout arranges the screen.
func (v *verifyScreen) layout() fyne.CanvasObject {
	step1 := widget.NewCard("1. Check the chain", "Every entry is verified from the genesis on, and against your pin when you have one.",
		container.NewVBox(
			widget.NewForm(widget.NewFormItem("Package", v.pkg)),
			container.NewBorder(nil, nil, container.NewHBox(v.openBtn, v.demoBtn), nil, v.chainPath),
			v.chainErr, v.refusal.box, v.found))

	v.textBtn = widget.NewButtonWithIcon("Compare", theme.SearchIcon(), func() { v.compareText(v.keyText.Text) })
	v.wordsBtn = widget.NewButtonWithIcon("Compare", theme.SearchIcon(), func() { v.compareWords(v.words.Text) })
	byText := container.NewVBox(v.keyText, container.NewHBox(v.textBtn))
	byWords := container.NewVBox(v.words, container.NewHBox(v.wordsBtn))
	byQR := container.NewVBox(
		widget.NewLabel("A photo or screenshot of the maintainer's QR code (PNG, JPEG or GIF)."),
		container.NewBorder(nil, nil,
			widget.NewButtonWithIcon("Open QR image…", theme.FileImageIcon(), v.askQR), nil, v.qrPath),
		container.NewHBox(v.qrThumb))
	v.how = container.NewAppTabs(
		container.NewTabItem("Paste the key text", byText),
		container.NewTabItem("Type the words", byWords),
		container.NewTabItem("Scan a QR image", byQR),
	)
	// Another way of comparing: the verdict shown is not about it.
	v.how.OnSelected = func(*container.TabItem) { v.resetVerdict() }
	v.compareAs = widget.NewLabel("")
	v.compareAs.Wrapping = fyne.TextWrapWord
	v.compare = container.NewVBox(v.compareAs, v.how, v.inputErr, v.banner.box, v.pinBtn, v.pinResult)
	v.compare.Hide()
	v.waiting = widget.NewLabel(waitingText)
	v.waiting.Importance = widget.LowImportance
	step3 := widget.NewCard("3. Compare the signatory's key",
		"with a copy you got another way: the maintainer's web page, a talk slide, a phone call.",
		container.NewVBox(v.waiting, v.compare))

	v.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(step1, v.rel.card, step3)))
	return v.scroll
}

// askChain asks for a chain file and opens it.
func (v *verifyScreen) askChain() {
	askOpenPath(v.st.Window, v.openChain)
}

// openDemoChain checks the demo vault's chain, for a newcomer to try
// first trust with the keys on the Keys screen.
func (v *verifyScreen) openDemoChain() {
	if v.st.Vault == nil || !v.st.Demo {
		return
	}
	v.pkg.SetText(ceremony.DemoPackage)
	v.openChain(v.st.Vault.Package(ceremony.DemoPackage).ChainPath())
}

// verification is what a check off the UI goroutine found.
type verification struct {
	trustPath string
	prior     *chain.Pin // the pin held when the snapshot was read; nil if none
	check     *chain.Check
	err       error
	keys      []chainKey         // the chain's other keys
	release   *releaseOutcome    // the release verified after the chain; nil when none was asked
	log       *ceremony.LogProof // the head's log proof, under a log policy
	head      *headCheck         // what the log said of the newest head; nil when not asked
}

// openChain verifies the chain file at path as the named package's, off
// the UI goroutine, against a snapshot of the trust store, and shows the
// outcome. With a release named (step 2), its files are verified against
// the chain too before anything is shown or pinned.
func (v *verifyScreen) openChain(path string) {
	v.clear()
	v.chainFile = path
	pkg := strings.TrimSpace(v.pkg.Text)
	if pkg == "" {
		v.chainErr.SetText("Name the package first: a chain is verified as the chain of the package you mean to trust, and a chain of another package is refused.")
		v.chainErr.Show()
		return
	}
	if err := chain.CheckPackage(pkg); err != nil {
		v.chainErr.SetText("Package: " + untrusted.SanitizeMessage(err.Error()))
		v.chainErr.Show()
		return
	}
	v.chainPath.SetText("Checking " + path + " …")
	trustPath, logPolicy := v.st.TrustPath, v.st.LogPolicy
	req := v.rel.request()
	ctx, cancel := context.WithCancel(context.Background())
	v.gen++
	gen := v.gen
	v.cancel = cancel
	if req != nil {
		v.rel.running()
	}
	v.st.Go(func() {
		defer cancel()
		r := verifyChain(ctx, trustPath, logPolicy, path, pkg)
		if r.err == nil {
			r.keys = chainKeys(path, r.check.Result())
			if req != nil {
				r.release = checkRelease(ctx, r.check.Result(), *req, v.progress(gen))
			}
		}
		v.st.Do(func() {
			if v.gen != gen {
				return // another chain was opened, or this check stopped
			}
			v.cancel = nil
			v.showCheck(path, pkg, r)
		})
	})
}

// stop stops the check running, if any; nothing is shown or pinned.
func (v *verifyScreen) stop() {
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	v.gen++
}

// verifyChain reads the trust store (a snapshot: the pin change that may
// follow locks it and re-reads it) and checks the chain at path as pkg's,
// and under a log policy the proof that its head is logged.
func verifyChain(ctx context.Context, trustPath, logPolicy func() (string, error), path, pkg string) verification {
	var r verification
	r.trustPath, r.err = trustPath()
	if r.err != nil {
		return r
	}
	store, err := ceremony.ReadTrust(r.trustPath)
	if err != nil {
		r.err = err
		return r
	}
	if p, ok := store.Get(pkg); ok {
		cp := *p
		r.prior = &cp
	}
	f, err := os.Open(path)
	if err != nil {
		r.err = err
		return r
	}
	defer f.Close()
	r.check, r.err = store.Check(pkg, chain.NewReader(path, f))
	if r.err != nil {
		return r
	}
	if r.log, r.head, r.err = checkLog(ctx, logPolicy, store, path, r.check.Result()); r.err != nil {
		r.check = nil
	}
	return r
}

// clear forgets the previous chain and everything shown about it.
func (v *verifyScreen) clear() {
	v.stop()
	v.check, v.result, v.refused, v.accepted, v.keys, v.release, v.logProof = nil, nil, nil, nil, nil, nil, nil
	v.rel.clear()
	v.closeConsent()
	v.resetVerdict()
	v.found.Hide()
	v.compare.Hide()
	v.waiting.SetText(waitingText)
	v.waiting.Show()
	v.chainErr.Hide()
	v.refusal.hide()
	v.reviewBtn.Hide()
	v.setPinState("", widget.MediumImportance)
}

func (v *verifyScreen) showCheck(path, pkg string, r verification) {
	given := v.given // for this check only, whatever its outcome
	v.given = nil
	v.chainPath.SetText(path)
	v.trustPath = r.trustPath
	if r.err != nil {
		v.refuse(pkg, r.prior, r.err)
		return
	}
	v.check, v.result, v.keys, v.release, v.logProof = r.check, r.check.Result(), r.keys, r.release, r.log
	res := v.result
	v.showLogged(r.head)
	v.signatory.SetText(untrusted.Escape(res.Name))
	last := "no release yet"
	if n := len(res.Releases); n > 0 {
		last = fmt.Sprintf("%d releases, the newest %s", n, untrusted.Escape(res.Releases[n-1].Version))
	}
	s := fmt.Sprintf("Signatory of %s · id %s\nThe chain verifies: %s, %s.", pkg, res.Head.Signatory, entryCount(res.Head.Position), last)
	events := res.Events
	if !v.check.FirstTrust() {
		events = v.check.Events()
		if len(events) > 0 {
			s += "\nSince your pin:"
		}
	}
	for _, e := range events {
		s += "\n" + eventText(e)
	}
	v.summary.SetText(s)
	fp := res.Recovery.Fingerprint()
	v.keyWords.SetText(wordLines(fp))
	v.ident.Image = identicon(fp, 120)
	v.ident.Refresh()
	v.found.Show()
	if v.release != nil && !v.showRelease(pkg) {
		// The whole verdict is not OK: nothing to compare, nothing pinned.
		v.waiting.SetText("The release was refused: there is nothing to compare and nothing was pinned.")
		v.waiting.Show()
		if v.check.FirstTrust() {
			v.setPinState("Not pinned: the release was refused.", widget.DangerImportance)
		} else {
			v.setPinState(fmt.Sprintf("Pinned at position %d, unchanged: the release was refused.", v.check.Prior().Position), widget.WarningImportance)
		}
		return
	}
	v.waiting.Hide()
	v.compare.Show()
	if v.check.FirstTrust() {
		v.compareAs.SetText(pkg + " is not pinned yet: this is first trust. Compare the signatory's key with a copy you got another way; after a MATCH you can pin it.")
		v.setPinState("Not pinned yet.", widget.MediumImportance)
	} else {
		v.compareAs.SetText("Optional: " + pkg + " is pinned, so the chain was checked against your pin. You may still compare the key of the signatory in force with a copy you got another way.")
		v.followPin()
	}
	v.compareGiven(given)
}

// compareGiven compares a key that came with the chain, as if typed on
// the screen (the text or the words tab shows it).
func (v *verifyScreen) compareGiven(g *givenKey) {
	switch {
	case g == nil:
	case g.words != "":
		v.how.SelectIndex(1)
		v.words.SetText(g.words)
		v.compareWords(g.words)
	case g.text != "":
		v.how.SelectIndex(0)
		v.keyText.SetText(g.text)
		v.compareText(g.text)
	}
}

// refuse shows why the chain was refused; nothing was changed.
func (v *verifyScreen) refuse(pkg string, prior *chain.Pin, err error) {
	v.refused = err
	detail := untrusted.SanitizeMessage(err.Error())
	if prior == nil {
		cause := "This chain does not verify, so it cannot be trusted"
		if isLogRefusal(err) {
			cause = logRefusalCause(err) + " It cannot be trusted"
		}
		if errors.Is(err, chain.ErrOtherPackage) {
			cause = "This is not the chain of " + pkg + ", so it cannot be trusted"
		}
		v.chainErr.SetText(cause + ": " + detail)
		v.chainErr.Show()
		return
	}
	v.refusal.show(refusalCause(pkg, prior, err), detail,
		fmt.Sprintf("Your pin of %s stays at position %d: nothing was changed.", pkg, prior.Position))
}

// refusalCause names why a pinned package's chain was refused.
func refusalCause(pkg string, prior *chain.Pin, err error) string {
	switch {
	case isLogRefusal(err):
		return logRefusalCause(err)
	case errors.Is(err, chain.ErrEquivocation):
		return fmt.Sprintf("Equivocation: this chain shows another entry at position %d, which you already trust as a different one. "+
			"Someone holding the signatory's key (perhaps a thief) signed two histories. Install nothing from it and tell the maintainer another way.", prior.Position)
	case errors.Is(err, chain.ErrFork):
		return "A fork: this chain was not made by the signatory you pinned for " + pkg + "."
	case errors.Is(err, chain.ErrRollback):
		return fmt.Sprintf("A rollback: this chain ends before position %d, which you already trust: an old copy, or one cut short to hide newer entries.", prior.Position)
	case errors.Is(err, chain.ErrOtherPackage):
		return "This is not the chain of " + pkg + ": a chain of another package."
	case errors.Is(err, chain.ErrAltered):
		return "The copy was altered: an entry no key in force signed."
	}
	return "This chain does not verify against your pin."
}

// eventText describes a hand-over, re-key or emergency switch in one line.
func eventText(e chain.Event) string {
	switch e.Entry.Kind {
	case chain.KindHandover:
		s := fmt.Sprintf("Position %d: %s handed over to %s", e.Position, untrusted.Quote(e.From), untrusted.Quote(e.Entry.Name))
		if len(e.Endorsed) > 0 {
			s += ", witnessed by " + strings.Join(untrusted.QuoteAll(e.Endorsed), ", ")
		}
		return s + "."
	case chain.KindRekey:
		return fmt.Sprintf("Position %d: re-keyed with the recovery key (reason: %s).", e.Position, untrusted.Quote(e.Entry.Reason))
	case chain.KindEmergency:
		return fmt.Sprintf("Position %d: switched to the emergency key (reason: %s).", e.Position, untrusted.Quote(e.Entry.Reason))
	}
	return fmt.Sprintf("Position %d: %s.", e.Position, untrusted.Escape(string(e.Entry.Kind)))
}

// followPin moves a pinned package's pin to the verified head: with no
// question when nothing changes who signs (as `baton verify` does), else
// once the person accepted every event in a dialog.
func (v *verifyScreen) followPin() {
	prior, head := v.check.Prior(), v.check.Head()
	if len(v.check.Events()) > 0 {
		v.setPinState(fmt.Sprintf("Pinned at position %d. The chain changes who may sign after your pin: the pin moves only if you accept each change.",
			prior.Position), widget.WarningImportance)
		v.askConsent(0)
		return
	}
	if head.Position == prior.Position {
		v.setPinState(fmt.Sprintf("Pinned at position %d. Nothing new: the chain ends at your pin.", prior.Position), widget.SuccessImportance)
		v.recordCheckpoint()
		return
	}
	v.setPinState(fmt.Sprintf("Pinned at position %d. Moving the pin to position %d …", prior.Position, head.Position), widget.MediumImportance)
	v.accept(chain.Consent{}, fmt.Sprintf(
		"Was pinned at position %d; the pin moved to position %d automatically: the same signatory signed every entry since, with no hand-over or re-key to ask about (as baton verify does).",
		prior.Position, head.Position))
}

// accept moves the pin with the consent given, off the UI goroutine: the
// store is locked, re-read and changed only if its pin is still the one
// checked against (else ErrStale).
func (v *verifyScreen) accept(consent chain.Consent, done string) {
	check, path, lp := v.check, v.trustPath, v.logProof
	v.st.Go(func() {
		err := ceremony.UpdateTrust(path, func(s *chain.TrustStore) error { return acceptLogged(s, check, consent, lp) })
		v.st.Do(func() {
			if v.check != check {
				return // another chain was opened meanwhile
			}
			if err != nil {
				v.setPinState(pinFailure(err), widget.DangerImportance)
				return
			}
			v.reviewBtn.Hide()
			v.setPinState(done, widget.SuccessImportance)
		})
	})
}

// pinFailure says why the trust store was not changed.
func pinFailure(err error) string {
	msg := "The pin did not move: " + untrusted.SanitizeMessage(err.Error())
	switch {
	case errors.Is(err, chain.ErrStale):
		msg += ". Another Baton changed the trust store since this check: open the chain again to verify it against the pin as it is now."
	case errors.Is(err, os.ErrPermission):
		msg += " (check the permissions of the trust store)"
	}
	return msg
}

func (v *verifyScreen) setPinState(s string, imp widget.Importance) {
	v.pinState.Importance = imp
	v.pinState.SetText(s)
	setVisible(v.pinState, s != "")
}

// resetVerdict clears a previous comparison: its input changed, or
// another way of comparing was chosen. A release verified against a chain
// not trusted yet waits for a MATCH again.
func (v *verifyScreen) resetVerdict() {
	if v.banner == nil || v.rel == nil {
		return // still being built
	}
	v.banner.set(verdictNone)
	v.inputErr.Hide()
	v.pinBtn.Hide()
	v.pinResult.SetText("")
	if v.check != nil && v.check.FirstTrust() && v.release.ok() {
		v.rel.unconfirmed(v.check.Package(), v.release)
	}
}

// compareText compares pasted key text (the 56 characters, or a whole
// public key file) with the signatory's key.
func (v *verifyScreen) compareText(s string) {
	s = strings.TrimSpace(s)
	var k *signify.PublicKey
	var err error
	if strings.HasPrefix(s, "untrusted comment:") {
		k, err = signify.ParsePublicKey("the pasted key", []byte(strings.ReplaceAll(s, "\r\n", "\n")+"\n"))
	} else {
		k, err = signify.ParsePublicKeyText(s)
	}
	if err != nil {
		v.cannotCompare("That is not a signify public key: " + untrusted.SanitizeMessage(err.Error()))
		return
	}
	if v.result != nil {
		if at := nearMiss(k, v.result.Recovery); len(at) > 0 {
			v.cannotCompare(fmt.Sprintf("The pasted key differs from the signatory's key in %s only. "+
				"No forger can make a key that close to another: this is a copying error. Check %s against your source and compare again.",
				charPositions(at), map[bool]string{true: "that character", false: "those characters"}[len(at) == 1]))
			return
		}
	}
	v.compareKey(k, "the pasted key "+k.String())
}

// charPositions names 1-based character positions: "character 17",
// "characters 3 and 40".
func charPositions(at []int) string {
	if len(at) == 1 {
		return fmt.Sprintf("character %d", at[0])
	}
	return fmt.Sprintf("characters %d and %d", at[0], at[1])
}

// compareWords compares typed fingerprint words with the key of the
// signatory in force. A typo, a word from the wrong list or a wrong count
// is an input error to correct (signify.ErrWordInput), naming the word
// and its position, not a MISMATCH.
func (v *verifyScreen) compareWords(s string) {
	if v.result == nil {
		return
	}
	v.resetVerdict()
	fp := v.result.Recovery.Fingerprint()
	if n := len(strings.Fields(s)); n < signify.FingerprintWords {
		v.cannotCompare(fmt.Sprintf("Type all %d words (you typed %d).", signify.FingerprintWords, n))
		return
	}
	err := fp.CheckWords(s)
	switch {
	case err == nil:
		v.matched("the 12 words you typed")
	case errors.Is(err, signify.ErrWordInput):
		v.cannotCompare("Check what you typed; nothing was compared yet: " + untrusted.SanitizeMessage(err.Error()))
	default:
		for _, c := range v.keys {
			if c.key.Fingerprint().CheckWords(s) == nil {
				v.mixUp(c.what, "the words you typed")
				return
			}
		}
		v.banner.set(verdictMismatch, "The words you typed are not this signatory's.", untrusted.SanitizeMessage(err.Error()),
			v.comparedLine("the 12 words you typed"),
			"Do not trust this chain: ask the maintainer again, another way.")
		v.reveal(v.banner.box)
	}
}

// compareQRFile reads the QR code in an image file, off the UI goroutine,
// shows the image as a thumbnail and compares the key it holds with the
// signatory's key.
func (v *verifyScreen) compareQRFile(path string) {
	v.resetVerdict()
	v.qrGen++
	gen := v.qrGen
	v.qrThumb.Image = nil
	v.qrThumb.Hide()
	v.qrPath.SetText("Reading " + path + " …")
	v.st.Go(func() {
		img, err := readImage(path)
		var k *signify.PublicKey
		if err == nil {
			var payload []byte
			if payload, err = decodeQR(img); err == nil {
				k, err = qr.ParsePayload(payload)
			}
		}
		v.st.Do(func() {
			if v.qrGen != gen {
				return // another image was opened meanwhile
			}
			v.qrPath.SetText(path)
			if img != nil {
				v.qrThumb.Image = img
				v.qrThumb.Show()
				v.qrThumb.Refresh()
			}
			if err != nil {
				v.cannotCompare(untrusted.SanitizeMessage(err.Error()))
				return
			}
			v.compareKey(k, "the QR code in "+filepath.Base(path)+" (shown above)")
		})
	})
}

// readImage decodes the image file at path (PNG, JPEG or GIF).
func readImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a PNG, JPEG or GIF image: %w", path, err)
	}
	return img, nil
}

func (v *verifyScreen) askQR() {
	askOpenPath(v.st.Window, v.compareQRFile, ".png", ".jpg", ".jpeg", ".gif")
}

// comparedLine says what a verdict compared.
func (v *verifyScreen) comparedLine(what string) string {
	s := "Compared " + what + " with the signatory's key in the chain"
	if v.chainFile != "" {
		s += " file " + untrusted.Quote(filepath.Base(v.chainFile))
	}
	return s + "."
}

// compareKey shows MATCH when k is the key of the signatory in force,
// names the key when the chain has it in another role, and shows
// MISMATCH, naming the first differing word, otherwise. what names the
// input compared.
func (v *verifyScreen) compareKey(k *signify.PublicKey, what string) {
	if v.result == nil {
		return
	}
	v.resetVerdict()
	want := v.result.Recovery.Fingerprint()
	got := k.Fingerprint()
	if got == want {
		v.matched(what)
		return
	}
	if other, ok := sameChainKey(v.keys, k); ok {
		v.mixUp(other, what)
		return
	}
	detail := "The key differs in every word"
	if err := want.CheckWords(got.WordString()); err != nil {
		detail = err.Error()
	}
	v.banner.set(verdictMismatch, "The key in "+what+" is not this signatory's key.", detail, v.comparedLine(what),
		"Do not trust this chain: it may be a fork or a forgery.")
	v.reveal(v.banner.box)
}

// mixUp says that what was compared is another key of the same chain: a
// mix-up to correct, not evidence of a forgery.
func (v *verifyScreen) mixUp(other, what string) {
	v.cannotCompare(fmt.Sprintf("Not compared: %s is %s, not the signatory's key. "+
		"Compare the signatory's key (its recovery key): the one the maintainer publishes for you to trust.", what, other))
}

// matched shows MATCH, and at first trust offers to pin.
func (v *verifyScreen) matched(what string) {
	v.banner.set(verdictMatch, "This is the signatory's key:",
		wordLines(v.result.Recovery.Fingerprint()), v.comparedLine(what))
	if v.check != nil && v.check.FirstTrust() {
		if v.release.ok() {
			v.rel.confirmed(v.check.Package(), v.release)
		}
		v.pinBtn.Enable()
		v.pinBtn.Show()
	}
	v.reveal(v.banner.box)
	v.reveal(v.pinBtn) // below the banner: in view too, when both fit
}

// cannotCompare says why nothing could be compared, in amber; no verdict
// is shown.
func (v *verifyScreen) cannotCompare(msg string) {
	v.resetVerdict()
	v.inputErr.SetText(msg)
	v.inputErr.Show()
	v.reveal(v.inputErr)
}

// reveal scrolls the screen so that o, a verdict just shown, is in view.
func (v *verifyScreen) reveal(o fyne.CanvasObject) {
	if v.scroll == nil || !o.Visible() {
		return
	}
	// Lay the window out with o shown: what appeared with it (the demo
	// banner, when a check starts with the app) changes the room too.
	if w := v.st.Window; w != nil && w.Content() != nil {
		w.Content().Refresh()
	}
	v.scroll.Refresh()
	// Not the driver's absolute positions: a desktop driver knows an
	// object's canvas only once it was painted, and a verdict shown for
	// the first time has not been yet.
	y, ok := offsetIn(v.scroll.Content, o)
	if !ok {
		return
	}
	top, view := v.scroll.Offset.Y, v.scroll.Size().Height
	h := max(o.Size().Height, o.MinSize().Height) // wrapped text may not be laid out at its width yet
	switch {
	case y >= top && y+h <= top+view:
		return // in view already
	case h >= view || y < top:
		v.scroll.ScrollToOffset(fyne.NewPos(0, y))
	default:
		v.scroll.ScrollToOffset(fyne.NewPos(0, y+h-view+theme.Padding()))
	}
}

// offsetIn returns how far below root's top o is laid out, when o is
// under root through containers and cards (as the Verify screen's
// verdicts are).
func offsetIn(root, o fyne.CanvasObject) (float32, bool) {
	if root == o {
		return 0, true
	}
	var children []fyne.CanvasObject
	switch r := root.(type) {
	case *fyne.Container:
		children = r.Objects
	case *widget.Card:
		if r.Content != nil {
			children = []fyne.CanvasObject{r.Content}
		}
	}
	for _, c := range children {
		if y, ok := offsetIn(c, o); ok {
			return c.Position().Y + y, true
		}
	}
	return 0, false
}

// pin pins the checked chain's head at first trust, after a MATCH, off the
// UI goroutine (the store may be locked by another Baton for a while).
func (v *verifyScreen) pin() {
	if v.check == nil || !v.check.FirstTrust() || v.banner.result != verdictMatch || v.release != nil && !v.release.ok() {
		return
	}
	check, path, lp := v.check, v.trustPath, v.logProof
	head := check.Head()
	v.pinBtn.Disable()
	v.pinResult.Importance = widget.MediumImportance
	v.pinResult.SetText("Pinning …")
	v.st.Go(func() {
		err := ceremony.UpdateTrust(path, func(s *chain.TrustStore) error {
			return acceptLogged(s, check, chain.Consent{KeyCompared: true}, lp)
		})
		v.st.Do(func() {
			if v.check != check {
				return
			}
			if err != nil {
				v.pinResult.Importance = widget.DangerImportance
				v.pinResult.SetText("Not pinned: " + strings.TrimPrefix(pinFailure(err), "The pin did not move: "))
				v.pinBtn.Enable()
				return
			}
			v.pinResult.Importance = widget.SuccessImportance
			v.pinResult.SetText(fmt.Sprintf("Pinned %s, signatory %s, at position %d in %s. Later releases will be checked against this pin with no human step.",
				head.Package, head.Signatory, head.Position, path))
			v.setPinState(fmt.Sprintf("Pinned at position %d.", head.Position), widget.SuccessImportance)
		})
	})
}

// refusalBanner shows a pinned package's refused chain so that no one can
// misread it: a red block with REFUSED, the cause and what stays as it was.
type refusalBanner struct {
	title *canvas.Text
	lines *fyne.Container
	inner *container.ThemeOverride
	box   *fyne.Container
}

func newRefusalBanner() *refusalBanner {
	b := &refusalBanner{}
	bg := canvas.NewRectangle(verdictRed)
	bg.CornerRadius = 6
	b.title = canvas.NewText("REFUSED", color.White)
	b.title.TextSize = 40
	b.title.TextStyle = fyne.TextStyle{Bold: true}
	b.title.Alignment = fyne.TextAlignCenter
	b.lines = container.NewVBox()
	b.inner = container.NewThemeOverride(container.NewVBox(b.title, b.lines), onColourTheme{fyne.CurrentApp().Settings().Theme()})
	b.box = container.NewStack(bg, container.NewPadded(b.inner))
	b.box.Hide()
	return b
}

func (b *refusalBanner) show(lines ...string) {
	b.lines.Objects = nil
	for i, s := range lines {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		if i == 0 {
			l.TextStyle = fyne.TextStyle{Bold: true}
		}
		b.lines.Add(l)
	}
	b.box.Show()
	b.inner.Refresh()
	b.box.Refresh()
}

func (b *refusalBanner) hide() { b.box.Hide() }

// text returns what the banner says, for tests.
func (b *refusalBanner) text() string {
	if !b.box.Visible() {
		return ""
	}
	s := b.title.Text
	for _, o := range b.lines.Objects {
		s += "\n" + o.(*widget.Label).Text
	}
	return s
}
