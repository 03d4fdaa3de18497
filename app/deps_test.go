package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// showDeps shows a Dependencies screen over the fixture's dependency set
// and checks it.
func showDeps(t *testing.T) (*appState, *depsScreen, *depsFixture) {
	t.Helper()
	st, _ := newTestState(t)
	fx := writeDepsFixture(t, st)
	d := newDepsScreen(st)
	d.now = func() time.Time { return depsNow }
	d.fetcher = tempFetcher(t)
	showIn(t, st, d.root)
	d.openManifest(fx.manifest)
	idle(st)
	if !d.errText.Hidden || len(d.rows) != len(fx.order) {
		t.Fatalf("%d rows, error %q", len(d.rows), d.errText.Text)
	}
	return st, d, fx
}

// trustStore reads st's trust store file.
func trustStore(t *testing.T, st *appState) *chain.TrustStore {
	t.Helper()
	path, _ := st.TrustPath()
	s, err := ceremony.ReadTrust(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rowOf returns the listed row of pkg and its index.
func rowOf(t *testing.T, d *depsScreen, pkg string) (int, *depRow) {
	t.Helper()
	for i, r := range d.rows {
		if r.Package.Name == pkg {
			return i, r
		}
	}
	t.Fatalf("%s is not listed", pkg)
	return -1, nil
}

// open selects pkg's row in the table and returns the details dialog's
// content (the window's top overlay).
func openRow(t *testing.T, st *appState, d *depsScreen, pkg string) *depRow {
	t.Helper()
	i, r := rowOf(t, d, pkg)
	d.table.Select(widget.TableCellID{Row: i, Col: 0})
	if d.detailRow != r || st.Window.Canvas().Overlays().Top() == nil {
		t.Fatalf("selecting %s showed no details", pkg)
	}
	return r
}

// The report lists every package of the manifest, what needs a person
// first: the hand-over ten days ago, the refusal, the consent, the
// packages never pinned, the one not checked, and last the package
// verified from its pin, whose pin moved forward with no question.
func TestDepsReportSortsByUrgency(t *testing.T) {
	st, d, fx := showDeps(t)
	for i, r := range d.rows {
		if r.Package.Name != fx.order[i] {
			t.Errorf("row %d is %s, want %s", i, r.Package.Name, fx.order[i])
		}
		if want := depsStatuses[r.Package.Name]; r.Status != want {
			t.Errorf("%s: %s (%v), want %s", r.Package.Name, r.Status, r.Err, want)
		}
	}
	parser := d.rows[0]
	if len(parser.Recent) != 1 || parser.Recent[0].Entry.Kind != chain.KindHandover || !parser.NeedsAttention() {
		t.Errorf("the hand-over ten days ago is not flagged: %v", parser.Recent)
	}
	if _, yaml := rowOf(t, d, fxYAML); len(yaml.Recent) != 0 {
		t.Errorf("a re-key 200 days ago is flagged as recent")
	}
	c := newDepsCell()
	d.fillCell(c, parser, 2)
	if c.label.Text != `"Grace Hopper" → "Bob Successor"` {
		t.Errorf("the hand-over's row names %s as its signatory", c.label.Text)
	}
	_, hello := rowOf(t, d, fxHello)
	if hello.NeedsAttention() || hello.pin == nil || hello.pin.Position != 4 || hello.moved == nil || hello.moved.Position != 3 {
		t.Errorf("example.org/hello: pin %v, moved from %v; want moved from 3 to its head at 4", hello.pin, hello.moved)
	}
	if p, ok := trustStore(t, st).Get(fxHello); !ok || p.Position != 4 {
		t.Errorf("the trust store pins example.org/hello at %v, want 4", p)
	}
	if _, ok := trustStore(t, st).Get(fxExtras); ok {
		t.Error("a package never pinned was pinned with no question")
	}
	// The header says what needs attention, the hand-over first.
	lines := strings.Split(d.attention.Text, "\n")
	if !d.attention.Visible() || d.attention.Importance != widget.WarningImportance || len(lines) < 2 ||
		!strings.Contains(lines[0], "Needs attention (6)") || !strings.Contains(lines[1], fxParser+": CHANGED HANDS 10 days ago (position 5, 2026-05-22)") {
		t.Errorf("attention %q", d.attention.Text)
	}
	if !strings.Contains(d.counts.Text, "1 ok") || !strings.Contains(d.counts.Text, "2 never pinned") || !strings.Contains(d.counts.Text, "1 refused") {
		t.Errorf("counts %q", d.counts.Text)
	}
	if d.busy.Visible() || d.againBtn.Disabled() {
		t.Error("still busy after the check")
	}
	// However much the header says, the screen fits beside the navigation
	// in an 800×600 window (TestEveryScreenFits800x600 checks it empty).
	if ms := d.root.MinSize(); ms.Width > 600 || ms.Height > 560 {
		t.Errorf("the report needs %v", ms)
	}
	// The status chips are coloured by the theme's ok, warning and error
	// colours (whose contrast TestThemeTextContrast checks).
	for s, want := range map[deps.Status]string{deps.OK: string(theme.ColorNameSuccess), deps.Consent: string(theme.ColorNameWarning),
		deps.FirstTrust: string(theme.ColorNameWarning), deps.Refused: string(theme.ColorNameError), deps.Failed: string(theme.ColorNameError)} {
		c := newStatusChip()
		c.set(s)
		bg, _ := statusColors(s)
		if string(bg) != want || c.bg.FillColor != theme.Color(bg) || c.text.Text != s.String() {
			t.Errorf("%s: chip %v %q, want %s", s, c.bg.FillColor, c.text.Text, want)
		}
	}
	// Every cell of the table shows escaped text; the status column its chip.
	for i, r := range d.rows {
		d.fillCell(c, r, 1)
		if c.label.Visible() || !c.chipBox.Visible() || c.chip.status != r.Status {
			t.Errorf("row %d: the status cell shows no chip for %s", i, r.Status)
		}
		d.fillCell(c, r, 6)
		if c.label.Text != noLogProof {
			t.Errorf("row %d: log proof %q", i, c.label.Text)
		}
	}
}

// A package never pinned whose signatory the store already trusts for
// another package is offered as such; declining pins nothing, accepting
// pins it in the trust store file and the row is checked again.
func TestDepsTrustThroughAKnownSignatory(t *testing.T) {
	st, d, _ := showDeps(t)
	path, _ := st.TrustPath()
	before, _ := os.ReadFile(path)
	openRow(t, st, d, fxExtras)
	top := st.Window.Canvas().Overlays().Top()
	if !showsIn(top, `signed by "Ada Lovelace", whom you already trust for example.org/hello`) {
		t.Errorf("the details do not name the known signatory; visible %q", visibleTexts(top))
	}
	test.Tap(findButton(t, top, "Trust its signatory for "+fxExtras+"…"))
	p := d.trustAsk
	if p == nil || p.notNow.Importance != widget.HighImportance || st.Window.Canvas().Focused() != p.notNow {
		t.Fatal("no question, or its safe answer is not the default")
	}
	test.Tap(p.notNow)
	idle(st)
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("declining changed the trust store")
	}
	if d.trustAsk != nil || st.Window.Canvas().Overlays().Top() != nil {
		t.Error("the question stays after Not now")
	}

	openRow(t, st, d, fxExtras)
	test.Tap(findButton(t, st.Window.Canvas().Overlays().Top(), "Trust its signatory for "+fxExtras+"…"))
	if want := `Trust "Ada Lovelace" for ` + fxExtras; d.trustAsk.trust.Text != want {
		t.Errorf("the trust button says %q, want %q", d.trustAsk.trust.Text, want)
	}
	test.Tap(d.trustAsk.trust)
	idle(st)
	store := trustStore(t, st)
	pin, ok := store.Get(fxExtras)
	hello, _ := store.Get(fxHello)
	if !ok || pin.Position != 3 || pin.Signatory != hello.Signatory {
		t.Fatalf("example.org/hello-extras pinned %v, want at 3 under example.org/hello's signatory", pin)
	}
	_, r := rowOf(t, d, fxExtras)
	if r.Status != deps.OK || r.pin == nil || r.pin.Position != 3 || d.rows[len(d.rows)-1] != r && d.rows[len(d.rows)-2] != r {
		t.Errorf("after the decision the row is %s, pin %v, listed at %d", r.Status, r.pin, slicesIndex(d.rows, r))
	}
	if d.status.Importance != widget.SuccessImportance || !strings.Contains(d.status.Text, "Pinned "+fxExtras+" at position 3") {
		t.Errorf("status %q", d.status.Text)
	}
}

func slicesIndex(rows []*depRow, r *depRow) int {
	for i, x := range rows {
		if x == r {
			return i
		}
	}
	return -1
}

// A hand-over after the pin is asked about in the consent dialog the
// Verify screen uses; Not now leaves the pin, Follow moves it to the
// head, and the package is no longer flagged.
func TestDepsConsentToAHandover(t *testing.T) {
	st, d, _ := showDeps(t)
	path, _ := st.TrustPath()
	before, _ := os.ReadFile(path)
	r := openRow(t, st, d, fxParser)
	top := st.Window.Canvas().Overlays().Top()
	for _, want := range []string{"CHANGED HANDS 10 days ago", `"Grace Hopper" handed over to "Bob Successor", witnessed by "Carol Witness", "Dan Witness"`, "2026-05-22", "Pinned at position 3", noLogProof} {
		if !showsIn(top, want) {
			t.Errorf("the details do not show %q; visible %q", want, visibleTexts(top))
		}
	}
	test.Tap(findButton(t, top, "Review the changes…"))
	p := d.consent
	if p == nil || p.event.Entry.Kind != chain.KindHandover || p.follow.Text != "Follow "+fxHandTo || p.follow.Importance != widget.DangerImportance {
		t.Fatal("no hand-over consent dialog")
	}
	test.Tap(p.notNow)
	idle(st)
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("Not now changed the trust store")
	}
	if d.rows[0] != r || !strings.Contains(d.status.Text, "stays pinned at position 3") {
		t.Errorf("after Not now: first row %s, status %q", d.rows[0].Package.Name, d.status.Text)
	}

	openRow(t, st, d, fxParser)
	test.Tap(findButton(t, st.Window.Canvas().Overlays().Top(), "Review the changes…"))
	test.Tap(d.consent.follow)
	idle(st)
	if pin, ok := trustStore(t, st).Get(fxParser); !ok || pin.Position != 6 || pin.Entry != r.Check.Head().Entry {
		t.Fatalf("pin %v after consent, want the head at 6", pin)
	}
	_, now := rowOf(t, d, fxParser)
	if now.Status != deps.OK || now.NeedsAttention() || d.rows[0] == now {
		t.Errorf("after consent the row is %s, attention %v", now.Status, now.NeedsAttention())
	}
	if d.status.Importance != widget.SuccessImportance {
		t.Errorf("status %q", d.status.Text)
	}
}

