package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// TestDestructiveChoiceDefaultsToSafe: the re-key's "delete the secret"
// question names the action on a danger button, says whether a
// restore-tested backup exists, and focuses the safe button, so Space or
// Enter keeps the key.
func TestDestructiveChoiceDefaultsToSafe(t *testing.T) {
	st, _ := newTestState(t)
	realDemoVault(t, st)
	prompts := make(chan string, 1)
	c, wz, _ := fillRekey(t, st, "K4 was lost")
	wz.onPrompt = func(q string) { prompts <- q }
	startRecovery(t, c, wz, ceremony.DemoPassphrase)
	await(st, prompts)
	q := wz.question
	if q == nil {
		t.Fatal("no question dialog")
	}
	if q.actionBtn.Importance != widget.DangerImportance || !strings.HasPrefix(q.actionBtn.Text, "Delete ") || !strings.HasSuffix(q.actionBtn.Text, "'s secret") {
		t.Errorf("action button %q, importance %v", q.actionBtn.Text, q.actionBtn.Importance)
	}
	if !strings.HasPrefix(q.safeBtn.Text, "Keep ") {
		t.Errorf("safe button %q", q.safeBtn.Text)
	}
	top := st.Window.Canvas().Overlays().Top()
	if top == nil || !showsIn(top, "restore-tested backup") {
		t.Errorf("the dialog does not say whether a restore-tested backup exists: %q", visibleTexts(top))
	}
	if st.Window.Canvas().Focused() != fyne.Focusable(q.safeBtn) {
		t.Fatalf("focus on %T, want the safe button", st.Window.Canvas().Focused())
	}
	pressKey(st.Window.Canvas(), fyne.KeySpace, ' ')
	idle(st)
	if wz.err != nil || !strings.Contains(wz.transcript, "kept") {
		t.Errorf("Space on the default did not keep the key: %v\n%s", wz.err, wz.transcript)
	}
}

// TestCancelAsksAndIsNotWhereStartWas: Cancel is away from where Start
// was, and asks, keeping the ceremony running by default.
func TestCancelAsksAndIsNotWhereStartWas(t *testing.T) {
	st, _ := newTestState(t)
	realDemoVault(t, st)
	prompts := make(chan string, 1)
	c, wz, _ := fillRekey(t, st, "cancel drill")
	wz.onPrompt = func(q string) { prompts <- q }
	d := st.App.Driver()
	start := findButton(t, c.root, "Start the ceremony")
	startAt := d.AbsolutePositionForObject(start)
	startRecovery(t, c, wz, ceremony.DemoPassphrase)
	await(st, prompts)
	cancelAt := d.AbsolutePositionForObject(wz.cancelBtn)
	if r := (fyne.Position{X: cancelAt.X + wz.cancelBtn.Size().Width, Y: cancelAt.Y + wz.cancelBtn.Size().Height}); startAt.X < r.X && cancelAt.X < startAt.X+start.Size().Width &&
		startAt.Y < r.Y && cancelAt.Y < startAt.Y+start.Size().Height {
		t.Errorf("Cancel at %v overlaps where Start was (%v)", cancelAt, startAt)
	}
	test.Tap(wz.cancelBtn)
	if wz.cancelAsk == nil || st.Window.Canvas().Focused() != fyne.Focusable(wz.cancelAsk.safeBtn) {
		t.Fatal("Cancel did not ask, with Keep running the default")
	}
	test.Tap(wz.cancelAsk.safeBtn)
	if !wz.running {
		t.Fatal("keep running stopped the ceremony")
	}
	test.Tap(wz.question.safeBtn)
	idle(st)
	if wz.err != nil {
		t.Errorf("ceremony: %v", wz.err)
	}
}

// TestOnlineAsksBeforeStarting: on an online machine a ceremony starts
// only after an explicit "Run online anyway", asked each time.
func TestOnlineAsksBeforeStarting(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	v.KDFRounds = 4
	st.Readiness = online
	_, wz := openGenesisPassphrase(t, "example.org/hello", "Jane Doe", "Jane Doe")
	wz.st.Readiness = online
	wz.pass.SetText(strongPass)
	wz.pass2.SetText(strongPass)
	wz.startIfReady()
	if wz.online == nil || wz.running {
		t.Fatalf("online: asked %v, running %v", wz.online != nil, wz.running)
	}
	if wz.online.actionBtn.Text != "Run online anyway" || wz.online.actionBtn.Importance != widget.DangerImportance ||
		wz.st.Window.Canvas().Focused() != fyne.Focusable(wz.online.safeBtn) {
		t.Errorf("online dialog: action %q, focus %T", wz.online.actionBtn.Text, wz.st.Window.Canvas().Focused())
	}
	test.Tap(wz.online.safeBtn)
	if wz.running || wz.page != pagePassphrase {
		t.Fatal("the ceremony started without the confirmation")
	}
	wz.startIfReady()
	test.Tap(wz.online.actionBtn)
	if wz.page != pageRun {
		t.Fatalf("run online anyway: page %d", wz.page)
	}
	idle(wz.st)
	if wz.err != nil {
		t.Fatalf("genesis: %v", wz.err)
	}
	// Genesis ends with Back up now, which opens the backup wizard.
	if wz.backupAsk == nil {
		t.Fatal("genesis did not offer Back up now")
	}
	test.Tap(wz.backupAsk.actionBtn)
	c := wz.st.ceremonies
	if c == nil || c.wizard == nil {
		t.Fatal("Back up now opened no wizard")
	}
	if f, ok := c.wizard.form.(*keyBackupForm); !ok || f.pkg() != "example.org/hello" {
		t.Errorf("Back up now opened %T for %q", c.wizard.form, c.wizard.form.pkg())
	}
}

// TestDueItemsAreButtons: every item Status.Due words has a button that
// opens the wizard doing it.
func TestDueItemsAreButtons(t *testing.T) {
	for item, want := range map[string]string{
		"finish the unfinished release ceremony (run it again to resume, or abort it)":            "Resume or abort…",
		"the key in force is not in this vault: if it is lost, re-key with the recovery key":      "Re-key…",
		"the secret of K4, the key in force, is missing: re-key with the recovery key":            "Re-key…",
		"no release-plus-two spare key: the next release ceremony generates one":                  "Release…",
		"the secrets of the used keys K3 are still in the vault: they sign nothing again; the …":  "Release…",
		"destroy the backups of the retired keys K1 (paper), then record that they are destroyed": "Backups…",
		"backup not restore-tested: recovery, K5 (back them up, or restore-test their backups)":   "Back up now…",
	} {
		if a, ok := dueAction(item); !ok || a.button != want {
			t.Errorf("%q: button %q, want %q", item, a.button, want)
		}
	}
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(v)
	idle(st)
	box := dueView(st, ceremony.DemoPackage, []string{"backup not restore-tested: K5 (back them up, or restore-test their backups)"})
	test.Tap(findButton(t, box, "Back up now…"))
	if st.nav.tabs.SelectedIndex() != 3 || st.ceremonies == nil || st.ceremonies.wizard == nil {
		t.Fatal("the due item's button opened no wizard")
	}
	if _, ok := st.ceremonies.wizard.form.(*keyBackupForm); !ok {
		t.Errorf("opened %T", st.ceremonies.wizard.form)
	}
}
