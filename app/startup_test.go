package app

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
)

func TestParseArgs(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s, err := parseArgs([]string{"release", "--package", "example.org/hello", "--version", "1.0", "--dir", "dist", "--operator", "Ann"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := releaseStart{pkg: "example.org/hello", version: "1.0", dir: filepath.Join(wd, "dist"), operator: "Ann"}
	if s.release == nil || *s.release != want || s.screen != "ceremonies" || s.verify != nil {
		t.Errorf("release: %+v (release %+v), want ceremonies with %+v", s, s.release, want)
	}

	s, err = parseArgs([]string{"verify", "--package", "example.org/hello", "--chain", "/srv/chain", "--key", "RWQk"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if wantV := (verifyStart{pkg: "example.org/hello", chain: "/srv/chain", key: "RWQk"}); s.verify == nil || *s.verify != wantV || s.screen != "verify" {
		t.Errorf("verify: %+v (verify %+v), want %+v", s, s.verify, wantV)
	}

	for _, name := range []string{"home", "keys", "verify", "ceremonies", "preferences", "about", "trust", "dependencies"} {
		if s, err := parseArgs([]string{name}, &out); err != nil || s.screen != name || s.release != nil || s.verify != nil {
			t.Errorf("%s: %+v, %v", name, s, err)
		}
	}
	if s, err := parseArgs(nil, &out); err != nil || s != (startup{}) {
		t.Errorf("no args: %+v, %v", s, err)
	}

	out.Reset()
	if _, err := parseArgs([]string{"--help"}, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "baton-gui release") {
		t.Errorf("--help: %v, printed %q", err, out.String())
	}
	for _, bad := range [][]string{
		{"publish"},
		{"keys", "extra"},
		{"release", "--colour", "red"},
		{"release", "1.0"},
		{"verify", "--package", "example.org/hello"},
		{"verify", "--package", "p", "--chain", "c", "--key", "k", "--words", "w"},
	} {
		if _, err := parseArgs(bad, &out); err == nil || errors.Is(err, flag.ErrHelp) {
			t.Errorf("%q: accepted (%v)", bad, err)
		}
	}
}

// TestStartReleaseByKeyboard is the headless twin of the smoke test's
// release: baton-gui release opens the wizard filled in with Next
// focused; Space, Space on the review once it lists the files, the
// passphrase and Enter release it. The window's title names each page on
// the way, and the files the publish page shows are announced and exist.
func TestStartReleaseByKeyboard(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	_, p := useRealVault(t, st)
	var said []string
	st.announce = func(line string) { said = append(said, line) }
	dist := releaseDir(t, "9.0", false)
	before, err := p.Chain()
	if err != nil {
		t.Fatal(err)
	}

	startup{release: &releaseStart{pkg: ceremony.DemoPackage, version: "9.0", dir: dist, operator: "Ann Operator"}}.open(st)
	idle(st)
	c := st.ceremonies
	if c == nil || c.wizard == nil {
		t.Fatal("no wizard opened")
	}
	wz := c.wizard
	f, ok := wz.form.(*releaseForm)
	if !ok {
		t.Fatalf("the wizard opened is %T, want the release's", wz.form)
	}
	if f.pkg() != ceremony.DemoPackage || f.version.Text != "9.0" || f.dirEntry.Text != dist || wz.operator.Text != "Ann Operator" {
		t.Errorf("details: %q %q %q %q", f.pkg(), f.version.Text, f.dirEntry.Text, wz.operator.Text)
	}
	canvas := w.Canvas()
	wantTitle := func(status string) {
		t.Helper()
		if got, want := w.Title(), appTitle+" - Release: "+status; got != want {
			t.Fatalf("title %q, want %q", got, want)
		}
	}
	wantTitle("details")
	if canvas.Focused() != fyne.Focusable(wz.nextBtn) {
		t.Fatalf("focus on %T, want Next", canvas.Focused())
	}

	pressKey(canvas, fyne.KeySpace, ' ')
	idle(st)
	wantTitle("review")
	if wz.page != pageReview || canvas.Focused() != fyne.Focusable(wz.review.next) {
		t.Fatalf("page %d, focus on %T: want the review's %q focused", wz.page, canvas.Focused(), reviewButton)
	}
	pressKey(canvas, fyne.KeySpace, ' ')
	wantTitle("passphrase")
	if canvas.Focused() != fyne.Focusable(wz.pass) || wz.pass.Text != "" {
		t.Fatalf("focus on %T, passphrase %q: want the empty passphrase focused", canvas.Focused(), wz.pass.Text)
	}
	test.Type(wz.pass, ceremony.DemoPassphrase)
	pressKey(canvas, fyne.KeyReturn, 0)
	idle(st)
	if wz.err != nil {
		t.Fatalf("ceremony: %v", wz.err)
	}
	wantTitle("done")

	after, err := p.Chain()
	if err != nil || len(after) != len(before)+1 {
		t.Fatalf("the chain has %d entries (%v), want %d", len(after), err, len(before)+1)
	}
	var published []string
	for _, line := range said {
		if path, ok := strings.CutPrefix(line, "publish: "); ok {
			published = append(published, path)
		}
	}
	want := []string{p.ChainPath(), filepath.Join(dist, ceremony.SignatureName)}
	if strings.Join(published, "\n") != strings.Join(want, "\n") {
		t.Fatalf("announced %q, want %q", published, want)
	}
	for i, l := range wz.publish.paths {
		if l.Text != published[i] {
			t.Errorf("the page shows %q, announced %q", l.Text, published[i])
		}
	}
	for _, path := range published {
		if _, err := os.Stat(path); err != nil {
			t.Error(err)
		}
	}

	// Another screen names no wizard; back on Ceremonies it is named again.
	st.ShowScreen("keys")
	if w.Title() != appTitle {
		t.Errorf("title on Keys %q, want %q", w.Title(), appTitle)
	}
	st.ShowScreen("ceremonies")
	wantTitle("done")
	wz.close()
	if w.Title() != appTitle {
		t.Errorf("title after the wizard closed %q, want %q", w.Title(), appTitle)
	}
}

// TestStartReleaseFocusesWhatIsMissing: without a version the wizard
// opens with the version focused; a package the vault does not hold is
// said at once.
func TestStartReleaseFocusesWhatIsMissing(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	useRealVault(t, st)
	startup{release: &releaseStart{pkg: "example.org/other"}}.open(st)
	idle(st)
	wz := st.ceremonies.wizard
	if wz == nil {
		t.Fatal("no wizard opened")
	}
	f := wz.form.(*releaseForm)
	if w.Canvas().Focused() != fyne.Focusable(f.version) {
		t.Errorf("focus on %T, want the version", w.Canvas().Focused())
	}
	if !wz.formErr.Visible() || !strings.Contains(wz.formErr.Text, "example.org/other is not in the vault") {
		t.Errorf("error %q (shown %v), want the package named", wz.formErr.Text, wz.formErr.Visible())
	}
}

// TestStartVerifyComparesTheGivenKey: baton-gui verify --key checks the
// chain as the package's and compares the key: MATCH, with Pin offered
// and nothing pinned yet.
func TestStartVerifyComparesTheGivenKey(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	_, p := useRealVault(t, st)
	rec, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	startup{verify: &verifyStart{pkg: ceremony.DemoPackage, chain: p.ChainPath(), key: rec.String()}}.open(st)
	idle(st)
	v := st.verifier
	if v == nil || st.nav.selected() != "verify" {
		t.Fatal("Verify is not shown")
	}
	if v.banner.result != verdictMatch || !v.pinBtn.Visible() {
		t.Fatalf("verdict %v, Pin shown %v; input error %q", v.banner.result, v.pinBtn.Visible(), v.inputErr.Text)
	}
	if v.keyText.Text != rec.String() || v.how.SelectedIndex() != 0 {
		t.Errorf("the key compared is not shown where it is pasted: %q, tab %d", v.keyText.Text, v.how.SelectedIndex())
	}

	// The given key is for that check only: a chain opened by hand is
	// compared by hand.
	v.openChain(p.ChainPath())
	idle(st)
	if v.banner.result != verdictNone {
		t.Errorf("a second check compared again: %v", v.banner.result)
	}
}
