package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// demoRelease is the demo vault's package with a Verify screen showing.
type demoRelease struct {
	st  *appState
	v   *ceremony.Vault
	p   *ceremony.Package
	vs  *verifyScreen
	rec *signify.PublicKey
}

func newDemoRelease(t *testing.T) *demoRelease {
	t.Helper()
	st, _ := newTestState(t)
	d := &demoRelease{st: st, v: copyDemoVault(t)}
	d.p = d.v.Package(ceremony.DemoPackage)
	var err error
	if d.rec, err = d.p.PublicKey("recovery"); err != nil {
		t.Fatal(err)
	}
	d.vs = newVerifyScreen(st)
	showIn(t, st, d.vs.root)
	d.vs.pkg.SetText(ceremony.DemoPackage)
	return d
}

// dist is the folder of the demo release version's files.
func (d *demoRelease) dist(version string) string {
	return filepath.Join(d.v.Dir, "demo-dist", version)
}

// distCopy copies the files of version to a new folder and returns it.
func (d *demoRelease) distCopy(t *testing.T, version string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), version)
	if err := os.CopyFS(dir, os.DirFS(d.dist(version))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// verify names the release (SHA256.sig of version, files in dir) and
// verifies it with the chain at chainPath.
func (d *demoRelease) verify(chainPath, version, dir string) {
	d.vs.rel.sig.SetText(d.p.SignaturePath(version))
	d.vs.rel.dir.SetText(dir)
	d.vs.openChain(chainPath)
	idle(d.st)
}

// pinAt pins the demo package at position n of its chain, as an earlier
// verification would have.
func (d *demoRelease) pinAt(t *testing.T, n int) string {
	t.Helper()
	path := truncatedChain(t, d.p.ChainPath(), n)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := chain.FirstTrust(ceremony.DemoPackage, chain.NewReader(path, f))
	if err != nil {
		t.Fatal(err)
	}
	return writePin(t, d.st, res.Head.String())
}

func demoPin(t *testing.T, st *appState) *chain.Pin {
	t.Helper()
	ts, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ts.Get(ceremony.DemoPackage)
	if !ok {
		t.Fatal("the demo package is not pinned")
	}
	return p
}

// First trust of a release: the files verify against the chain, but the
// verdict is OK, and Pin offered, only once the signatory's key matched.
func TestVerifyReleaseOKAtFirstTrustAfterMatch(t *testing.T) {
	d := newDemoRelease(t)
	d.verify(d.p.ChainPath(), "2.0.0", d.dist("2.0.0"))
	vs := d.vs
	if vs.check == nil || !vs.release.ok() {
		t.Fatalf("release not verified: chain %v, release %+v", vs.refused, vs.release)
	}
	if vs.rel.banner.result != verdictUnconfirmed {
		t.Errorf("before comparing the key: release verdict %q, want NOT TRUSTED YET", vs.rel.banner.text())
	}
	for _, want := range []string{ceremony.DemoPackage + " 2.0.0", "2 files verified", `"Demo Maintainer (demo vault)"`, "newest release"} {
		if !strings.Contains(vs.rel.banner.text(), want) {
			t.Errorf("release verdict %q lacks %q", vs.rel.banner.text(), want)
		}
	}
	if vs.pinBtn.Visible() || trustFile(t, d.st) != "" {
		t.Fatal("pinned or Pin offered before the key was compared")
	}

	vs.compareWords(d.rec.Fingerprint().WordString())
	if vs.banner.result != verdictMatch || vs.rel.banner.result != verdictOK {
		t.Fatalf("after a MATCH: key %q, release %q", vs.banner.text(), vs.rel.banner.text())
	}
	if vs.rel.banner.bg.FillColor != verdictGreen {
		t.Errorf("OK drawn in %v", vs.rel.banner.bg.FillColor)
	}
	test.Tap(findButton(t, vs.root, "Pin this signatory"))
	idle(d.st)
	if pin := demoPin(t, d.st); pin.Position != 4 {
		t.Errorf("pinned at %d, want the head, 4", pin.Position)
	}
}

// A tampered file is refused; the pin stays where it was, byte for byte,
// and no consent is asked. With the genuine files the pin moves.
func TestVerifyReleaseTamperedFileRefusedPinStays(t *testing.T) {
	d := newDemoRelease(t)
	store := d.pinAt(t, 3)
	dir := d.distCopy(t, "2.0.0")
	bad := filepath.Join(dir, "demo-hello-2.0.0.tar.gz")
	if err := os.WriteFile(bad, []byte("a backdoor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.verify(d.p.ChainPath(), "2.0.0", dir)
	vs := d.vs
	if vs.rel.banner.result != verdictRefused {
		t.Fatalf("tampered file: release verdict %q", vs.rel.banner.text())
	}
	for _, want := range []string{"altered: \"demo-hello-2.0.0.tar.gz\"", "stays at position 3"} {
		if !strings.Contains(vs.rel.banner.text(), want) {
			t.Errorf("verdict %q lacks %q", vs.rel.banner.text(), want)
		}
	}
	if vs.rel.banner.bg.FillColor != verdictRed {
		t.Errorf("REFUSED drawn in %v", vs.rel.banner.bg.FillColor)
	}
	if got := trustFile(t, d.st); got != store {
		t.Errorf("the trust store changed on a refusal:\n%s\nwant\n%s", got, store)
	}
	if d.st.Window.Canvas().Overlays().Top() != nil || vs.compare.Visible() {
		t.Error("a refused release offers a dialog or a comparison")
	}
	if vs.pinState.Importance != widget.WarningImportance || !strings.Contains(vs.pinState.Text, "unchanged") {
		t.Errorf("pin state %q", vs.pinState.Text)
	}

	// The genuine files: OK, and only now the pin moves to the head.
	vs.rel.dir.SetText(d.dist("2.0.0"))
	test.Tap(vs.rel.verifyBtn)
	idle(d.st)
	if vs.rel.banner.result != verdictOK {
		t.Fatalf("genuine files: %q", vs.rel.banner.text())
	}
	if pin := demoPin(t, d.st); pin.Position != 4 {
		t.Errorf("pin at %d after an OK verdict, want 4", pin.Position)
	}
}

// An older release than the newest is refused unless its version is
// named; files the list does not name are listed.
func TestVerifyReleaseOlderRefusedUnlessNamed(t *testing.T) {
	d := newDemoRelease(t)
	dir := d.distCopy(t, "1.1.0")
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("unsigned\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.verify(d.p.ChainPath(), "1.1.0", dir)
	vs := d.vs
	if vs.rel.banner.result != verdictRefused || !strings.Contains(vs.rel.banner.text(), "older than the newest release") {
		t.Fatalf("older release: %q", vs.rel.banner.text())
	}
	if !vs.rel.olderBtn.Visible() || vs.rel.olderBtn.Text != "Verify 1.1.0 on purpose" {
		t.Fatalf("older release button %q visible %v", vs.rel.olderBtn.Text, vs.rel.olderBtn.Visible())
	}
	test.Tap(vs.rel.olderBtn)
	idle(d.st)
	if vs.rel.version.Text != "1.1.0" || vs.rel.banner.result != verdictUnconfirmed {
		t.Fatalf("named 1.1.0: version %q, verdict %q", vs.rel.version.Text, vs.rel.banner.text())
	}
	for _, want := range []string{"older release than the chain's newest", `1 file in ` + dir + ` not in the signed list, not verified: "notes.txt"`} {
		if !strings.Contains(vs.rel.banner.text(), want) {
			t.Errorf("verdict %q lacks %q", vs.rel.banner.text(), want)
		}
	}
	if trustFile(t, d.st) != "" {
		t.Error("something was pinned")
	}
}

// The signed list of another package's release matches no entry.
func TestVerifyReleaseOfAnotherChainRefused(t *testing.T) {
	d := newDemoRelease(t)
	d.vs.rel.sig.SetText(filepath.Join("..", "testdata", "release", "SHA256.sig"))
	d.vs.rel.dir.SetText(filepath.Join("..", "testdata", "release", "files"))
	d.vs.openChain(d.p.ChainPath())
	idle(d.st)
	if d.vs.rel.banner.result != verdictRefused || !strings.Contains(d.vs.rel.banner.text(), "not the signed checksum list of any release") {
		t.Errorf("verdict %q", d.vs.rel.banner.text())
	}
}

// Verify the release asks for what is missing, in amber.
func TestVerifyReleaseNeedsSigAndChain(t *testing.T) {
	d := newDemoRelease(t)
	test.Tap(d.vs.rel.verifyBtn)
	if !d.vs.rel.status.Visible() || d.vs.rel.status.Importance != widget.WarningImportance || !strings.Contains(d.vs.rel.status.Text, "SHA256.sig") {
		t.Errorf("no sig: %q", d.vs.rel.status.Text)
	}
	d.vs.rel.sig.SetText(d.p.SignaturePath("2.0.0"))
	test.Tap(d.vs.rel.verifyBtn)
	if !strings.Contains(d.vs.rel.status.Text, "chain file first") {
		t.Errorf("no chain: %q", d.vs.rel.status.Text)
	}
}

// A verdict belongs to its input: switching between paste, words and QR
// or editing what was compared clears it, and at first trust the release
// waits for a MATCH again.
func TestVerifyStaleVerdictClearedOnTabSwitch(t *testing.T) {
	d := newDemoRelease(t)
	d.verify(d.p.ChainPath(), "2.0.0", d.dist("2.0.0"))
	vs := d.vs
	test.Type(vs.keyText, d.rec.String())
	test.Tap(vs.textBtn)
	if vs.banner.result != verdictMatch || !vs.pinBtn.Visible() || vs.rel.banner.result != verdictOK {
		t.Fatalf("pasted key: %q, release %q", vs.banner.text(), vs.rel.banner.text())
	}
	if !strings.Contains(vs.banner.text(), "Compared the pasted key "+d.rec.String()) {
		t.Errorf("the verdict does not name what it compared: %q", vs.banner.text())
	}
	vs.how.SelectIndex(2) // Scan a QR image
	if vs.banner.result != verdictNone || vs.banner.box.Visible() || vs.pinBtn.Visible() {
		t.Errorf("after switching to QR: verdict %q, Pin visible %v", vs.banner.text(), vs.pinBtn.Visible())
	}
	if vs.rel.banner.result != verdictUnconfirmed {
		t.Errorf("the release stays OK without a MATCH: %q", vs.rel.banner.text())
	}

	vs.how.SelectIndex(1)
	test.Type(vs.words, d.rec.Fingerprint().WordString())
	test.Tap(vs.wordsBtn)
	if vs.banner.result != verdictMatch {
		t.Fatalf("words: %q", vs.banner.text())
	}
	test.Type(vs.words, " x")
	if vs.banner.result != verdictNone || vs.pinBtn.Visible() {
		t.Errorf("after editing the words: verdict %q", vs.banner.text())
	}
}

// Loading another QR image clears the verdict about the first; the
// verdict names the image, which shows as a thumbnail.
func TestVerifyQRVerdictNamesTheImage(t *testing.T) {
	_, vs, rec, other := openDemoChain(t)
	dir := t.TempDir()
	right := writeQR(t, dir, "right.png", rec)
	vs.compareQRFile(right)
	idle(vs.st)
	if vs.banner.result != verdictMatch || !strings.Contains(vs.banner.text(), "right.png") {
		t.Fatalf("right QR: %q", vs.banner.text())
	}
	if !vs.qrThumb.Visible() || vs.qrThumb.Image == nil {
		t.Error("the QR image read is not shown")
	}
	first := vs.qrThumb.Image
	vs.compareQRFile(writeQR(t, dir, "wrong.png", other))
	if vs.banner.result != verdictNone || vs.qrThumb.Visible() {
		t.Error("the verdict about the first image stays while the second is read")
	}
	idle(vs.st)
	if vs.banner.result != verdictMismatch || !strings.Contains(vs.banner.text(), "wrong.png") || vs.qrThumb.Image == first {
		t.Errorf("second QR: %q", vs.banner.text())
	}
}

// A typo is an amber input error naming the word and its position, not a
// MISMATCH; a pasted key one character off is a copying error.
func TestVerifyTypoIsAmberInputError(t *testing.T) {
	_, vs, rec, _ := openDemoChain(t)
	words := rec.Fingerprint().Words()
	typo := append([]string{words[0]}, words[1:]...)
	typo[2] = typo[2][:len(typo[2])-1] + "q"
	if strings.EqualFold(typo[2], words[2]) {
		typo[2] += "q"
	}
	vs.compareWords(strings.Join(typo, " "))
	if vs.banner.result != verdictNone || vs.banner.box.Visible() {
		t.Errorf("typo: verdict %q", vs.banner.text())
	}
	if !vs.inputErr.Visible() || vs.inputErr.Importance != widget.WarningImportance || !strings.Contains(vs.inputErr.Text, "word 3") {
		t.Errorf("typo: input error %q (importance %v)", vs.inputErr.Text, vs.inputErr.Importance)
	}

	s := []byte(rec.String())
	i := 30
	if s[i] == 'A' {
		s[i] = 'B'
	} else {
		s[i] = 'A'
	}
	vs.compareText(string(s))
	if vs.banner.result != verdictNone || !vs.inputErr.Visible() || !strings.Contains(vs.inputErr.Text, "character 31") {
		t.Errorf("one character off: verdict %q, input error %q", vs.banner.text(), vs.inputErr.Text)
	}
}

// A key of the same chain is named for what it is, not called a forgery.
func TestVerifySameChainKeyNamed(t *testing.T) {
	_, vs, _, _ := openDemoChain(t)
	k1, err := copyDemoVault(t).Package(ceremony.DemoPackage).PublicKey("K1")
	if err != nil {
		t.Fatal(err)
	}
	vs.compareText(k1.String())
	if vs.banner.result != verdictNone || !vs.inputErr.Visible() {
		t.Fatalf("K1 pasted: verdict %q", vs.banner.text())
	}
	if !strings.Contains(vs.inputErr.Text, "release key K1 of this chain") || strings.Contains(vs.inputErr.Text, "forgery") {
		t.Errorf("K1 pasted: %q", vs.inputErr.Text)
	}
	vs.compareWords(k1.Fingerprint().WordString())
	if vs.banner.result != verdictNone || !strings.Contains(vs.inputErr.Text, "release key K1 of this chain") {
		t.Errorf("K1's words: verdict %q, error %q", vs.banner.text(), vs.inputErr.Text)
	}
}

// At the default size the verdict is scrolled into view.
func TestVerifyVerdictScrolledIntoView(t *testing.T) {
	st, vs, rec, _ := openDemoChain(t)
	st.Window.Resize(fyne.NewSize(800, 600))
	vs.scroll.ScrollToTop()
	vs.compareWords(rec.Fingerprint().WordString())
	d := st.App.Driver()
	y := d.AbsolutePositionForObject(vs.banner.box).Y - d.AbsolutePositionForObject(vs.scroll.Content).Y
	top, h := vs.scroll.Offset.Y, vs.scroll.Size().Height
	if vs.scroll.Offset.Y == 0 || y < top || y+vs.banner.box.Size().Height > top+h+1 {
		t.Errorf("verdict at %v..%v, view %v..%v", y, y+vs.banner.box.Size().Height, top, top+h)
	}
}

func writeQR(t *testing.T, dir, name string, k *signify.PublicKey) string {
	t.Helper()
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
