package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/baton-signing/baton/app/internal/drive"
)

// wantDrawn renders w as the real driver would draw it and fails t
// unless the picture is a drawn page that encodes as PNG. (The pictures
// in docs/screenshots come from the screenshots tool, app/internal/shots.)
func wantDrawn(t testing.TB, w fyne.Window, name string) {
	t.Helper()
	if _, err := drive.EncodePNG(ui.Capture(w)); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// Every screen draws with the demo vault.
func TestScreensDraw(t *testing.T) {
	st, _ := newTestState(t)
	st.Readiness = online
	w := newMainWindow(st)
	defer w.Close()
	w.Resize(fyne.NewSize(1024, 700))
	st.SetVault(copyDemoVault(t))
	idle(st)
	for _, name := range st.nav.names {
		st.ShowScreen(name)
		wantDrawn(t, w, name)
	}
}

// The release wizard draws after a wrong passphrase.
func TestReleaseFailureDraws(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	startRelease(t, st, "3.0.0", "wrong passphrase")
	idle(st)
	st.Window.Resize(fyne.NewSize(924, 600))
	wantDrawn(t, st.Window, "release-failed")
}
