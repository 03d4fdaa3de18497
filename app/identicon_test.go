package app

import (
	"bytes"
	"testing"

	"github.com/baton-signing/baton/chain/signify"
)

func mustKey(t *testing.T, seed byte) *signify.PublicKey {
	t.Helper()
	k, err := signify.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{seed}, 128)))
	if err != nil {
		t.Fatal(err)
	}
	return k.Public("")
}

func TestIdenticonIsDeterministicAndDiffers(t *testing.T) {
	a, b := mustKey(t, 1), mustKey(t, 2)
	ia1 := identicon(a.Fingerprint(), 120)
	ia2 := identicon(a.Fingerprint(), 120)
	ib := identicon(b.Fingerprint(), 120)
	if !bytes.Equal(ia1.Pix, ia2.Pix) {
		t.Error("the same key gave two different identicons")
	}
	if bytes.Equal(ia1.Pix, ib.Pix) {
		t.Error("two different keys gave the same identicon")
	}
	if got := ia1.Bounds().Dx(); got != 120 || ia1.Bounds().Dy() != 120 {
		t.Errorf("size %v, want 120×120", ia1.Bounds())
	}
	// Mirrored: column x equals column width-1-x.
	w := ia1.Bounds().Dx()
	for y := 0; y < w; y++ {
		for x := 0; x < w/2; x++ {
			if ia1.NRGBAAt(x, y) != ia1.NRGBAAt(w-1-x, y) {
				t.Fatalf("not mirrored at (%d,%d)", x, y)
			}
		}
	}
	// Two colours only: background and the key's colour.
	colours := map[[4]uint8]bool{}
	for i := 0; i < len(ia1.Pix); i += 4 {
		colours[[4]uint8(ia1.Pix[i:i+4])] = true
	}
	if len(colours) != 2 {
		t.Errorf("%d colours, want 2", len(colours))
	}
}

func TestIdenticonsOfManyKeysDiffer(t *testing.T) {
	seen := map[string]byte{}
	for s := byte(1); s <= 40; s++ {
		img := identicon(mustKey(t, s).Fingerprint(), 60)
		if prev, ok := seen[string(img.Pix)]; ok {
			t.Errorf("keys %d and %d have the same identicon", prev, s)
		}
		seen[string(img.Pix)] = s
	}
}
