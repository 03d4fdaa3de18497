package app

import (
	"bytes"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/qr"
)

func TestKeysScreenShowsSignatoryKeyThreeWays(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	k := newKeysScreen(st)
	w := showIn(t, st, k.root)
	idle(st)

	rec, err := v.Package(ceremony.DemoPackage).PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	if k.pkgSelect.Selected != ceremony.DemoPackage {
		t.Errorf("package picker shows %q", k.pkgSelect.Selected)
	}
	if k.key == nil || k.key.Label != "recovery" {
		t.Fatalf("shown key = %+v, want the recovery key first", k.key)
	}
	if k.text.Text != rec.String() || !k.text.TextStyle.Monospace {
		t.Errorf("key text = %q (monospace %v), want %q", k.text.Text, k.text.TextStyle.Monospace, rec.String())
	}
	for _, word := range rec.Fingerprint().Words() {
		if !strings.Contains(k.words.Text, word) {
			t.Errorf("fingerprint words %q lack %q", k.words.Text, word)
		}
	}
	if !shows(w, "signatory key") {
		t.Errorf("the role is not explained; visible %q", visibleTexts(w.Content()))
	}

	// The QR code shown is big and holds the key.
	if ms := k.qr.MinSize(); ms.Width < 320 || ms.Height < 320 {
		t.Errorf("QR minimum size %v, want at least 320", ms)
	}
	if k.qr.Size().Width < 320 {
		t.Errorf("QR laid out at %v, want at least 320 wide", k.qr.Size())
	}
	img, err := png.Decode(bytes.NewReader(k.qr.Resource.Content()))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := decodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.ParsePayload(payload); err != nil || !got.Equal(rec) {
		t.Errorf("QR holds %v (%v), want the recovery key", got, err)
	}
	if k.ident.Image == nil {
		t.Error("no identicon")
	}

	// Copy puts the text on the clipboard.
	test.Tap(k.copyBtn)
	if got := st.App.Clipboard().Content(); got != rec.String() {
		t.Errorf("clipboard = %q, want %q", got, rec.String())
	}
	// The text cannot be edited.
	test.Type(k.text, "x")
	if k.text.Text != rec.String() {
		t.Errorf("the key text was edited to %q", k.text.Text)
	}

	// Another key.
	k4, _ := v.Package(ceremony.DemoPackage).PublicKey("K4")
	k.keySelect.SetSelected(keyOption(ceremony.KeyStatus{Label: "K4", Role: ceremony.RoleInForce}))
	if k.text.Text != k4.String() || !strings.Contains(k.role.Text, "key in force") {
		t.Errorf("after choosing K4: text %q, role %q", k.text.Text, k.role.Text)
	}

	// A release key has no QR code and says it is not the one to publish.
	if k.publish.Visible() || k.qr.Resource != nil {
		t.Error("release key K4 is offered as a QR code")
	}
	if !k.notThis.Visible() || !strings.Contains(k.notThis.Text, "do not publish it as the signatory's key") {
		t.Errorf("K4 is not labelled as a release key: %q", k.notThis.Text)
	}
	if !strings.Contains(k.wordsHead.Text, "release key K4") {
		t.Errorf("K4's words are headed %q", k.wordsHead.Text)
	}
	if err := k.saveQR(filepath.Join(t.TempDir(), "k4.png")); err == nil {
		t.Error("saved a QR code of release key K4")
	}

	// Back on the signatory's key: Save as PNG.
	k.keySelect.SetSelected(keyOption(ceremony.KeyStatus{Label: "recovery", Role: ceremony.RoleRecovery}))
	if !k.publish.Visible() || k.notThis.Visible() {
		t.Error("the signatory's key is not offered for publishing")
	}
	path := filepath.Join(t.TempDir(), "recovery.png")
	if err := k.saveQR(path); err != nil {
		t.Fatal(err)
	}
	payload, err = decodeQRFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.ParsePayload(payload); err != nil || !got.Equal(rec) {
		t.Errorf("saved QR holds %v (%v), want the recovery key", got, err)
	}
	if !strings.Contains(k.feedback.Text, path) {
		t.Errorf("feedback %q does not name the file", k.feedback.Text)
	}
}

func TestKeysScreenCopiesWords(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	k := newKeysScreen(st)
	w := showIn(t, st, k.root)
	idle(st)
	rec, _ := v.Package(ceremony.DemoPackage).PublicKey("recovery")
	test.Tap(findButton(t, w.Content(), "Copy words"))
	want := wordLines(rec.Fingerprint())
	if got := st.App.Clipboard().Content(); got != want {
		t.Errorf("clipboard = %q, want the words %q", got, want)
	}
	if n := len(strings.Split(want, "\n")); n != 3 {
		t.Errorf("the words are in %d lines, want 3 of 4", n)
	}
}

// TestKeysScreenFollowsVault: after the vault changes, Keys shows the new
// vault's package, or says there is none and offers to start one.
func TestKeysScreenFollowsVault(t *testing.T) {
	st, _ := newTestState(t)
	v := copyDemoVault(t)
	st.SetVault(v)
	k := newKeysScreen(st)
	w := showIn(t, st, k.root)
	idle(st)

	empty, err := ceremony.OpenVault(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(empty)
	idle(st)
	if k.body.Visible() || !k.empty.Visible() || !showsIn(w.Content(), "no package yet") {
		t.Errorf("an empty vault does not say it has no package; visible %q", visibleTexts(w.Content()))
	}
	findButton(t, w.Content(), "Start a chain…")

	// A vault whose packages are not the selection (as after a first chain).
	st.Vault, st.Package = v, ""
	st.Changed()
	idle(st)
	if k.pkgSelect.Selected != ceremony.DemoPackage || k.key == nil || !k.body.Visible() || k.empty.Visible() {
		t.Errorf("after the vault changed: package %q, key %v, body shown %v", k.pkgSelect.Selected, k.key, k.body.Visible())
	}
}

func TestKeysScreenWithoutVault(t *testing.T) {
	st, _ := newTestState(t)
	k := newKeysScreen(st)
	showIn(t, st, k.root)
	idle(st)
	if k.key != nil || k.body.Visible() {
		t.Error("a key is shown with no vault open")
	}
	if err := k.saveQR(filepath.Join(t.TempDir(), "x.png")); err == nil {
		t.Error("saveQR with no key succeeded")
	}
}
