package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// On a vault with no package, Release is no dead end: its card says there
// is no package and offers New chain; Emergency is not offered either.
func TestReleaseOnEmptyVaultOffersNewChain(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)

	for _, title := range []string{"Release", "Emergency switch"} {
		if !c.buttons[title].Disabled() {
			t.Errorf("%s is offered on a vault with no package", title)
		}
		if !c.why[title].Visible() || !strings.Contains(c.why[title].Text, "no package") {
			t.Errorf("%s does not say why it is not offered: %q", title, c.why[title].Text)
		}
	}
	if c.buttons["New chain"].Disabled() || c.buttons["Paper backup"].Disabled() {
		t.Error("a ceremony that applies is not offered")
	}
	if !c.newChain.Visible() {
		t.Fatal("the Release card does not offer New chain")
	}
	test.Tap(c.newChain)
	if c.wizard == nil {
		t.Fatal("New chain on the Release card opened no wizard")
	}
	if _, ok := c.wizard.form.(*genesisForm); !ok {
		t.Fatalf("New chain opened %T", c.wizard.form)
	}
	c.closeWizard()

	// Reached another way (a shortcut, What is due), the release wizard
	// does not open on an empty list: a dialog says why and offers New chain.
	c.open(newReleaseForm(st))
	if c.wizard != nil || c.noPackageAsk == nil {
		t.Fatal("the release wizard opened with no package to release")
	}
	answerDialog(t, st, "New chain…")
	if c.wizard == nil {
		t.Fatal("the dialog's New chain opened no wizard")
	}
	if _, ok := c.wizard.form.(*genesisForm); !ok {
		t.Fatalf("the dialog's New chain opened %T", c.wizard.form)
	}
}

// With one package, Release is offered and picks it; Emergency is offered
// only for a chain that committed to an emergency key.
func TestReleaseAndEmergencyOfferedWhereTheyApply(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	st.Package = ""
	if f := newReleaseForm(st); f.pkgPick.Selected != ceremony.DemoPackage {
		t.Errorf("the only package is not pre-selected: %q of %q", f.pkgPick.Selected, f.pkgPick.Options)
	}
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)
	if c.buttons["Release"].Disabled() || c.newChain.Visible() {
		t.Error("Release is not offered on a vault with a package")
	}
	if !c.buttons["Emergency switch"].Disabled() || !strings.Contains(c.why["Emergency switch"].Text, "re-key instead") {
		t.Errorf("Emergency is offered for a chain with no emergency key: %q", c.why["Emergency switch"].Text)
	}

	st2, _ := newTestState(t)
	emergencyVault(t, st2)
	c2 := newCeremoniesScreen(st2)
	showIn(t, st2, c2.root)
	idle(st2)
	if c2.buttons["Emergency switch"].Disabled() || c2.why["Emergency switch"].Visible() {
		t.Error("Emergency is not offered for a chain with an emergency key")
	}
}

// The recovery ceremonies do not look like the routine ones.
func TestRecoveryCardsLookApart(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)
	want := map[string]widget.Importance{
		"New chain": widget.HighImportance, "Release": widget.HighImportance, "Paper backup": widget.HighImportance,
		"Re-key": widget.WarningImportance, "Adopt (fork) a chain": widget.WarningImportance,
		"Emergency switch": widget.DangerImportance,
	}
	for title, imp := range want {
		if got := c.buttons[title].Importance; got != imp {
			t.Errorf("%s's button has importance %v, want %v", title, got, imp)
		}
	}
	if !showsIn(c.root, "Not routine") {
		t.Error("the recovery section is not set apart")
	}
}

// New chain offers the emergency key, and a chain started with it can
// switch to it.
func TestGenesisWizardOffersEmergencyKey(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	v.KDFRounds = 4
	c, wz := openWizard(t, st, "New chain (genesis)…")
	form := wz.form.(*genesisForm)
	if !showsIn(c.root, "Also make an emergency key") {
		t.Fatal("the New chain wizard does not offer the emergency key")
	}
	without := len(form.stepTitles())
	test.Tap(form.emergency)
	if !form.params().EmergencyKey || len(form.stepTitles()) <= without {
		t.Fatalf("ticking the emergency key does not ask for it: %+v, steps %q", form.params(), form.stepTitles())
	}
	test.Type(form.pkgEntry, "example.org/hello")
	test.Type(form.nameEntry, "Jane Doe")
	test.Type(wz.operator, "Jane Doe")
	test.Tap(findButton(t, c.root, "Next"))
	test.Type(wz.pass, strongPass)
	test.Type(wz.pass2, strongPass)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("genesis: page %d, error %v", wz.page, wz.err)
	}
	if err := v.Package("example.org/hello").EmergencyReady(); err != nil {
		t.Fatalf("the chain cannot switch to its emergency key: %v", err)
	}
	c.closeWizard()
	idle(st)
	if c.buttons["Emergency switch"].Disabled() {
		t.Error("Emergency is not offered after a genesis with an emergency key")
	}
}