// When another Baton moves the pin between the check and the consent,
// nothing is pinned; the package is checked again against the store as
// it is and says so.
func TestDepsStaleConsentIsCheckedAgain(t *testing.T) {
	st, d, _ := showDeps(t)
	openRow(t, st, d, fxParser)
	test.Tap(findButton(t, st.Window.Canvas().Overlays().Top(), "Review the changes…"))
	path, _ := st.TrustPath()
	if err := ceremony.UpdateTrust(path, func(s *chain.TrustStore) error { s.Remove(fxParser); return nil }); err != nil {
		t.Fatal(err)
	}
	moved, _ := os.ReadFile(path)
	test.Tap(d.consent.follow)
	idle(st)
	if after, _ := os.ReadFile(path); !bytes.Equal(after, moved) {
		t.Error("a stale consent changed the trust store")
	}
	_, r := rowOf(t, d, fxParser)
	if r.Status != deps.FirstTrust || r.pin != nil {
		t.Errorf("checked again: %s, pin %v; want never pinned", r.Status, r.pin)
	}
	if d.status.Importance != widget.WarningImportance || !strings.Contains(d.status.Text, "another Baton changed") {
		t.Errorf("status %q", d.status.Text)
	}
}

// A refused chain offers no decision and says that nothing was pinned; a
// package whose signatory is trusted for nothing is handed to Verify,
// package named and chain checked, to compare its key there.
func TestDepsRefusedAndUnknownSignatory(t *testing.T) {
	st, d, fx := showDeps(t)
	openRow(t, st, d, fxZip)
	top := st.Window.Canvas().Overlays().Top()
	if !showsIn(top, "Nothing was pinned") || !showsIn(top, "does not verify") && !showsIn(top, "altered") && !showsIn(top, "signature") {
		t.Errorf("the refusal does not say why; visible %q", visibleTexts(top))
	}
	for _, b := range []string{"Review the changes…", "Compare its key on Verify…"} {
		if showsIn(top, b) {
			t.Errorf("a refused chain offers %q", b)
		}
	}
	d.closeDialogs()

	main := newMainWindow(st) // Verify lives in the main window's navigation
	defer main.Close()
	openRow(t, st, d, fxNetlib)
	test.Tap(findButton(t, st.Window.Canvas().Overlays().Top(), "Compare its key on Verify…"))
	idle(st)
	v := st.verifier
	if v == nil || st.nav.selected() != "verify" {
		t.Fatal("Verify was not shown")
	}
	if v.pkg.Text != fxNetlib || v.check == nil || !v.check.FirstTrust() || v.chainFile != filepath.Join(fx.dir, "chains", "netlib.chain") {
		t.Errorf("Verify: package %q, chain %q, check %v, refused %v", v.pkg.Text, v.chainFile, v.check, v.refused)
	}
	if _, ok := trustStore(t, st).Get(fxNetlib); ok {
		t.Error("handing over to Verify pinned the package")
	}
}

