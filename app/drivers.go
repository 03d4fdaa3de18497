package app

// The drivers: how the tests and the screenshots tool (Screenshots) work
// the screens and wizards headlessly, one copy for both. Nothing here is
// reached from Run, so the app's binary links none of it; Fyne's test
// driver comes in as ui (see package drive).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

// ui is Fyne's test driver, set by the tests (TestMain) and Screenshots.
var ui drive.Driver

const (
	strongPass = "orbit marble cactus velvet lantern"
	carolPass  = "carol's own passphrase"
)

// offline is a fake readiness check: an offline machine.
func offline(v *ceremony.Vault, _ ceremony.Options) (*ceremony.Readiness, error) {
	return &ceremony.Readiness{VaultDir: v.Dir}, nil
}

// notes records desktop notifications.
type notes struct {
	mu   sync.Mutex
	list []string
}

func (n *notes) notify(title, message string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, title+": "+message)
	return nil
}

func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.list...)
}

// newDrivenState returns a state on a, a test app, whose notifications,
// trust store and readiness check are the driver's, with no vault open.
func newDrivenState(t drive.T, a fyne.App) (*appState, *notes) {
	t.Helper()
	st := newAppState(a)
	n := &notes{}
	st.Notify = n.notify
	trust := filepath.Join(t.TempDir(), "config", "baton", "trust")
	st.TrustPath = func() (string, error) { return trust, nil }
	// No log policy unless the test writes one there.
	policy := filepath.Join(filepath.Dir(trust), "log-policy")
	st.LogPolicy = func() (string, error) { return policy, nil }
	monitor := filepath.Join(filepath.Dir(trust), "monitor.json")
	st.MonitorState = func(string) (string, error) { return monitor, nil }
	st.Readiness = offline
	// The driver's goroutine plays the UI goroutine: it holds the lock of
	// appState.Do while it runs, so background jobs update the UI only while
	// it is idle (idle, await), as in the real app.
	st.uiMu.Lock()
	t.Cleanup(func() {
		st.uiMu.Unlock()
		st.Wait()
	})
	return st, n
}

// idle lets the background jobs run to their end, as the UI goroutine
// does between events.
func idle(st *appState) {
	st.uiMu.Unlock()
	defer st.uiMu.Lock()
	st.Wait()
}

// await receives from ch, letting background jobs update the UI meanwhile.
func await[T any](st *appState, ch <-chan T) T {
	st.uiMu.Unlock()
	defer st.uiMu.Lock()
	return <-ch
}

// showIn puts o in a new window of a good size, makes it st's window and
// returns it.
func showIn(t drive.T, st *appState, o fyne.CanvasObject) fyne.Window {
	t.Helper()
	idle(st) // no job may touch o while the window renders it
	w := st.App.NewWindow("")
	w.SetContent(o)
	w.Resize(fyne.NewSize(1000, 800))
	st.Window = w
	t.Cleanup(w.Close)
	return w
}

// findButton returns the visible button labelled text under o.
func findButton(t drive.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	return ui.FindButton(t, o, text)
}

// visibleTexts returns every text a person could see in o.
func visibleTexts(o fyne.CanvasObject) []string { return ui.VisibleTexts(o) }

// showsIn reports whether some visible text under o contains want.
func showsIn(o fyne.CanvasObject, want string) bool { return ui.ShowsIn(o, want) }

// answerDialog taps the button labelled answer in the dialog on top of
// st's window.
func answerDialog(t drive.T, st *appState, answer string) {
	t.Helper()
	top := st.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is showing")
	}
	ui.Tap(findButton(t, top, answer))
}

// copyDemoVault returns a fresh copy of the demo vault.
func copyDemoVault(t drive.T) *ceremony.Vault {
	t.Helper()
	return drive.CopyDemoVault(t)
}

// realVault returns a copy of the demo vault without its demo marker.
func realVault(t drive.T) *ceremony.Vault {
	t.Helper()
	v := copyDemoVault(t)
	if err := os.Remove(filepath.Join(v.Dir, ceremony.DemoMarker)); err != nil {
		t.Fatal(err)
	}
	return v
}

// useRealVault opens a real copy of the demo vault in st, with fast new
// keys.
func useRealVault(t drive.T, st *appState) (*ceremony.Vault, *ceremony.Package) {
	t.Helper()
	v := realVault(t)
	st.SetVault(v)
	v.KDFRounds = 4 // after SetVault, which applies the preference
	return v, v.Package(ceremony.DemoPackage)
}

