package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// openDemoChain opens the demo chain on a new Verify screen and returns
// the screen, the signatory's key and one other key.
func openDemoChain(t *testing.T) (*State, *verifyScreen, *chain.PublicKey, *chain.PublicKey) {
	t.Helper()
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	rec, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	other, err := p.PublicKey("K1")
	if err != nil {
		t.Fatal(err)
	}
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.openChain(p.ChainPath())
	idle(st)
	if vs.result == nil {
		t.Fatalf("the demo chain did not verify: %q", vs.chainErr.Text)
	}
	return st, vs, rec, other
}

// trustFile reads the test's trust store; "" when there is none.
func trustFile(t *testing.T, st *State) string {
	t.Helper()
	path, _ := st.TrustPath()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestVerifyPasteRightKeyMatchesAndPins(t *testing.T) {
	st, vs, rec, _ := openDemoChain(t)
	for _, want := range []string{"Demo Maintainer (demo vault)", "4 entries", "3 releases, the newest 2.0.0"} {
		if !showsIn(vs.root, want) {
			t.Errorf("Verify does not show %q; visible %q", want, visibleTexts(vs.root))
		}
	}
	if vs.pkg.Text != ceremony.DemoPackage {
		t.Errorf("package = %q, want it read from the chain", vs.pkg.Text)
	}
	if vs.pinBtn.Visible() {
		t.Error("Pin is offered before any comparison")
	}

	test.Type(vs.keyText, rec.String())
	test.Tap(vs.textBtn)
	if vs.banner.result != verdictMatch {
		t.Fatalf("verdict %q, want MATCH", vs.banner.text())
	}
	if !showsIn(vs.root, "MATCH") || !strings.Contains(vs.banner.text(), rec.Fingerprint().Words()[0]) {
		t.Errorf("MATCH banner %q lacks the words", vs.banner.text())
	}
	if vs.banner.bg.FillColor != verdictGreen {
		t.Errorf("MATCH drawn in %v, want green", vs.banner.bg.FillColor)
	}
	if trustFile(t, st) != "" {
		t.Fatal("pinned before Pin was pressed")
	}

	test.Tap(findButton(t, vs.root, "Pin this signatory"))
	data := trustFile(t, st)
	ts, err := chain.ParseTrustStore("trust", []byte(data))
	if err != nil {
		t.Fatalf("trust store %q: %v", data, err)
	}
	pin, ok := ts.Get(ceremony.DemoPackage)
	if !ok || pin.Signatory != vs.result.Head.Signatory || pin.Position != 4 || pin.Entry != vs.result.Head.Entry {
		t.Errorf("pin = %+v, want the chain's head %+v", pin, vs.result.Head)
	}
	if !strings.Contains(vs.pinResult.Text, "Pinned "+ceremony.DemoPackage) {
		t.Errorf("pin feedback %q", vs.pinResult.Text)
	}
	if !vs.pinBtn.Disabled() {
		t.Error("Pin stays enabled after pinning")
	}
	// The file holds nothing but the store: no temporary files left.
	path, _ := st.TrustPath()
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("trust directory holds %d files, want 1", len(ents))
	}
}

func TestVerifyPasteWrongKeyMismatchesAndPinsNothing(t *testing.T) {
	st, vs, _, other := openDemoChain(t)
	test.Type(vs.keyText, other.String())
	test.Tap(vs.textBtn)
	if vs.banner.result != verdictMismatch {
		t.Fatalf("verdict %q, want MISMATCH", vs.banner.text())
	}
	if !showsIn(vs.root, "MISMATCH") || !strings.Contains(vs.banner.text(), "word 1") {
		t.Errorf("MISMATCH banner %q does not name the first wrong word", vs.banner.text())
	}
	if vs.banner.bg.FillColor != verdictRed {
		t.Errorf("MISMATCH drawn in %v, want red", vs.banner.bg.FillColor)
	}
	if vs.pinBtn.Visible() {
		t.Error("Pin is offered after a MISMATCH")
	}
	vs.pin()
	if trustFile(t, st) != "" {
		t.Error("something was pinned after a MISMATCH")
	}
}

func TestVerifyWholePublicKeyFileMatches(t *testing.T) {
	_, vs, rec, _ := openDemoChain(t)
	vs.compareText(string(rec.Marshal()))
	if vs.banner.result != verdictMatch {
		t.Errorf("pasting the .pub file: %q", vs.banner.text())
	}
	vs.compareText("not a key at all")
	if vs.banner.result != verdictNone || !vs.inputErr.Visible() {
		t.Errorf("garbage gave verdict %q, input error visible %v", vs.banner.text(), vs.inputErr.Visible())
	}
}