// Selecting the screen again after the trust store changed (a pin made on
// Verify) checks the manifest again.
func TestDepsChecksAgainWhenTheStoreChanged(t *testing.T) {
	st, d, _ := showDeps(t)
	d.shown()
	idle(st)
	if d.status.Visible() {
		t.Errorf("checked again with nothing changed: %q", d.status.Text)
	}
	path, _ := st.TrustPath()
	if err := ceremony.UpdateTrust(path, func(s *chain.TrustStore) error { s.Remove(fxHello); return nil }); err != nil {
		t.Fatal(err)
	}
	d.shown()
	idle(st)
	if _, r := rowOf(t, d, fxHello); r.Status != deps.FirstTrust {
		t.Errorf("example.org/hello is %s after its pin was removed", r.Status)
	}
}

// Names from the chains are shown escaped and quoted: a signatory posing
// with quotes, and a chain whose name holds terminal escapes and a bidi
// override (which no chain may hold: refused), show no raw character.
func TestDepsEscapesHostileText(t *testing.T) {
	st, _ := newTestState(t)
	dir := t.TempDir()
	eve := newFixtureChain(t, "example.org/eve", `Eve "Ada Lovelace" \ Jr`, nil, depsNow.Add(-48*time.Hour))
	eve.release(t, "1.0", depsNow.Add(-24*time.Hour))
	evil := newFixtureChain(t, "example.org/evil", "Mallory", nil, depsNow.Add(-48*time.Hour))
	evil.release(t, "1.0", depsNow.Add(-24*time.Hour))
	bad := bytes.Replace(evil.marshal(), []byte("name Mallory"), []byte("name Mal\x1b[2Jlory\u202e"), 1)
	os.WriteFile(filepath.Join(dir, "eve.chain"), eve.marshal(), 0o644)
	os.WriteFile(filepath.Join(dir, "evil.chain"), bad, 0o644)
	manifest := filepath.Join(dir, "deps.toml")
	os.WriteFile(manifest, []byte("[[package]]\nname = \"example.org/eve\"\nchain = \"eve.chain\"\n\n[[package]]\nname = \"example.org/evil\"\nchain = \"evil.chain\"\n"), 0o644)

	d := newDepsScreen(st)
	d.now = func() time.Time { return depsNow }
	d.fetcher = tempFetcher(t)
	showIn(t, st, d.root)
	d.openManifest(manifest)
	idle(st)
	if len(d.rows) != 2 || d.rows[0].Status != deps.Refused || d.rows[1].Status != deps.FirstTrust {
		t.Fatalf("rows %v", d.rows)
	}
	c := newDepsCell()
	d.fillCell(c, d.rows[1], 2)
	if want := `"Eve \"Ada Lovelace\" \\ Jr"`; c.label.Text != want {
		t.Errorf("signatory shown as %s, want %s", c.label.Text, want)
	}
	all := visibleTexts(d.root)
	for _, r := range d.rows {
		openRow(t, st, d, r.Package.Name)
		all = append(all, visibleTexts(st.Window.Canvas().Overlays().Top())...)
		for col := range depsColumns {
			d.fillCell(c, r, col)
			all = append(all, c.label.Text)
		}
	}
	for _, s := range all {
		for _, r := range s {
			if r != '\n' && untrusted.UnsafeRune(r) {
				t.Errorf("raw %U shown in %q", r, s)
			}
		}
	}
}