// openWizard shows the Ceremonies screen for st and starts the wizard of
// the button labelled button.
func openWizard(t drive.T, st *appState, button string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)
	ui.Tap(findButton(t, c.root, button))
	if c.wizard == nil {
		t.Fatal("no wizard opened")
	}
	return c, c.wizard
}

// fillWizard opens the wizard of button, lets fill give the details and
// moves on to the passphrase page.
func fillWizard(t drive.T, st *appState, button string, fill func(wz *wizard)) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c, wz := openWizard(t, st, button)
	fill(wz)
	ui.Type(wz.operator, "Tester")
	ui.Tap(findButton(t, c.root, "Next"))
	if wz.page != pagePassphrase {
		t.Fatalf("details refused: %q", wz.formErr.Text)
	}
	if wz.pass2.Visible() && showsIn(c.root, "Once more") {
		t.Error("the wizard asks for a new passphrase")
	}
	return c, wz
}

// runWizard fills the wizard of button, enters pass and runs the
// ceremony to its end.
func runWizard(t drive.T, st *appState, button, pass string, fill func(wz *wizard)) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c, wz := fillWizard(t, st, button, fill)
	ui.Type(wz.pass, pass)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	return c, wz
}

// holders are the share holders fillShares names.
var holders = []string{"Ann Holder", "Bob Holder", "Cy Holder", "Di Holder", "Ed Holder"}

// fillShares asks for the recovery key split 3 of 5 among holders, with
// the sheets in folder.
func fillShares(folder string) func(wz *wizard) {
	return func(wz *wizard) {
		f := wz.form.(*sharesForm)
		f.folder.SetText(folder)
		f.m.SetText("3")
		f.n.SetText("5")
		f.holders.SetText(strings.Join(holders, "\n") + "\n")
	}
}

// keyCopy copies the vault's secret key label of p to a new file outside
// the vault.
func keyCopy(t drive.T, p *ceremony.Package, label string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(p.Dir, "keys", label+".sec"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), label+".sec")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fillRestore chooses label and the backup from in the restore wizard;
// only test ticks or unticks "only test" unless nil.
func fillRestore(label, from string, onlyTest *bool) func(wz *wizard) {
	return func(wz *wizard) {
		f := wz.form.(*restoreForm)
		f.label.SetSelected(label)
		f.from.SetText(from)
		if onlyTest != nil {
			f.check.SetChecked(*onlyTest)
		}
	}
}

// handoverScene is a hand-over of the demo package from a real vault
// (Alice's) to an empty one (Bob's), witnessed by Carol, whose signify key
// has a passphrase of its own.
type handoverScene struct {
	dir               string
	alice, bob        *ceremony.Vault
	published         string // the chain as Alice publishes it
	carol             *signify.SecretKey
	carolSec, strange string // Carol's key file and a key the draft does not name
	draft             string
}