func TestVerifyQRImage(t *testing.T) {
	_, vs, rec, other := openDemoChain(t)
	dir := t.TempDir()
	write := func(name string, k *chain.PublicKey) string {
		png, err := chain.QRPNG(chain.QRPayload(k), 512)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	vs.compareQRFile(write("right.png", rec))
	idle(vs.st)
	if vs.banner.result != verdictMatch {
		t.Errorf("right QR: verdict %q, error %q", vs.banner.text(), vs.inputErr.Text)
	}
	if !vs.pinBtn.Visible() {
		t.Error("Pin not offered after a QR MATCH")
	}
	vs.compareQRFile(write("wrong.png", other))
	idle(vs.st)
	if vs.banner.result != verdictMismatch {
		t.Errorf("wrong QR: verdict %q, error %q", vs.banner.text(), vs.inputErr.Text)
	}
	notImage := filepath.Join(dir, "note.png")
	os.WriteFile(notImage, []byte("hello"), 0o644)
	vs.compareQRFile(notImage)
	idle(vs.st)
	if vs.banner.result != verdictNone || !vs.inputErr.Visible() {
		t.Errorf("not an image: verdict %q, error %q", vs.banner.text(), vs.inputErr.Text)
	}
}

func TestVerifyTypedWords(t *testing.T) {
	_, vs, rec, _ := openDemoChain(t)
	words := rec.Fingerprint().Words()
	test.Type(vs.words, strings.ToUpper(strings.Join(words, "  ")))
	test.Tap(vs.wordsBtn)
	if vs.banner.result != verdictMatch {
		t.Errorf("right words: %q", vs.banner.text())
	}
	// Swap word 4 with a later word of the same list (the even/odd lists
	// of the PGP words) that differs from it: a random key may repeat one.
	wrong := append([]string(nil), words...)
	j := 5
	for j < len(words) && words[j] == words[3] {
		j += 2
	}
	if j >= len(words) {
		t.Skip("words 4, 6, 8, 10 and 12 are the same word: no swap changes the fingerprint")
	}
	wrong[3], wrong[j] = wrong[j], wrong[3]
	vs.compareWords(strings.Join(wrong, " "))
	if vs.banner.result != verdictMismatch || !strings.Contains(vs.banner.text(), "word 4") {
		t.Errorf("swapped words: %q", vs.banner.text())
	}
	vs.compareWords(strings.Join(words[:5], " "))
	if vs.banner.result != verdictNone || !strings.Contains(vs.inputErr.Text, "all 12 words") {
		t.Errorf("five words: verdict %q, error %q", vs.banner.text(), vs.inputErr.Text)
	}
}

func TestVerifyRefusesBrokenChain(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	data, err := os.ReadFile(v.Package(ceremony.DemoPackage).ChainPath())
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "chain")
	os.WriteFile(bad, []byte(strings.Replace(string(data), "1.1.0", "1.1.1", 1)), 0o644)

	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.openChain(bad)
	idle(st)
	if vs.result != nil || !vs.chainErr.Visible() || !strings.Contains(vs.chainErr.Text, "does not verify") {
		t.Errorf("a tampered chain: result %v, error %q", vs.result, vs.chainErr.Text)
	}
	if vs.compare.Visible() {
		t.Error("comparison offered for a chain that does not verify")
	}

	// The wrong package name is refused too.
	vs.pkg.SetText("example.org/another")
	vs.openChain(v.Package(ceremony.DemoPackage).ChainPath())
	idle(st)
	if vs.result != nil || !vs.chainErr.Visible() {
		t.Errorf("a chain of another package was accepted")
	}
}

func TestPinSignatoryRefusesAnotherSignatory(t *testing.T) {
	_, vs, _, _ := openDemoChain(t)
	path := filepath.Join(t.TempDir(), "trust")
	if err := pinSignatory(path, &vs.result.Head); err != nil {
		t.Fatal(err)
	}
	other := vs.result.Head
	other.Signatory = "00112233445566778899aabbccddeeff"
	if err := pinSignatory(path, &other); err == nil {
		t.Error("a second signatory for the same package was pinned")
	}
}

func TestVerifyOffersDemoChainOnlyInDemo(t *testing.T) {
	st, _ := newTestState(t)
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	if vs.demoBtn.Visible() {
		t.Error("demo chain offered with no vault")
	}
	st.SetVault(realVault(t))
	if vs.demoBtn.Visible() {
		t.Error("demo chain offered for a real vault")
	}
	st.SetVault(copyDemoVault(t))
	if !vs.demoBtn.Visible() {
		t.Fatal("demo chain not offered in the demo vault")
	}
	test.Tap(vs.demoBtn)
	idle(st)
	if vs.result == nil || vs.result.Name != "Demo Maintainer (demo vault)" {
		t.Errorf("demo chain: %v, error %q", vs.result, vs.chainErr.Text)
	}
}
