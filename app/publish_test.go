package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

// fillRelease fills the release wizard's details with version and dir.
func fillRelease(version, dir string) func(wz *wizard) {
	return func(wz *wizard) {
		f := wz.form.(*releaseForm)
		f.version.SetText(version)
		f.dirEntry.SetText(dir)
	}
}

// A release ends on "Publish these": the chain and SHA256.sig beside the
// release files, both on disk, and the signatory's key with its words.
func TestReleasePublishPageNamesFilesOnDisk(t *testing.T) {
	st, _ := newTestState(t)
	_, p := useRealVault(t, st)
	dist := releaseDir(t, "3.0.0", false)
	var opened []string
	openFolder = func(_ *appState, dir string) error { opened = append(opened, dir); return nil }
	t.Cleanup(func() { openFolder = func(st *appState, dir string) error { return nil } })

	c, wz := openWizard(t, st, "Release…")
	fillRelease("3.0.0", dist)(wz)
	ui.Type(wz.operator, "Tester")
	ui.Tap(findButton(t, c.root, "Next"))
	passReview(t, st, wz)
	ui.Type(wz.pass, ceremony.DemoPassphrase)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("release: page %d, error %v", wz.page, wz.err)
	}
	if !wz.publish.root.Visible() {
		t.Fatal("the release does not end on the publish page")
	}
	want := []string{p.ChainPath(), filepath.Join(dist, ceremony.SignatureName)}
	if len(wz.publish.paths) != len(want) {
		t.Fatalf("publish page names %d files, want %d", len(wz.publish.paths), len(want))
	}
	for i, l := range wz.publish.paths {
		if l.Text != want[i] {
			t.Errorf("file %d shown as %q, want %q", i, l.Text, want[i])
		}
		if _, err := os.Stat(l.Text); err != nil {
			t.Errorf("a published path is not on disk: %v", err)
		}
		if !showsIn(c.root, l.Text) {
			t.Errorf("%s is not visible", l.Text)
		}
	}
	recovery, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	if wz.publish.key == nil || !wz.publish.key.Equal(recovery) || !showsIn(c.root, recovery.Fingerprint().Words()[11]) {
		t.Error("the signatory's key and its words are not shown")
	}
	ui.Tap(findButton(t, c.root, "Open folder"))
	if len(opened) != 1 || opened[0] != filepath.Dir(p.ChainPath()) {
		t.Errorf("Open folder opened %q", opened)
	}
	saved := filepath.Join(t.TempDir(), "signatory.pub")
	if err := wz.publish.savePub(saved); err != nil {
		t.Fatal(err)
	}
	if k, err := signify.ParsePublicKey(saved, must(os.ReadFile(saved))); err != nil || !k.Equal(recovery) {
		t.Errorf("the saved key does not parse as the signatory's: %v", err)
	}

	// The transcript is one button away, wrapped: no word is cut off.
	ui.Tap(findButton(t, c.root, "Signed transcript…"))
	if wz.publish.root.Visible() || !showsIn(c.root, "version:   3.0.0") {
		t.Error("the signed transcript is not shown")
	}
	if wz.transView.Wrapping == fyne.TextWrapOff {
		t.Error("the transcript does not wrap: long lines are cut off")
	}
	ui.Tap(findButton(t, c.root, "Publish these"))
	if !wz.publish.root.Visible() {
		t.Error("Publish these does not come back")
	}
}

// Genesis ends on the publish page too: the chain and the signatory's key.
func TestGenesisPublishPage(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	v.KDFRounds = 4
	c, wz := openWizard(t, st, "New chain (genesis)…")
	f := wz.form.(*genesisForm)
	ui.Type(f.pkgEntry, "example.org/hello")
	ui.Type(f.nameEntry, "Jane Doe")
	ui.Type(wz.operator, "Jane Doe")
	ui.Tap(findButton(t, c.root, "Next"))
	ui.Type(wz.pass, strongPass)
	ui.Type(wz.pass2, strongPass)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || !wz.publish.root.Visible() {
		t.Fatalf("genesis: error %v, publish page shown %v", wz.err, wz.publish.root.Visible())
	}
	chainPath := v.Package("example.org/hello").ChainPath()
	if len(wz.publish.paths) != 1 || wz.publish.paths[0].Text != chainPath || !showsIn(c.root, chainPath) {
		t.Errorf("publish page paths %v, want the chain %s", wz.publish.paths, chainPath)
	}
	if _, err := os.Stat(chainPath); err != nil {
		t.Error(err)
	}
}

