package app

import (
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
)

// The screenshots tool's scenes of the Verify screen's release step and
// of the Trust screen (listed in scenes, screenshots.go).

// shootVerifyRelease: the demo's newest release verified at first trust,
// OK after the signatory's words matched; then a copy with an altered
// file, refused.
func shootVerifyRelease(t drive.T, st *appState, _ string, shoot func(string)) {
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	rec, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.pkg.SetText(ceremony.DemoPackage)
	dist := filepath.Join(v.Dir, "demo-dist", "2.0.0")
	vs.rel.sig.SetText(p.SignaturePath("2.0.0"))
	vs.rel.dir.SetText(dist)
	vs.openChain(p.ChainPath())
	idle(st)
	vs.how.SelectIndex(1)
	ui.Type(vs.words, rec.Fingerprint().WordString())
	vs.compareWords(vs.words.Text)
	if vs.rel.banner.result != verdictOK {
		t.Fatalf("the demo release is not OK: %q", vs.rel.banner.text())
	}
	vs.reveal(vs.rel.banner.box)
	shoot("verify-release-ok")

	altered := filepath.Join(t.TempDir(), "2.0.0")
	if err := os.CopyFS(altered, os.DirFS(dist)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(altered, "demo-hello-2.0.0.tar.gz"), []byte("not the release\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vs.rel.dir.SetText(altered)
	ui.Tap(vs.rel.verifyBtn)
	idle(st)
	if vs.rel.banner.result != verdictRefused {
		t.Fatalf("the altered release is not refused: %q", vs.rel.banner.text())
	}
	shoot("verify-release-refused")
}

// shootTrust: the Trust screen with a pin, then its unpin confirmation.
func shootTrust(t drive.T, st *appState, testdata string, shoot func(string)) {
	writePin(t, st, readVectorIn(t, testdata, "equivocation-against-pin").Pin)
	tr := newTrustScreen(st)
	showIn(t, st, tr.root)
	idle(st)
	if len(tr.pins) != 1 {
		t.Fatalf("the Trust screen lists %d pins, want 1", len(tr.pins))
	}
	shoot("trust-screen")
	ui.Tap(findButton(t, tr.root, "Unpin…"))
	shoot("trust-unpin-confirm")
}
