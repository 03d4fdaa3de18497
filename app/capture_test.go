package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// capture renders w's canvas as the real driver would draw it: that
// driver lays out again, every frame, whatever grew since; the test
// canvas does not, so capture lays the whole tree out first.
func capture(w fyne.Window) image.Image {
	c := w.Canvas()
	for range 2 { // a wrapped label's height follows the width it got last time
		relayout(c.Content())
		for _, o := range c.Overlays().List() {
			relayout(o)
		}
	}
	return c.Capture()
}

// snapshot renders w and checks the picture is a drawn page (it fails
// the test otherwise); with $BATON_CAPTURE_DIR set (make screenshots) it
// saves it there as name.png, for the pages tests reach.
func snapshot(t testing.TB, w fyne.Window, name string) {
	t.Helper()
	savePNG(t, capture(w), os.Getenv("BATON_CAPTURE_DIR"), name)
}

// savePNG checks img is not blank and encodes it as PNG, into dir/name.png
// when dir is set: any error fails the test.
func savePNG(t testing.TB, img image.Image, dir, name string) {
	t.Helper()
	if n := colours(img, 16); n < 16 {
		t.Errorf("%s: the capture has %d colours: a blank page", name, n)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// colours counts the distinct colours of img, up to limit.
func colours(img image.Image, limit int) int {
	seen := map[color.RGBA]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// relayout lays o and everything under it out again, top down.
func relayout(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}

// TestCaptureScreens renders every screen with the demo vault and checks
// each picture; with $BATON_CAPTURE_DIR set it saves them there, for
// looking at layouts without a display.
func TestCaptureScreens(t *testing.T) {
	st, _ := newTestState(t)
	st.Readiness = online
	w := NewWindow(st)
	defer w.Close()
	w.Resize(fyne.NewSize(1024, 700))
	st.SetVault(copyDemoVault(t))
	idle(st)
	for _, name := range st.nav.names {
		st.ShowScreen(name)
		snapshot(t, w, name)
	}
}

// TestCaptureWizard renders the release wizard after a wrong passphrase
// (into $BATON_CAPTURE_DIR when set).
func TestCaptureWizard(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	startRelease(t, st, "3.0.0", "wrong passphrase")
	idle(st)
	st.Window.Resize(fyne.NewSize(924, 600))
	snapshot(t, st.Window, "release-failed")
}
