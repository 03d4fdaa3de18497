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
	asked := wz.form.title() + ": " + wz.question.title
	if got := wz.status(); got != asked {
		t.Errorf("status %q while the ceremony asks, want %q", got, asked)
	}
	test.Tap(wz.cancelBtn)
	if wz.cancelAsk == nil || st.Window.Canvas().Focused() != fyne.Focusable(wz.cancelAsk.safeBtn) {
		t.Fatal("Cancel did not ask, with Keep running the default")
	}
	test.Tap(wz.cancelAsk.safeBtn)
	if !wz.running {
		t.Fatal("keep running stopped the ceremony")
	}
	// The status names the dialog on top: once Cancel's is answered, the
	// ceremony's question again; once that is answered, none.
	if wz.cancelAsk != nil || wz.status() != asked {
		t.Errorf("after Keep running: cancel dialog %v, status %q, want %q", wz.cancelAsk != nil, wz.status(), asked)
	}
	test.Tap(wz.question.safeBtn)
	idle(st)
	if wz.err != nil {
		t.Errorf("ceremony: %v", wz.err)
	}
	if wz.question != nil || strings.HasSuffix(wz.status(), "?") {
		t.Errorf("after the answer: question %v, status %q", wz.question != nil, wz.status())
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

// TestDueItemsAreButtons: every kind of item Status.Items has gets a
// button that opens the wizard doing it, found by the item's kind, not
// its words.
func TestDueItemsAreButtons(t *testing.T) {
	for kind, want := range map[ceremony.DueKind]string{
		ceremony.DueUnfinished:     "Resume or abort…",
		ceremony.DueRekey:          "Re-key…",
		ceremony.DueSpare:          "Release…",
		ceremony.DueWipeUsed:       "Release…",
		ceremony.DueDestroyBackups: "Backups…",
		ceremony.DueBackup:         "Back up now…",
	} {
		if a, ok := dueAction(kind); !ok || a.button != want {
			t.Errorf("%v: button %q, want %q", kind, a.button, want)
		}
	}
	if _, ok := dueAction(ceremony.DueHandedOver); ok {
		t.Error("a hand-over done offers a button")
	}
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(v)
	idle(st)

	// The demo package's items come typed, naming their keys.
	s, err := v.Package(ceremony.DemoPackage).Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Items) != len(s.Due()) || len(s.Items) == 0 || s.Items[0].Kind != ceremony.DueWipeUsed ||
		strings.Join(s.Items[0].Keys, ",") != "K3" || s.Items[0].Text != s.Due()[0] {
		t.Errorf("the demo package's items: %+v (due %q), want the used key K3 first", s.Items, s.Due())
	}

	box := dueView(st, ceremony.DemoPackage, []ceremony.DueItem{{Kind: ceremony.DueBackup, Text: "words of another day", Keys: []string{"K5"}}})
	test.Tap(findButton(t, box, "Back up now…"))
	if st.nav.SelectedIndex() != 3 || st.ceremonies == nil || st.ceremonies.wizard == nil {
		t.Fatal("the due item's button opened no wizard")
	}
	if _, ok := st.ceremonies.wizard.form.(*keyBackupForm); !ok {
		t.Errorf("opened %T", st.ceremonies.wizard.form)
	}
}

// TestRetireQuestionIsTyped: the re-key's question before deleting the
// replaced key's secret reaches the app typed and is worded as a danger
// choice keeping the key by default; the same words as plain text are an
// ordinary Yes/No question, so its wording decides nothing.
func TestRetireQuestionIsTyped(t *testing.T) {
	q := ceremony.RetireQuestion{Package: ceremony.DemoPackage, Label: "K4"}
	c := retireChoice(q, nil)
	if !c.danger || c.action != "Delete K4's secret" || c.safe != "Keep K4" || !strings.HasPrefix(c.message, q.String()) {
		t.Errorf("retire choice %+v", c)
	}
	if c := choiceFor(q.String()); c.danger || c.action != "Yes" || c.safe != "No" {
		t.Errorf("the question's text alone is worded %+v, want a plain Yes/No", c)
	}

	// Through the wizard: the re-key's form hands the ceremony the
	// wizard's way to ask, and the dialog is the typed one.
	st, _ := newTestState(t)
	realDemoVault(t, st)
	prompts := make(chan string, 1)
	c2, wz, f := fillRekey(t, st, "K4 was lost")
	wz.onPrompt = func(q string) { prompts <- q }
	startRecovery(t, c2, wz, ceremony.DemoPassphrase)
	if got := await(st, prompts); got != q.String() {
		t.Errorf("asked %q, want %q", got, q.String())
	}
	if f.ask == nil || wz.question == nil || wz.question.title != "Delete K4's secret?" {
		t.Fatalf("the question was not asked typed: %+v", wz.question)
	}
	test.Tap(wz.question.safeBtn)
	idle(st)
	if wz.err != nil {
		t.Fatal(wz.err)
	}
}
