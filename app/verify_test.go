package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// openDemoChain opens the demo chain on a new Verify screen and returns
// the screen, the signatory's key and a key the chain does not name.
func openDemoChain(t *testing.T) (*appState, *verifyScreen, *signify.PublicKey, *signify.PublicKey) {
	t.Helper()
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	rec, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	other := mustPub(t) // a key the chain does not name
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.pkg.SetText(ceremony.DemoPackage)
	vs.openChain(p.ChainPath())
	idle(st)
	if vs.result == nil {
		t.Fatalf("the demo chain did not verify: %q", vs.chainErr.Text)
	}
	return st, vs, rec, other
}

// trustFile reads the test's trust store; "" when there is none.
func trustFile(t *testing.T, st *appState) string {
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
	idle(st)
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
	// The directory holds the store and its lock: no temporary files left.
	path, _ := st.TrustPath()
	ents, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range ents {
		if e.Name() != "trust" && e.Name() != "trust.lock" {
			t.Errorf("trust directory holds %s", e.Name())
		}
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
	write := func(name string, k *signify.PublicKey) string {
		png, err := qr.PNG(qr.Payload(k), 512)
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
	vs.pkg.SetText(ceremony.DemoPackage)
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

// The package is named, not read from the chain: with no name nothing is
// checked, and a chain of another package is refused.
func TestVerifyNeedsThePackageNamed(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.openChain(v.Package(ceremony.DemoPackage).ChainPath())
	idle(st)
	if vs.result != nil || !vs.chainErr.Visible() || !strings.Contains(vs.chainErr.Text, "Name the package") {
		t.Errorf("no package named: result %v, error %q", vs.result, vs.chainErr.Text)
	}

	vs.pkg.SetText(vectorPackage)
	vs.openChain(v.Package(ceremony.DemoPackage).ChainPath())
	idle(st)
	if vs.result != nil || !errors.Is(vs.refused, chain.ErrOtherPackage) || !vs.chainErr.Visible() {
		t.Errorf("the demo chain as %s: result %v, refused %v", vectorPackage, vs.result, vs.refused)
	}
	if vs.compare.Visible() || trustFile(t, st) != "" {
		t.Error("a chain of another package was offered for comparison or pinned")
	}
}

// readVector reads the vector name from the repository's testdata/.
func readVector(t *testing.T, name string) vectorCase {
	t.Helper()
	return readVectorIn(t, filepath.Join("..", "testdata"), name)
}

// pinnedAt parses the test's trust store and returns the pin of the
// vectors' package.
func pinnedAt(t *testing.T, st *appState) *chain.Pin {
	t.Helper()
	ts, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ts.Get(vectorPackage)
	if !ok {
		t.Fatal("the package is not pinned")
	}
	return p
}

// truncatedChain writes the first n entries of the chain file at path to
// a new file and returns its path.
func truncatedChain(t *testing.T, path string, n int) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitAfter(string(data), "\n\nbaton-entry v1\n")
	if len(parts) < n {
		t.Fatalf("%s has %d entries, want at least %d", path, len(parts), n)
	}
	s := strings.Join(parts[:n], "")
	s = strings.TrimSuffix(s, "baton-entry v1\n")
	s = strings.TrimSuffix(s, "\n")
	out := filepath.Join(t.TempDir(), fmt.Sprintf("first-%d.chain", n))
	if err := os.WriteFile(out, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// openPinned shows a Verify screen for the vectors' package, with the
// trust store holding pin, and opens the chain at path.
func openPinned(t *testing.T, pin, path string) (*appState, *verifyScreen, string) {
	t.Helper()
	st, _ := newTestState(t)
	vs, store := openPinnedIn(t, st, pin, path)
	return st, vs, store
}

// A thief holding a used release key forks at the user's pin: the chain is
// refused as equivocation, and the trust store stays as it was, byte for
// byte. Forks and rollbacks are refused the same way.
func TestVerifyPinnedRefusesForks(t *testing.T) {
	for _, c := range []struct {
		vector string
		want   error
	}{
		{"equivocation-against-pin", chain.ErrEquivocation},
		{"fork-shorter-than-pin", chain.ErrFork},
		{"rollback-truncated-chain", chain.ErrRollback},
		{"chain-of-another-package", chain.ErrOtherPackage},
	} {
		t.Run(c.vector, func(t *testing.T) {
			vc := readVector(t, c.vector)
			st, vs, store := openPinned(t, vc.Pin, vc.Chain)
			if !errors.Is(vs.refused, c.want) {
				t.Fatalf("refused with %v, want %v", vs.refused, c.want)
			}
			if !vs.refusal.box.Visible() || !strings.HasPrefix(vs.refusal.text(), "REFUSED") {
				t.Errorf("no REFUSED verdict: %q", vs.refusal.text())
			}
			if !showsIn(vs.refusal.box, "stays at position") {
				t.Errorf("the verdict does not say the pin stays: %q", vs.refusal.text())
			}
			if vs.check != nil || vs.compare.Visible() || vs.found.Visible() {
				t.Error("a refused chain is shown as verified")
			}
			if st.Window.Canvas().Overlays().Top() != nil {
				t.Error("a dialog opened for a refused chain")
			}
			if got := trustFile(t, st); got != store {
				t.Errorf("the trust store changed:\n%s\nwant\n%s", got, store)
			}
		})
	}
	// Equivocation is named as such in the verdict.
	vc := readVector(t, "equivocation-against-pin")
	_, vs, _ := openPinned(t, vc.Pin, vc.Chain)
	if !strings.Contains(vs.refusal.text(), "Equivocation") {
		t.Errorf("the verdict does not name equivocation: %q", vs.refusal.text())
	}
}

// A re-key after the pin is asked about in a dialog; the trust store does
// not change until it is accepted, and then the pin is at the head.
func TestVerifyRekeyAfterPinAsksConsent(t *testing.T) {
	vc := readVector(t, "pinned-at-release-1.0-skips-to-head")
	path := truncatedChain(t, vc.Chain, 6) // up to release 1.3, after the re-key at 5
	st, vs, store := openPinned(t, vc.Pin, path)
	if vs.check == nil {
		t.Fatalf("the chain did not verify: %v", vs.refused)
	}
	if !strings.Contains(vs.pinState.Text, "Pinned at position 2") {
		t.Errorf("pin state %q", vs.pinState.Text)
	}
	p := vs.consent
	if p == nil || st.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no consent dialog for the re-key")
	}
	if p.event.Entry.Kind != chain.KindRekey || p.event.Position != 5 {
		t.Errorf("asked about %s at %d, want the re-key at 5", p.event.Entry.Kind, p.event.Position)
	}
	if p.follow.Importance != widget.DangerImportance || p.notNow.Importance != widget.HighImportance || p.notNow.Text != "Not now" {
		t.Errorf("buttons: %q %v, %q %v", p.follow.Text, p.follow.Importance, p.notNow.Text, p.notNow.Importance)
	}
	top := st.Window.Canvas().Overlays().Top()
	for _, want := range []string{`"K4 was lost with a stolen laptop"`, "replaced", vs.check.Events()[0].Entry.Next.String()} {
		if !showsIn(top, want) {
			t.Errorf("the dialog does not show %q; visible %q", want, visibleTexts(top))
		}
	}
	if trustFile(t, st) != store {
		t.Fatal("the trust store changed before consent")
	}

	test.Tap(p.follow)
	idle(st)
	if vs.consent != nil || st.Window.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays after the last acceptance")
	}
	if pin := pinnedAt(t, st); pin.Position != 6 || pin != nil && pin.Entry != vs.check.Head().Entry {
		t.Errorf("pin %+v, want the head at 6", pin)
	}
	if vs.pinState.Importance != widget.SuccessImportance || !strings.Contains(vs.pinState.Text, "position 6") {
		t.Errorf("pin state %q", vs.pinState.Text)
	}
}

// Declining leaves the pin as it was; the changes can be reviewed again.
func TestVerifyDeclinedConsentKeepsThePin(t *testing.T) {
	vc := readVector(t, "pinned-at-release-1.0-skips-to-head")
	st, vs, store := openPinned(t, vc.Pin, vc.Chain)
	if vs.consent == nil {
		t.Fatalf("no consent dialog; refused %v", vs.refused)
	}
	// Accept the re-key, then decline the hand-over.
	test.Tap(vs.consent.follow)
	idle(st)
	p := vs.consent
	if p == nil || p.event.Entry.Kind != chain.KindHandover {
		t.Fatal("no dialog for the hand-over after the re-key")
	}
	if trustFile(t, st) != store {
		t.Fatal("the pin moved with one of two events accepted")
	}
	test.Tap(p.notNow)
	idle(st)
	if vs.consent != nil || st.Window.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays after Not now")
	}
	if trustFile(t, st) != store {
		t.Error("the trust store changed after Not now")
	}
	if !vs.reviewBtn.Visible() || !strings.Contains(vs.pinState.Text, "unchanged") {
		t.Errorf("after Not now: review offered %v, state %q", vs.reviewBtn.Visible(), vs.pinState.Text)
	}

	// Reviewing asks about every event again, from the first.
	test.Tap(vs.reviewBtn)
	if vs.consent == nil || vs.consent.event.Entry.Kind != chain.KindRekey {
		t.Fatal("review does not start at the re-key")
	}
	test.Tap(vs.consent.follow)
	test.Tap(vs.consent.follow)
	idle(st)
	if pin := pinnedAt(t, st); pin.Position != 8 {
		t.Errorf("pin at %d after accepting both, want 8", pin.Position)
	}
}

// The hand-over dialog names the successor (quoted), its words and key,
// each witness on a line of its own with their words, the reason and the
// time; the confirm button names the successor.
func TestVerifyHandoverDialogSaysWhatChanges(t *testing.T) {
	vc := readVector(t, "pinned-after-rekey")
	st, vs, store := openPinned(t, vc.Pin, vc.Chain)
	p := vs.consent
	if p == nil || p.event.Entry.Kind != chain.KindHandover {
		t.Fatalf("no hand-over dialog; refused %v", vs.refused)
	}
	e := p.event.Entry
	if p.follow.Text != "Follow Bob Successor" {
		t.Errorf("confirm button %q", p.follow.Text)
	}
	top := st.Window.Canvas().Overlays().Top()
	w := e.Witnesses[0]
	for _, want := range []string{
		`"Bob Successor"`, `"Alice Maintainer"`, wordLines(e.Recovery.Fingerprint()), e.Recovery.String(),
		`"Carol Witness": ` + w.Key.Fingerprint().WordString(), `"Alice steps down"`, e.Time.UTC().Format("2006-01-02"),
	} {
		if !showsIn(top, want) {
			t.Errorf("the dialog does not show %q; visible %q", want, visibleTexts(top))
		}
	}
	test.Tap(p.notNow)
	idle(st)
	if trustFile(t, st) != store {
		t.Error("declining the hand-over changed the trust store")
	}
}

// With no event after the pin, the pin moves to the head with no question,
// as baton verify does, and the screen says so.
func TestVerifyPinnedAdvancesWithoutEvents(t *testing.T) {
	vc := readVector(t, "pinned-at-release-1.0-skips-to-head")
	st, vs, _ := openPinned(t, vc.Pin, truncatedChain(t, vc.Chain, 4))
	if vs.check == nil || vs.consent != nil {
		t.Fatalf("check %v, dialog %v, refused %v", vs.check, vs.consent, vs.refused)
	}
	if pin := pinnedAt(t, st); pin.Position != 4 {
		t.Errorf("pin at %d, want 4", pin.Position)
	}
	if !strings.Contains(vs.pinState.Text, "automatically") || vs.pinState.Importance != widget.SuccessImportance {
		t.Errorf("pin state %q", vs.pinState.Text)
	}
	if vs.pinBtn.Visible() {
		t.Error("Pin offered for a pinned package")
	}
}

// When another Baton moves the pin between the check and the consent, the
// consent is refused as stale and the store keeps the other's pin.
func TestVerifyStaleConsentIsRefused(t *testing.T) {
	vc := readVector(t, "pinned-at-release-1.0-skips-to-head")
	st, vs, _ := openPinned(t, vc.Pin, truncatedChain(t, vc.Chain, 6))
	if vs.consent == nil {
		t.Fatalf("no consent dialog; refused %v", vs.refused)
	}
	moved := writePin(t, st, readVector(t, "equivocation-against-pin").Pin) // the genuine pin at 4
	test.Tap(vs.consent.follow)
	idle(st)
	if trustFile(t, st) != moved {
		t.Error("a stale consent changed the trust store")
	}
	if vs.pinState.Importance != widget.DangerImportance || !strings.Contains(vs.pinState.Text, "open the chain again") {
		t.Errorf("pin state %q", vs.pinState.Text)
	}
}

// A typo in the words is an input error to correct, never a MISMATCH.
func TestVerifyWordTypoIsAnInputError(t *testing.T) {
	_, vs, rec, _ := openDemoChain(t)
	words := rec.Fingerprint().Words()
	for _, c := range []struct {
		name, want string
		typed      []string
	}{
		{"misspelled", "not in the PGP word list", append([]string{words[0] + "x"}, words[1:]...)},
		{"wrong list", "belongs at", append([]string{words[1]}, words[1:]...)},
		{"extra words", "13 words", append(append([]string(nil), words...), words[0])},
	} {
		vs.compareWords(strings.Join(c.typed, " "))
		if vs.banner.result != verdictNone || vs.banner.box.Visible() {
			t.Errorf("%s: verdict %q, want none", c.name, vs.banner.text())
		}
		if !vs.inputErr.Visible() || !strings.Contains(vs.inputErr.Text, c.want) {
			t.Errorf("%s: input error %q does not say %q", c.name, vs.inputErr.Text, c.want)
		}
	}
	// Retyped correctly, the words match.
	vs.compareWords(strings.Join(words, " "))
	if vs.banner.result != verdictMatch || vs.inputErr.Visible() {
		t.Errorf("retyped: verdict %q, input error %q", vs.banner.text(), vs.inputErr.Text)
	}
}

// First trust pins after a MATCH of the typed words; opened again, the
// chain is checked against the pin, nothing new is found, and comparing
// is optional and compares with the signatory in force.
func TestVerifyFirstTrustPinsThenChecksAgainstThePin(t *testing.T) {
	st, vs, rec, other := openDemoChain(t)
	if !vs.check.FirstTrust() {
		t.Fatal("not first trust with an empty store")
	}
	vs.compareWords(rec.Fingerprint().WordString())
	if vs.banner.result != verdictMatch || !vs.pinBtn.Visible() {
		t.Fatalf("verdict %q, pin offered %v", vs.banner.text(), vs.pinBtn.Visible())
	}
	test.Tap(vs.pinBtn)
	idle(st)
	ts, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	if pin, ok := ts.Get(ceremony.DemoPackage); !ok || pin.Position != vs.result.Head.Position {
		t.Fatalf("not pinned at the head: %v", pin)
	}
	store := trustFile(t, st)

	v := copyDemoVault(t)
	vs.openChain(v.Package(ceremony.DemoPackage).ChainPath())
	idle(st)
	if vs.check == nil || vs.check.FirstTrust() {
		t.Fatalf("opened again: check %v, refused %v", vs.check, vs.refused)
	}
	if !strings.Contains(vs.pinState.Text, "Pinned at position 4") || !strings.Contains(vs.pinState.Text, "Nothing new") {
		t.Errorf("pin state %q", vs.pinState.Text)
	}
	if !vs.compare.Visible() {
		t.Fatal("comparing is not offered when pinned")
	}
	vs.compareKey(other, "the pasted key")
	if vs.banner.result != verdictMismatch {
		t.Errorf("another key: verdict %q", vs.banner.text())
	}
	vs.compareKey(rec, "the pasted key")
	if vs.banner.result != verdictMatch || vs.pinBtn.Visible() {
		t.Errorf("the signatory's key: verdict %q, pin offered %v", vs.banner.text(), vs.pinBtn.Visible())
	}
	if trustFile(t, st) != store {
		t.Error("opening the pinned chain again changed the trust store")
	}
}

// Names and reasons from the chain are shown escaped: a control or bidi
// character in them is shown as an escape, never raw.
func TestVerifyEscapesChainText(t *testing.T) {
	ev := chain.Event{Position: 7, From: "Alice\x1b[2J", Endorsed: []string{"Carol\u202e"}, Entry: &chain.Entry{
		Kind: chain.KindHandover, Name: "Bob\u200b Builder", Reason: "new\njob", Recovery: mustPub(t),
		Witnesses: []chain.Witness{{Key: mustPub(t), Name: "Carol\u202e"}}, Next: mustPub(t),
	}}
	line := eventText(ev)
	title, action, content := consentContent(vectorPackage, ev)
	all := append([]string{line, title, action}, visibleTexts(content)...)
	for _, s := range all {
		if strings.ContainsAny(s, "\x1b\u202e\u200b") || strings.Contains(s, "new\njob") {
			t.Errorf("raw control text shown: %q", s)
		}
	}
	if action != `Follow Bob\u200b Builder` {
		t.Errorf("action %q", action)
	}
}

func mustPub(t *testing.T) *signify.PublicKey {
	t.Helper()
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k.Public("")
}