func newHandoverScene(t drive.T) *handoverScene {
	t.Helper()
	s := &handoverScene{dir: t.TempDir(), alice: realVault(t)}
	data, err := os.ReadFile(s.alice.Package(ceremony.DemoPackage).ChainPath())
	if err != nil {
		t.Fatal(err)
	}
	s.published = s.write(t, "published-chain", data)
	s.carol, s.carolSec = s.witnessKey(t, "carol.sec")
	_, s.strange = s.witnessKey(t, "mallory.sec")
	s.draft = filepath.Join(s.dir, "handover.draft")
	if s.bob, err = ceremony.OpenVault(filepath.Join(t.TempDir(), "bob")); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *handoverScene) write(t drive.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(s.dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// witnessKey makes a signify secret key file protected by carolPass.
func (s *handoverScene) witnessKey(t drive.T, name string) (*signify.SecretKey, string) {
	t.Helper()
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.EncryptSecretKey(k, []byte(carolPass), 4, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(s.dir, name)
	if err := os.WriteFile(path, enc.Marshal(), 0o600); err != nil {
		t.Fatal(err)
	}
	return k, path
}

// carolLine is the witness line naming Carol's key.
func (s *handoverScene) carolLine() string {
	return "Carol Witness=" + s.carol.Public("").String()
}

// use makes v st's vault, with fast new keys.
func (s *handoverScene) use(st *appState, v *ceremony.Vault) {
	st.SetVault(v)
	v.KDFRounds = 4
}

// next taps Next on the details page and reports the error shown, if
// the wizard stayed there.
func (s *handoverScene) next(t drive.T, c *ceremoniesScreen, wz *wizard) string {
	t.Helper()
	ui.Tap(findButton(t, c.root, "Next"))
	if wz.page == pageDetails {
		if !showsIn(c.root, wz.formErr.Text) {
			t.Errorf("the details' error is not visible: %q", wz.formErr.Text)
		}
		return wz.formErr.Text
	}
	return ""
}

// start types the passphrase (twice when new) and starts the ceremony.
func (s *handoverScene) start(t drive.T, c *ceremoniesScreen, wz *wizard, pass string) {
	t.Helper()
	if wz.page != pagePassphrase {
		t.Fatalf("on page %d, want the passphrase", wz.page)
	}
	ui.Type(wz.pass, pass)
	if wz.newPass {
		ui.Type(wz.pass2, pass)
	}
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
}

// fillRequest opens Bob's request and fills it, with witnesses as given.
func (s *handoverScene) fillRequest(t drive.T, st *appState, chainPath, witnesses string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c, wz := openWizard(t, st, "Request a hand-over…")
	f := wz.form.(*handoverRequestForm)
	f.chainPath.SetText(chainPath)
	ui.Type(f.nameEntry, "Bob Successor")
	ui.Type(f.reason, "Demo Maintainer retires")
	f.witnesses.SetText(witnesses)
	f.draftPath.SetText(s.draft)
	ui.Type(wz.operator, "Bob")
	return c, wz
}

// witness runs the co-signature with key and pass.
func (s *handoverScene) witness(t drive.T, st *appState, key, pass string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c, wz := openWizard(t, st, "Co-sign a hand-over draft…")
	if showsIn(c.root, "Operator") {
		t.Error("a witness's co-signature asks for an operator")
	}
	f := wz.form.(*handoverWitnessForm)
	f.draftPath.SetText(s.draft)
	for _, want := range []string{"Hands " + ceremony.DemoPackage + " over at position 5", `to "Bob Successor"`, `Reason: "Demo Maintainer retires"`, "Witnesses, one per line:"} {
		if !showsIn(c.root, want) {
			t.Errorf("the witness is not shown %q; visible %q", want, visibleTexts(c.root))
		}
	}
	f.keyPath.SetText(key)
	if msg := s.next(t, c, wz); msg != "" {
		t.Fatalf("witness details refused: %s", msg)
	}
	if !showsIn(c.root, "your own witness key") {
		t.Error("the passphrase page does not say which passphrase")
	}
	s.start(t, c, wz, pass)
	idle(st)
	return c, wz
}

// sign fills Alice's signature with draft and starts it; the question
// comes on prompts.
func (s *handoverScene) sign(t drive.T, st *appState, draft string, prompts chan string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	c, wz := openWizard(t, st, "Sign a hand-over…")
	wz.onPrompt = func(q string) { prompts <- q }
	f := wz.form.(*handoverSignForm)
	if f.pkgPick.Selected != ceremony.DemoPackage {
		t.Errorf("package preselected %q", f.pkgPick.Selected)
	}
	f.draftPath.SetText(draft)
	wz.operator.SetText("Alice")
	return c, wz
}

// vectorPackage is the package of the chains in testdata/.
const vectorPackage = "example.org/hello"

// vectorCase is one verify vector of testdata/vectors.json.
type vectorCase struct {
	Name, Chain, Pin, Expect string
	Head                     uint64
	Events                   []uint64
}

// readVectorIn reads the vector name from testdata/vectors.json in dir.
func readVectorIn(t drive.T, testdata, name string) vectorCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []vectorCase
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Name == name {
			c.Chain = filepath.Join(testdata, filepath.FromSlash(c.Chain))
			return c
		}
	}
	t.Fatalf("no vector %s", name)
	return vectorCase{}
}

// writePin makes st's trust store hold the pin line and returns the
// file's bytes.
func writePin(t drive.T, st *appState, line string) string {
	t.Helper()
	path, _ := st.TrustPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	data := "# baton trust store: package signatory position entry-hash next-key (see SPEC.md)\n" + line + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// openPinnedIn shows a Verify screen for the vectors' package in st, with
// the trust store holding pin, and opens the chain at path; it returns
// the screen and the trust store's bytes.
func openPinnedIn(t drive.T, st *appState, pin, path string) (*verifyScreen, string) {
	t.Helper()
	store := writePin(t, st, pin)
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.pkg.SetText(vectorPackage)
	vs.openChain(path)
	idle(st)
	return vs, store
}
