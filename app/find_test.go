package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// shows reports whether some visible text in w contains want.
func shows(w fyne.Window, want string) bool {
	for _, s := range visibleTexts(w.Content()) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// navButton finds the tappable navigation entry labelled title in w: a
// tappable widget whose own rendering holds the text title.
func navButton(t *testing.T, w fyne.Window, title string) fyne.Tappable {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		tap, ok := o.(fyne.Tappable)
		if !ok {
			continue
		}
		wid, ok := o.(fyne.Widget)
		if !ok {
			continue
		}
		for _, c := range test.WidgetRenderer(wid).Objects() {
			if txt, ok := c.(*canvas.Text); ok && txt.Text == title {
				return tap
			}
		}
	}
	t.Fatalf("no navigation entry %q in the window", title)
	return nil
}
