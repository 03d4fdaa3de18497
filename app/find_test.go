package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// visibleTexts returns the text of every label, rich text and canvas text
// that a person could see in o: hidden objects and everything under them
// are skipped, as are objects outside their parent's size.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
			return
		case *widget.RichText:
			out = append(out, v.String())
			return
		case *canvas.Text:
			out = append(out, v.Text)
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

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
