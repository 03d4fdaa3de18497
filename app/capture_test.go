package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

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
		png.Encode(f, w.Canvas().Capture())
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
	png.Encode(f, st.Window.Canvas().Capture())
	f.Close()
}
