package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

func TestGenesisWizardHappyPath(t *testing.T) {
	st, notes := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	v.KDFRounds = 4 // after SetVault, which applies the preference (42)

	c, wz := openWizard(t, st, "New chain (genesis)…")
	if wz.pages.current() != pageDetails {
		t.Fatalf("wizard starts on page %d", wz.pages.current())
	}
	form := wz.form.(*genesisForm)
	test.Type(form.pkgEntry, "example.org/hello")
	test.Type(form.nameEntry, "Jane Doe")
	test.Type(wz.operator, "Jane Doe")
	test.Type(wz.witnesses, "Ann Witness, Bob Witness")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pagePassphrase {
		t.Fatalf("after Next: page %d, error %q", wz.page, wz.formErr.Text)
	}
	if !showsIn(c.root, "Details") || wz.pages.states[pageDetails] != stepDone || wz.pages.states[pagePassphrase] != stepCurrent {
		t.Errorf("page stepper states %v", wz.pages.states)
	}

	test.Type(wz.pass, strongPass)
	if wz.meter.score < minScore {
		t.Errorf("meter score %d for a strong passphrase", wz.meter.score)
	}
	test.Type(wz.pass2, strongPass)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)

	if wz.err != nil {
		t.Fatalf("ceremony failed: %v", wz.err)
	}
	if wz.page != pageTranscript {
		t.Fatalf("page %d after the ceremony, want the transcript", wz.page)
	}
	for _, want := range []string{"ceremony:  genesis", "package:   example.org/hello", "operator:  Jane Doe", "witnesses: Ann Witness, Bob Witness", "sign the genesis entry"} {
		if !strings.Contains(wz.transView.Text, want) {
			t.Errorf("transcript lacks %q:\n%s", want, wz.transView.Text)
		}
	}
	if !wz.publish.root.Visible() {
		t.Error("genesis does not end on the publish page")
	}
	test.Tap(findButton(t, c.root, "Signed transcript…"))
	if !showsIn(c.root, "ceremony:  genesis") {
		t.Error("the transcript is not visible")
	}
	// The stepper followed the ceremony's own announcements.
	genesisSteps := planTitles(ceremony.GenesisPlan(ceremony.GenesisParams{}))
	if len(wz.steps.titles) != len(genesisSteps) {
		t.Fatalf("stepper has %d steps, want %d: %q", len(wz.steps.titles), len(genesisSteps), wz.steps.titles)
	}
	for i, s := range wz.steps.states {
		if s != stepDone {
			t.Errorf("step %d (%s) is %d, want done", i+1, wz.steps.titles[i], s)
		}
		if wz.steps.titles[i] != genesisSteps[i] {
			t.Errorf("step %d announced as %q, the app expects %q", i+1, wz.steps.titles[i], genesisSteps[i])
		}
	}
	for _, s := range genesisSteps {
		if !strings.Contains(strings.Join(wz.logLines, "\n"), s) {
			t.Errorf("the log lacks the announcement of %q", s)
		}
	}
	// The chain exists, the passphrase fields are cleared, the operator
	// remembered and a notification sent.
	if st, err := v.Package("example.org/hello").Status(); err != nil || len(st.Entries) != 1 || st.Name != "Jane Doe" {
		t.Errorf("vault after genesis: %+v, %v", st, err)
	}
	if wz.pass.Text != "" || wz.pass2.Text != "" {
		t.Error("the passphrase stays in its fields after the ceremony")
	}
	if got := st.Prefs.String(prefOperator); got != "Jane Doe" {
		t.Errorf("operator remembered as %q", got)
	}
	if n := notes.all(); len(n) != 1 || !strings.Contains(n[0], "genesis ceremony for example.org/hello finished") {
		t.Errorf("notifications %q", n)
	}

	// Save the transcript.
	path := filepath.Join(t.TempDir(), "t.txt")
	if err := wz.saveTranscript(path); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != wz.transcript {
		t.Error("saved transcript differs from the one shown")
	}

	// Print it: the printer gets a PDF of the signed file, whose first
	// lines are the signature; a printer's failure is shown.
	printed := make(chan []byte, 1)
	st.Print = func(path, title string) error {
		data, err := os.ReadFile(path)
		printed <- data
		return err
	}
	test.Tap(findButton(t, c.root, "Print transcript…"))
	pdf := await(st, printed)
	idle(st)
	if !strings.HasPrefix(string(pdf), "%PDF-") || !strings.Contains(string(pdf), "untrusted comment: ") || !strings.Contains(string(pdf), "ceremony:  genesis") {
		t.Errorf("the printer got no PDF of the signed transcript (%d bytes)", len(pdf))
	}
	if !showsIn(c.root, "to the printer") {
		t.Errorf("printing is not confirmed: %q", wz.saved.Text)
	}
	st.Print = func(string, string) error { return errNoPrintSystem }
	test.Tap(findButton(t, c.root, "Print transcript…"))
	idle(st)
	if !showsIn(c.root, "Could not print: this machine has no print system") {
		t.Errorf("a printing failure is not shown: %q", wz.saved.Text)
	}
	pdfPath := filepath.Join(t.TempDir(), "t.pdf")
	if err := wz.savePDF(pdfPath); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(pdfPath); !strings.Contains(string(data), "sign the genesis entry") {
		t.Error("the saved PDF lacks the transcript")
	}

	// Done goes back to the list, which now offers the package to release.
	test.Tap(findButton(t, c.root, "Done"))
	idle(st)
	if c.wizard != nil || !showsIn(c.root, "New chain") {
		t.Error("Done did not go back to the ceremonies")
	}
	idle(st)
	if st.Package != "" && st.Package != "example.org/hello" {
		t.Errorf("selected package %q", st.Package)
	}
}

