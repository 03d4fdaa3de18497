package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// sideBySide lays its objects out in a row when the width allows each its
// minimum width, and in a column otherwise, so that a screen fits an
// 800×600 window and still uses the width of a wide one (issue 12). In a
// row the spare width is shared out evenly, and each object is as tall
// as the tallest; hidden objects take no room.
type sideBySide struct {
	packed bool    // in a row, objects keep their minimum width, leading
	width  float32 // the width of the last layout, which decides the height
}

// newPackedSideBySide is newSideBySide whose row keeps each object at
// its minimum width, side by side at the leading edge: a QR code stays
// next to its words however wide the window.
func newPackedSideBySide(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&sideBySide{packed: true}, objects...)
}

// newSideBySide returns a container laying out objects with sideBySide.
func newSideBySide(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&sideBySide{}, objects...)
}

func visibleObjects(objects []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

// rowWidth is the least width that holds objects in a row.
func rowWidth(objects []fyne.CanvasObject) float32 {
	var w float32
	for i, o := range objects {
		if i > 0 {
			w += theme.Padding()
		}
		w += o.MinSize().Width
	}
	return w
}

// inRow reports whether objects are laid out in a row at width w.
func (l *sideBySide) inRow(objects []fyne.CanvasObject, w float32) bool {
	return len(objects) > 1 && w >= rowWidth(objects)
}

func (l *sideBySide) Layout(all []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	objects := visibleObjects(all)
	pad := theme.Padding()
	if !l.inRow(objects, size.Width) {
		y := float32(0)
		for _, o := range objects {
			h := o.MinSize().Height
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h + pad
		}
		return
	}
	extra := (size.Width - rowWidth(objects)) / float32(len(objects))
	if l.packed {
		extra = 0
	}
	x := float32(0)
	for _, o := range objects {
		w := o.MinSize().Width + extra
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// MinSize is as narrow as the widest object; it is as tall as the
// layout's form at the width it was last laid out at.
func (l *sideBySide) MinSize(all []fyne.CanvasObject) fyne.Size {
	objects := visibleObjects(all)
	var s fyne.Size
	for i, o := range objects {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		if l.inRow(objects, l.width) {
			s.Height = max(s.Height, m.Height)
			continue
		}
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += m.Height
	}
	return s
}
