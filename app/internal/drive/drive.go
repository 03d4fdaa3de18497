// Package drive works Baton's UI headlessly, as a person would: it finds
// the buttons and texts a person could see, taps and types, and renders a
// window to a picture. The app's tests and the screenshots tool
// (app/internal/shots) share it.
//
// It does not import Fyne's test driver (fyne.io/fyne/v2/test): package
// app uses this package outside its tests, and the app's binary must not
// link that driver (nor the testing package and testify it brings). The
// tests and the tool hand the driver's functions in as a Driver.
package drive

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Driver is Fyne's test driver, by its functions: test.Tap, test.Type,
// test.WidgetRenderer and test.NewApp.
type Driver struct {
	Tap      func(fyne.Tappable)
	Type     func(fyne.Focusable, string)
	Renderer func(fyne.Widget) fyne.WidgetRenderer
	NewApp   func() fyne.App
}

// walkVisible calls visit for o and every visible object under it, through
// widgets' renderers and containers. Hidden objects and everything under
// them are skipped; visit returns false to skip what is under an object.
func (d Driver) walkVisible(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !visit(o) {
		return
	}
	switch v := o.(type) {
	case fyne.Widget:
		for _, c := range d.Renderer(v).Objects() {
			d.walkVisible(c, visit)
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			d.walkVisible(c, visit)
		}
	}
}

// VisibleTexts returns the text of every label, rich text and canvas text
// that a person could see in o: hidden objects and everything under them
// are skipped.
func (d Driver) VisibleTexts(o fyne.CanvasObject) []string {
	var out []string
	d.walkVisible(o, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		case *canvas.Text:
			out = append(out, v.Text)
		default:
			return true
		}
		return false
	})
	return out
}

// ShowsIn reports whether some visible text under o contains want.
func (d Driver) ShowsIn(o fyne.CanvasObject, want string) bool {
	for _, s := range d.VisibleTexts(o) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// FindButton returns the visible button labelled text under o; it fails t
// when there is none.
func (d Driver) FindButton(t T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	d.walkVisible(o, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok {
			if b.Text == text && found == nil {
				found = b
			}
			return false
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("no visible button %q; visible texts: %q", text, d.VisibleTexts(o))
	}
	return found
}

// Capture renders w's canvas as the real driver would draw it: that
// driver lays out again, every frame, whatever grew since; the test
// canvas does not, so Capture lays the whole tree out first.
func (d Driver) Capture(w fyne.Window) image.Image {
	c := w.Canvas()
	for range 2 { // a wrapped label's height follows the width it got last time
		d.relayout(c.Content())
		for _, o := range c.Overlays().List() {
			d.relayout(o)
		}
	}
	return c.Capture()
}

// relayout lays o and everything under it out again, top down.
func (d Driver) relayout(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			d.relayout(c)
		}
	case fyne.Widget:
		r := d.Renderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			d.relayout(c)
		}
	}
}

// MinColours is how many distinct colours a drawn page has at least; a
// blank or flat one has a handful.
const MinColours = 16

// EncodePNG checks img is a drawn page, not a blank one, and encodes it
// as PNG.
func EncodePNG(img image.Image) ([]byte, error) {
	if n := Colours(img, MinColours); n < MinColours {
		return nil, fmt.Errorf("the picture has %d colours: a blank page", n)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Colours counts the distinct colours of img, up to limit.
func Colours(img image.Image, limit int) int {
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
