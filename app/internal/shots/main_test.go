package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/baton-signing/baton/app/internal/drive"
)

// The tool draws every page into a new directory, each a PNG file of a
// window's size that is not blank; it writes nothing else.
func TestRunDrawsEveryPage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "screenshots")
	if err := run(dir, filepath.Join("..", "..", "..", "testdata")); err != nil {
		t.Fatal(err)
	}
	for _, name := range pages {
		f, err := os.Open(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 600 {
			t.Errorf("%s: %v, want a window's size", name, b)
		}
		if n := drive.Colours(img, drive.MinColours); n < drive.MinColours {
			t.Errorf("%s: %d colours, a blank page", name, n)
		}
	}
	if all, _ := os.ReadDir(dir); len(all) != len(pages) {
		t.Errorf("%d files written, want %d", len(all), len(pages))
	}
}

// Without the vectors, the tool says where it looked and fails.
func TestRunNeedsTheVectors(t *testing.T) {
	err := run(t.TempDir(), t.TempDir())
	if err == nil {
		t.Fatal("no error without testdata")
	}
	t.Log(err)
}
