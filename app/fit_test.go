package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestEveryScreenFits800x600 shows each screen of the main window with the
// demo vault open and checks that the window's content can shrink to
// 800×600: no screen forces a bigger window (issue 12).
func TestEveryScreenFits800x600(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(copyDemoVault(t))
	idle(st)
	limit := fyne.NewSize(800, 600)
	for _, s := range screens() {
		if !st.ShowScreen(s.name) {
			t.Fatalf("no screen %q", s.name)
		}
		idle(st)
		w.Resize(limit)
		if ms := w.Content().MinSize(); ms.Width > limit.Width || ms.Height > limit.Height {
			t.Errorf("with %s shown the window needs at least %v, more than %v", s.name, ms, limit)
		}
	}
}
