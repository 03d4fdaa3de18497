package app

import (
	"image"
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

// snapshot saves w as $BATON_CAPTURE_DIR/name.png when that variable is
// set (make screenshots), for the pages tests reach.
func snapshot(t testing.TB, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("BATON_CAPTURE_DIR")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, capture(w)); err != nil {
		t.Fatal(err)
	}
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

// TestCaptureScreens renders every screen with the demo vault into
// $BATON_CAPTURE_DIR, for looking at layouts without a display. It is
// skipped unless that variable is set.
func TestCaptureScreens(t *testing.T) {
	dir := os.Getenv("BATON_CAPTURE_DIR")
	if dir == "" {
		t.Skip("BATON_CAPTURE_DIR not set")
	}
	st, _ := newTestState(t)
	st.Readiness = online
	w := NewWindow(st)
	defer w.Close()
	w.Resize(fyne.NewSize(1024, 700))
	st.SetVault(copyDemoVault(t))
	idle(st)
	for _, name := range st.nav.names {
		st.ShowScreen(name)
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, capture(w))
		f.Close()
	}
}

// TestCaptureWizard renders the release wizard after a wrong passphrase
// into $BATON_CAPTURE_DIR.
func TestCaptureWizard(t *testing.T) {
	dir := os.Getenv("BATON_CAPTURE_DIR")
	if dir == "" {
		t.Skip("BATON_CAPTURE_DIR not set")
	}
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	startRelease(t, st, "3.0.0", "wrong passphrase")
	idle(st)
	st.Window.Resize(fyne.NewSize(924, 600))
	f, err := os.Create(filepath.Join(dir, "release-failed.png"))
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, capture(st.Window))
	f.Close()
}