// Every ceremony card has a help page, embedded; Help shows it.
func TestEveryCeremonyHasHelp(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	used := map[string]bool{}
	for _, cc := range ceremonyCards() {
		name := cc.form(st).name()
		if cc.help != name {
			t.Errorf("%s: the card's Help names %q, its wizard's %q", cc.title, cc.help, name)
		}
		text := helpText(name)
		if !strings.HasPrefix(text, "# ") || len(text) < 200 {
			t.Errorf("%s (%s) has no help page (%d bytes)", cc.title, name, len(text))
		}
		used[helpFiles[name]] = true
	}
	pages, err := helpPages.ReadDir("help")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if !used[p.Name()] {
			t.Errorf("help/%s is no ceremony card's page", p.Name())
		}
	}
	c := newCeremoniesScreen(st)
	w := showIn(t, st, c.root)
	idle(st)
	test.Tap(c.helps["Emergency switch"])
	if c.help == nil || !strings.Contains(c.help.String(), "re-key") {
		t.Fatalf("Help shows no page: %v", c.help)
	}
	top := w.Canvas().Overlays().Top()
	if top == nil || !showsIn(top, "Help: Emergency switch") {
		t.Fatal("the help page is not shown")
	}
	answerDialog(t, st, "Close")
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Close does not close the help page")
	}

	// Inside a wizard, Help shows the same page, on every page of it.
	test.Tap(findButton(t, c.root, "Release…"))
	wz := c.wizard
	if wz == nil {
		t.Fatal("no wizard opened")
	}
	test.Tap(findButton(t, wz.root, "Help"))
	if wz.help == nil || wz.help.String() != widget.NewRichTextFromMarkdown(helpText("release")).String() {
		t.Fatalf("the wizard's Help shows %v, want the release's page", wz.help)
	}
	if top := w.Canvas().Overlays().Top(); top == nil || !showsIn(top, "Help: Release") {
		t.Fatal("the wizard's help page is not shown")
	}
	answerDialog(t, st, "Close")
}

// TestEmergencyFormListsOnlyEmergencyPackages: the emergency switch offers
// only the packages whose chain committed to an emergency key, and picks
// the only one even while another package is selected.
func TestEmergencyFormListsOnlyEmergencyPackages(t *testing.T) {
	st, _ := newTestState(t)
	v := emergencyVault(t, st)
	if _, err := v.Genesis(context.Background(), recoveryUI(strongPass), ceremony.Options{Operator: "Jane Doe"},
		ceremony.GenesisParams{Package: "example.org/plain", Name: "Jane Doe"}); err != nil {
		t.Fatal(err)
	}
	st.SelectPackage("example.org/plain")
	f := newEmergencyForm(st)
	if got := strings.Join(f.pkgPick.Options, ", "); got != "example.org/hello" {
		t.Errorf("the emergency form offers %q, want only example.org/hello", got)
	}
	if f.pkg() != "example.org/hello" {
		t.Errorf("selected %q, want the only package that can switch", f.pkg())
	}
	if all := newReleaseForm(st).pkgPick.Options; len(all) != 2 {
		t.Errorf("the release form offers %q, want both packages", all)
	}
}

// New chain offers the signatory of another package of the vault: the
// chain shares its recovery key and signatory id, and the passphrase is
// that package's, asked once.
func TestGenesisWizardUnderAnExistingSignatory(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	v.KDFRounds = 4
	ui := &ceremony.UI{Passphrase: func(string, bool) ([]byte, error) { return []byte(strongPass), nil }}
	first, err := v.Genesis(context.Background(), ui, ceremony.Options{Operator: "Ada"}, ceremony.GenesisParams{Package: "example.org/hello", Name: "Ada Lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	c, wz := openWizard(t, st, "New chain (genesis)…")
	form := wz.form.(*genesisForm)
	if len(form.signatory.Options) != 2 || form.signatoryOf() != "" || !form.newPassphrase() {
		t.Fatalf("signatory choices %q, chosen %q", form.signatory.Options, form.signatoryOf())
	}
	form.signatory.SetSelected(form.signatory.Options[1])
	if form.signatoryOf() != "example.org/hello" || form.newPassphrase() || form.nameEntry.Text != "Ada Lovelace" {
		t.Fatalf("chose %q: signatory of %q, new passphrase %v, name %q", form.signatory.Selected, form.signatoryOf(), form.newPassphrase(), form.nameEntry.Text)
	}
	test.Type(form.pkgEntry, "example.org/tools")
	test.Type(wz.operator, "Ada")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.newPass {
		t.Fatal("the passphrase of an existing signatory is asked as a new one")
	}
	test.Type(wz.pass, strongPass)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("genesis: page %d, error %v", wz.page, wz.err)
	}
	es, err := v.Package("example.org/tools").Chain()
	if err != nil || len(es) != 1 || es[0].Entry.Signatory != first.Head.Signatory {
		t.Fatalf("tools' chain %v: %v", es, err)
	}
}