// The review lists a release's files before the passphrase, warns of a
// dotfile and a subfolder, signs the dotfile only when ticked, and a
// wrong passphrase then fails before any file is hashed.
func TestReleaseReviewWarnsOfDotfiles(t *testing.T) {
	st, _ := newTestState(t)
	_, p := useRealVault(t, st)
	dist := releaseDir(t, "3.0.0", true)
	c, wz := openWizard(t, st, "Release…")
	fillRelease("3.0.0", dist)(wz)
	ui.Type(wz.operator, "Tester")
	ui.Tap(findButton(t, c.root, "Next"))
	idle(st)
	r := wz.review
	if wz.page != pageReview || r == nil {
		t.Fatalf("page %d after the details, want the review", wz.page)
	}
	if !r.dotWarn.Visible() || !strings.Contains(r.dotWarn.Text, ".env") || !showsIn(c.root, r.dotWarn.Text) {
		t.Errorf("no visible dotfile warning: %q", r.dotWarn.Text)
	}
	if !r.subWarn.Visible() || !strings.Contains(r.subWarn.Text, "docs/") {
		t.Errorf("no subfolder warning: %q", r.subWarn.Text)
	}
	if !r.next.Disabled() || !r.dotfiles.Visible() {
		t.Error("a folder with a dotfile can go on unticked, or offers no tick")
	}
	if !strings.Contains(r.summary.Text, "2 files") || !strings.Contains(r.files.Text, "docs/notes.txt") || strings.Contains(r.files.Text, ".env") {
		t.Errorf("review lists %q: %q", r.summary.Text, r.files.Text)
	}
	inForce := ""
	if s, _ := p.Status(); s != nil {
		for _, k := range s.Keys {
			if k.Role == ceremony.RoleInForce {
				inForce = k.Label + ", the key in force"
				if !strings.Contains(r.signer.Text, k.Public.Fingerprint().WordString()) {
					t.Errorf("the signer's words are not shown: %q", r.signer.Text)
				}
			}
		}
	}
	if inForce == "" || !strings.HasPrefix(r.signer.Text, inForce) {
		t.Errorf("signer %q, want %q", r.signer.Text, inForce)
	}
	if wz.body.Objects[pagePassphrase].Visible() {
		t.Error("the passphrase is asked before the review")
	}
	test.Tap(r.dotfiles)
	if r.next.Disabled() || !strings.Contains(r.summary.Text, "3 files") || !strings.Contains(r.files.Text, ".env") {
		t.Errorf("ticking the dotfiles: next disabled %v, %q", r.next.Disabled(), r.summary.Text)
	}
	ui.Tap(findButton(t, c.root, reviewButton))
	if wz.page != pagePassphrase {
		t.Fatalf("page %d after the review", wz.page)
	}

	// A wrong passphrase fails before hashing: no progress was shown.
	ui.Type(wz.pass, "not the passphrase")
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if !errors.Is(wz.err, signify.ErrWrongPassphrase) || wz.progLabel.Text != "" {
		t.Fatalf("wrong passphrase: %v, progress %q", wz.err, wz.progLabel.Text)
	}
	ui.Tap(findButton(t, c.root, "Back to the passphrase"))
	ui.Type(wz.pass, ceremony.DemoPassphrase)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil {
		t.Fatal(wz.err)
	}
	list, _ := os.ReadFile(p.ChecksumsPath("3.0.0"))
	if !strings.Contains(string(list), "(.env)") || !strings.Contains(string(list), "(docs/notes.txt)") {
		t.Errorf("the signed list lacks the ticked dotfile:\n%s", list)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