func TestGenesisWizardChecksDetailsAndPassphrase(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	c, wz := openWizard(t, st, "New chain (genesis)…")
	form := wz.form.(*genesisForm)

	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pageDetails || !wz.formErr.Visible() || !strings.Contains(wz.formErr.Text, "package") {
		t.Errorf("empty details accepted: page %d, error %q", wz.page, wz.formErr.Text)
	}
	test.Type(form.pkgEntry, "example.org/hello")
	test.Type(form.nameEntry, "Jane Doe")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pageDetails || !strings.Contains(wz.formErr.Text, "operator") {
		t.Errorf("no operator accepted: page %d, error %q", wz.page, wz.formErr.Text)
	}
	test.Type(wz.operator, "Jane Doe")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pagePassphrase {
		t.Fatalf("good details refused: %q", wz.formErr.Text)
	}

	start := findButton(t, c.root, "Start the ceremony")
	test.Type(wz.pass, "password1")
	test.Type(wz.pass2, "password1")
	test.Tap(start)
	if wz.page != pagePassphrase || !strings.Contains(wz.passErr.Text, "too weak") {
		t.Errorf("weak passphrase: page %d, error %q", wz.page, wz.passErr.Text)
	}
	if wz.meter.score >= minScore || !strings.Contains(wz.meter.text.Text, "/4") {
		t.Errorf("meter shows %d %q for password1", wz.meter.score, wz.meter.text.Text)
	}
	wz.pass.SetText(strongPass)
	wz.pass2.SetText(strongPass + "x")
	test.Tap(start)
	if wz.page != pagePassphrase || !strings.Contains(wz.passErr.Text, "differ") {
		t.Errorf("different passphrases: page %d, error %q", wz.page, wz.passErr.Text)
	}
	if _, err := os.Stat(v.Package("example.org/hello").ChainPath()); err == nil {
		t.Error("a chain was made although the passphrase was refused")
	}
}

func TestDemoGenesisAcceptsWeakPassphrase(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	_, wz := openWizard(t, st, "New chain (genesis)…")
	wz.pass.SetText("password1")
	wz.pass2.SetText("password1")
	if err := wz.checkPassphrase(); err != nil {
		t.Errorf("demo vault refuses a weak passphrase: %v", err)
	}
	if !strings.Contains(wz.intro(), "DEMO vault") {
		t.Error("the wizard does not say it works on the demo vault")
	}
}

// startRelease fills the release wizard for the demo package with pass
// and starts it.
func startRelease(t *testing.T, st *appState, version, pass string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	dist := t.TempDir()
	if err := os.WriteFile(filepath.Join(dist, "hello-"+version+".tar.gz"), []byte("release "+version), 0o644); err != nil {
		t.Fatal(err)
	}
	c, wz := openWizard(t, st, "Release…")
	form := wz.form.(*releaseForm)
	if form.pkgPick.Selected != ceremony.DemoPackage {
		t.Fatalf("release package preselected %q", form.pkgPick.Selected)
	}
	test.Type(form.version, version)
	form.dirEntry.SetText(dist)
	test.Type(wz.operator, "Tester")
	test.Tap(findButton(t, c.root, "Next"))
	passReview(t, st, wz)
	if wz.pass2.Visible() && showsIn(c.root, "Once more") {
		t.Error("a release asks for the passphrase twice")
	}
	test.Type(wz.pass, pass)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	return c, wz
}

func TestReleaseWizardWrongPassphrase(t *testing.T) {
	st, notes := newTestState(t)
	st.SetVault(copyDemoVault(t))
	c, wz := startRelease(t, st, "3.0.0", "not the demo passphrase")
	idle(st)

	if !errors.Is(wz.err, signify.ErrWrongPassphrase) {
		t.Fatalf("error = %v, want ErrWrongPassphrase", wz.err)
	}
	if wz.page != pageRun || !wz.runErr.Visible() || !showsIn(c.root, "Wrong passphrase") {
		t.Errorf("the error is not shown: page %d, visible %q", wz.page, visibleTexts(c.root))
	}
	failed := 0
	for _, s := range wz.steps.states {
		if s == stepFailed {
			failed++
		}
	}
	if failed != 1 || wz.steps.states[0] != stepDone {
		t.Errorf("stepper states %v, want the readiness done and one step failed", wz.steps.states)
	}
	if n := notes.all(); len(n) != 1 || !strings.Contains(n[0], "stopped") {
		t.Errorf("notifications %q", n)
	}
	// Back to the passphrase, try again with the right one: it resumes.
	test.Tap(findButton(t, c.root, "Back to the passphrase"))
	if wz.page != pagePassphrase {
		t.Fatalf("page %d", wz.page)
	}
	test.Type(wz.pass, ceremony.DemoPassphrase)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("resumed release: page %d, error %v", wz.page, wz.err)
	}
	if !strings.Contains(wz.transcript, "version:   3.0.0") || !strings.Contains(wz.transcript, "retired (secret wiped)") {
		t.Errorf("transcript:\n%s", wz.transcript)
	}
}