// A manifest fetched from a URL is checked as a file is, its relative
// chains fetched from beside it; a URL of another scheme is refused
// before anything is fetched.
func TestDepsFetchesAManifestURL(t *testing.T) {
	st, _ := newTestState(t)
	fx := writeDepsFixture(t, st)
	srv := httptest.NewServer(http.FileServer(http.Dir(fx.dir)))
	defer srv.Close()
	d := newDepsScreen(st)
	d.now = func() time.Time { return depsNow }
	d.fetcher = tempFetcher(t)
	showIn(t, st, d.root)

	test.Type(d.url, "ftp://example.org/deps.toml")
	test.Tap(d.fetchBtn)
	idle(st)
	if !d.errText.Visible() || !strings.Contains(d.errText.Text, "Not fetched") || d.manifest != nil {
		t.Errorf("ftp:// URL: error %q", d.errText.Text)
	}

	d.url.SetText(srv.URL + "/baton-deps.toml")
	test.Tap(d.fetchBtn)
	idle(st)
	if len(d.rows) != len(fx.order) {
		t.Fatalf("%d rows, error %q", len(d.rows), d.errText.Text)
	}
	for _, r := range d.rows {
		if want := depsStatuses[r.Package.Name]; r.Status != want {
			t.Errorf("%s: %s (%v), want %s", r.Package.Name, r.Status, r.Err, want)
		}
	}
}

