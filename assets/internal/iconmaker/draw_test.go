package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedIconIsFresh fails when assets/icon.png no longer matches what
// Draw produces: run `go generate ./assets` after changing the drawing.
func TestCommittedIconIsFresh(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "icon.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	committed, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	fresh := Draw(Size)
	if committed.Bounds() != fresh.Bounds() {
		t.Fatalf("icon.png bounds %v, Draw gives %v", committed.Bounds(), fresh.Bounds())
	}
	for y := 0; y < Size; y++ {
		for x := 0; x < Size; x++ {
			got := color.NRGBAModel.Convert(committed.At(x, y)).(color.NRGBA)
			want := fresh.NRGBAAt(x, y)
			if got != want {
				t.Fatalf("icon.png differs from Draw at (%d,%d): %v, want %v; run go generate ./assets", x, y, got, want)
			}
		}
	}
}

// TestDrawHasTransparentCornersAndGoldCentre checks the picture's layout:
// outside the rounded square is transparent, the key crosses the centre.
func TestDrawHasTransparentCornersAndGoldCentre(t *testing.T) {
	img := Draw(Size)
	for _, p := range []image.Point{{0, 0}, {Size - 1, 0}, {0, Size - 1}, {Size - 1, Size - 1}} {
		if a := img.NRGBAAt(p.X, p.Y).A; a != 0 {
			t.Errorf("corner %v has alpha %d, want 0", p, a)
		}
	}
	if c := img.NRGBAAt(Size/2, Size/2); c != gold && c != goldShade {
		t.Errorf("centre is %v, want the key's gold", c)
	}
	if c := img.NRGBAAt(Size/2, 40); c.A != 0xFF || c == gold {
		t.Errorf("top middle is %v, want opaque background", c)
	}
}