// The release wipes the used keys without asking: K3, which the demo
// kept, and K4, which signed the release.
func TestReleaseWizardWipesUsedKeys(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	prompts := make(chan string, 1)
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)
	c.open(newReleaseForm(st))
	c.wizard.onPrompt = func(q string) { prompts <- q }
	wz := c.wizard
	form := wz.form.(*releaseForm)
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "f"), []byte("x"), 0o644)
	form.version.SetText("3.0.0")
	form.dirEntry.SetText(dist)
	wz.operator.SetText("Tester")
	wz.detailsDone()
	passReview(t, st, wz)
	wz.pass.SetText(ceremony.DemoPassphrase)
	wz.startIfReady()
	idle(st)
	if wz.err != nil {
		t.Fatal(wz.err)
	}
	select {
	case q := <-prompts:
		t.Errorf("the release asked %q", q)
	default:
	}
	s, _ := v.Package(ceremony.DemoPackage).Status()
	if s == nil || roleOf(s, "K3") != ceremony.RoleRetired || roleOf(s, "K4") != ceremony.RoleRetired {
		t.Errorf("K3 and K4 not retired by the release")
	}
	// The stepper followed the release's own announcements.
	releaseSteps := planTitles(ceremony.ReleasePlan(ceremony.ReleaseParams{}))
	if strings.Join(wz.steps.titles, "|") != strings.Join(releaseSteps, "|") {
		t.Errorf("release announced steps %q, the app expects %q", wz.steps.titles, releaseSteps)
	}
}

// The re-key asks before deleting the replaced key (a release no longer
// asks anything).
func TestCancelDuringQuestionStopsCeremony(t *testing.T) {
	st, _ := newTestState(t)
	realDemoVault(t, st)
	prompts := make(chan string, 1)
	c, wz, _ := fillRekey(t, st, "cancel drill")
	wz.onPrompt = func(q string) { prompts <- q }
	startRecovery(t, c, wz, ceremony.DemoPassphrase)
	await(st, prompts)
	test.Tap(wz.cancelBtn)
	test.Tap(wz.cancelAsk.actionBtn) // Cancel asks first
	idle(st)
	if !errors.Is(wz.err, context.Canceled) || !strings.Contains(wz.runErr.Text, "Cancelled") {
		t.Errorf("after Cancel: error %v, shown %q", wz.err, wz.runErr.Text)
	}
	if top := st.Window.Canvas().Overlays().Top(); top != nil {
		t.Error("the question dialog stays open after Cancel")
	}
	// The unfinished ceremony is listed with an Abort button.
	test.Tap(findButton(t, c.root, "Close"))
	idle(st)
	if !showsIn(c.root, "unfinished rekey ceremony") {
		t.Errorf("unfinished ceremony not listed; visible %q", visibleTexts(c.root))
	}
}

func roleOf(s *ceremony.Status, label string) ceremony.Role {
	for _, k := range s.Keys {
		if k.Label == label {
			return k.Role
		}
	}
	return ""
}

// With no vault open, a witness can still co-sign a draft; a ceremony
// that needs the vault's keys says why it cannot start.
func TestNoVaultOpensOnlySoloMoves(t *testing.T) {
	st, _ := newTestState(t)
	c := newCeremoniesScreen(st)
	w := showIn(t, st, c.root)
	idle(st)
	test.Tap(findButton(t, c.root, "Release…"))
	if c.wizard != nil {
		t.Fatal("a release wizard opened with no vault")
	}
	top := w.Canvas().Overlays().Top()
	if top == nil || !showsIn(top, "No vault is open yet") {
		t.Fatalf("no explanation shown; overlay %v", top)
	}
	w.Canvas().Overlays().Remove(top)
	test.Tap(findButton(t, c.root, "Co-sign a hand-over draft…"))
	if c.wizard == nil || !c.wizard.isSolo() {
		t.Fatal("the witness's co-signature did not open without a vault")
	}
	if showsIn(c.root, "Operator") {
		t.Error("a solo move asks for an operator")
	}
}

// A witness's co-signature uses their own key: the demo vault's notes
// (its passphrase) are not shown there.
func TestDemoNotesNotOnSoloMoves(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	c, wz := openWizard(t, st, "Co-sign a hand-over draft…")
	if showsIn(c.root, "DEMO vault") {
		t.Errorf("the witness's wizard shows the demo vault's note: %q", wz.intro())
	}
	c, _ = openWizard(t, st, "Release…")
	if !showsIn(c.root, "DEMO vault") {
		t.Error("the release wizard does not say the vault is a demo")
	}
}
