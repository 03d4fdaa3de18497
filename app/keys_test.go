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

	// Save as PNG.
	path := filepath.Join(t.TempDir(), "k4.png")
	if err := k.saveQR(path); err != nil {
		t.Fatal(err)
	}
	payload, err = decodeQRFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.ParsePayload(payload); err != nil || !got.Equal(k4) {
		t.Errorf("saved QR holds %v (%v), want K4", got, err)
	}
	if !strings.Contains(k.feedback.Text, path) {
		t.Errorf("feedback %q does not name the file", k.feedback.Text)
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