// Under a log policy, the report requires each head proven in the log, as
// baton deps does: a proof older than the checkpoint the store has seen
// (another package was published later) counts when the real log's tiles
// prove it a prefix of it, and the column says where the log holds the
// head; a chain without its proof is refused, and its pin does not move.
func TestDepsUnderLogPolicy(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	old := logs.mustPublish(p.ChainPath())
	oldChain := download(t, p.ChainPath(), old.Proof)
	release(t, v, "2.1.0", "Demo Maintainer")
	newer := logs.mustPublish(p.ChainPath())
	seen := newer.Verified.Checkpoint
	if seen.Size <= old.Verified.Checkpoint.Size {
		t.Fatalf("checkpoints of %d then %d entries", old.Verified.Checkpoint.Size, seen.Size)
	}

	// The user pinned the old head, and has seen the newer checkpoint.
	trustPath, _ := st.TrustPath()
	data, err := os.ReadFile(oldChain)
	if err != nil {
		t.Fatal(err)
	}
	err = ceremony.UpdateTrust(trustPath, func(s *chain.TrustStore) error {
		c, err := s.Check(ceremony.DemoPackage, chain.NewReader("chain", bytes.NewReader(data)))
		if err != nil {
			return err
		}
		if err := s.Accept(c, chain.Consent{KeyCompared: true}); err != nil {
			return err
		}
		return s.SeeCheckpoint(chain.LogCheckpoint{Origin: seen.Origin, Size: seen.Size, Root: seen.Root})
	})
	if err != nil {
		t.Fatal(err)
	}
	pinAt := func() uint64 {
		pin, ok := trustStore(t, st).Get(ceremony.DemoPackage)
		if !ok {
			t.Fatal("not pinned")
		}
		return pin.Position
	}
	pinned := pinAt()

	check := func(chainPath string) (*depsScreen, *depRow) {
		t.Helper()
		manifest := filepath.Join(t.TempDir(), "deps.toml")
		os.WriteFile(manifest, []byte("[[package]]\nname = \""+ceremony.DemoPackage+"\"\nchain = \""+chainPath+"\"\n"), 0o644)
		d := newDepsScreen(st)
		d.fetcher = tempFetcher(t)
		showIn(t, st, d.root)
		d.openManifest(manifest)
		idle(st)
		if len(d.rows) != 1 {
			t.Fatalf("%d rows, error %q", len(d.rows), d.errText.Text)
		}
		return d, d.rows[0]
	}

	d, r := check(oldChain)
	if r.Status != deps.OK || r.Log == nil {
		t.Fatalf("the older proof: %s, %v", r.Status, r.Err)
	}
	if r.Log.Within == nil || *r.Log.Within != seen {
		t.Errorf("proven a prefix of %v, want the checkpoint seen", r.Log.Within)
	}
	if text, _ := d.logCell(r); !strings.HasPrefix(text, fmt.Sprintf("logged #%d, ", old.Verified.Index)) {
		t.Errorf("log column %q", text)
	}
	if text, _ := d.logDetail(r); !strings.Contains(text, "cosigned by") {
		t.Errorf("details %q", text)
	}
	if cp, _ := trustStore(t, st).Checkpoint(seen.Origin); cp.Size != seen.Size {
		t.Errorf("the store went back to a checkpoint of %d entries", cp.Size)
	}

	d, r = check(download(t, p.ChainPath(), nil))
	if r.Status != deps.Refused || !errors.Is(r.Err, ceremony.ErrNoLogProof) {
		t.Fatalf("no proof: %s, %v", r.Status, r.Err)
	}
	if text, _ := d.logCell(r); text != "NO PROOF" {
		t.Errorf("log column %q", text)
	}
	if text, _ := d.logDetail(r); !strings.Contains(text, "Not in the transparency log") {
		t.Errorf("details %q", text)
	}
	if got := pinAt(); got != pinned {
		t.Errorf("the pin moved from %d to %d", pinned, got)
	}
}
