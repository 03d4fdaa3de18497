package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// navBar is the main navigation's column: one entry per screen, an icon
// over its title, the selected one in the primary colour with a mark at
// its trailing edge (as Fyne's tabs look). Unlike Fyne's tabs it takes
// the keyboard focus: it is one stop of the Tab order, before the screen,
// and while it has it a ring is drawn around the selected entry and the
// arrow keys select the previous or next screen (Home and End the first
// and last), as in a desktop's tab list. The mouse taps an entry.
type navBar struct {
	widget.BaseWidget
	entries  []*navEntry
	selected int
	focused  bool
	onSelect func(i int) // entry i was chosen by a tap or a key
}

var (
	_ fyne.Focusable = (*navBar)(nil)
	_ fyne.Tappable  = (*navEntry)(nil)
)

func newNavBar(list []screen, onSelect func(i int)) *navBar {
	b := &navBar{onSelect: onSelect}
	for i, s := range list {
		e := &navEntry{bar: b, index: i, title: s.title, icon: s.icon}
		e.ExtendBaseWidget(e)
		b.entries = append(b.entries, e)
	}
	b.ExtendBaseWidget(b)
	return b
}

// setSelected shows entry i as the selected one (it calls no onSelect).
func (b *navBar) setSelected(i int) {
	if i == b.selected || i < 0 || i >= len(b.entries) {
		return
	}
	old := b.selected
	b.selected = i
	b.entries[old].Refresh()
	b.entries[i].Refresh()
	b.Refresh()
}

// choose selects entry i as the person asked.
func (b *navBar) choose(i int) {
	if i < 0 || i >= len(b.entries) {
		return
	}
	b.setSelected(i)
	if b.onSelect != nil {
		b.onSelect(i)
	}
}

// FocusGained draws the focus ring.
func (b *navBar) FocusGained() {
	b.focused = true
	b.Refresh()
}

// FocusLost removes the focus ring.
func (b *navBar) FocusLost() {
	b.focused = false
	b.Refresh()
}

// TypedRune ignores text: the navigation has none to type.
func (b *navBar) TypedRune(rune) {}

// TypedKey moves the selection: Up and Left to the previous screen, Down
// and Right to the next, Home and End to the first and last. Tab is the
// canvas's: it moves on to the screen.
func (b *navBar) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp, fyne.KeyLeft:
		b.choose(b.selected - 1)
	case fyne.KeyDown, fyne.KeyRight:
		b.choose(b.selected + 1)
	case fyne.KeyHome:
		b.choose(0)
	case fyne.KeyEnd:
		b.choose(len(b.entries) - 1)
	}
}

// focusRingWidth is the focus ring's stroke.
const focusRingWidth = 2

// Focus ring colours: the focus colours' hues (buttons show focus by
// blending them into their background), opaque, and on dark a lighter
// violet, so that the ring stands out at least 3:1 from the background
// (TestFocusRingContrast).
var (
	ringOnLight = color.NRGBA{R: 0x22, G: 0x77, B: 0xFF, A: 0xFF} // 4.1:1 on white
	ringOnDark  = color.NRGBA{R: 0xAA, G: 0x80, B: 0xFF, A: 0xFF} // 6:1 on the dark background
)

// focusRingColour is the colour of the ring drawn around the focused
// navigation entry.
func focusRingColour(v fyne.ThemeVariant) color.Color {
	if v == theme.VariantDark {
		return ringOnDark
	}
	return ringOnLight
}

func (b *navBar) CreateRenderer() fyne.WidgetRenderer {
	r := &navBarRenderer{b: b, mark: canvas.NewRectangle(color.Transparent), ring: canvas.NewRectangle(color.Transparent)}
	for _, e := range b.entries {
		r.objects = append(r.objects, e)
	}
	r.objects = append(r.objects, r.mark, r.ring)
	r.Refresh()
	return r
}

type navBarRenderer struct {
	b          *navBar
	mark, ring *canvas.Rectangle
	objects    []fyne.CanvasObject
}

// markWidth is the width of the mark at the selected entry's trailing
// edge.
func (r *navBarRenderer) markWidth() float32 {
	return r.b.Theme().Size(theme.SizeNameSelectionRadius)
}

// Layout stacks the entries, each as wide as the column but for the mark,
// and puts the mark and the ring at the selected one.
func (r *navBarRenderer) Layout(size fyne.Size) {
	mark := r.markWidth()
	var y float32
	for _, e := range r.b.entries {
		h := e.MinSize().Height
		e.Move(fyne.NewPos(0, y))
		e.Resize(fyne.NewSize(size.Width-mark, h))
		y += h
	}
	if len(r.b.entries) == 0 {
		return
	}
	sel := r.b.entries[r.b.selected]
	r.mark.Move(fyne.NewPos(size.Width-mark, sel.Position().Y))
	r.mark.Resize(fyne.NewSize(mark, sel.Size().Height))
	inset := float32(focusRingWidth) / 2
	r.ring.Move(sel.Position().Add(fyne.NewPos(inset, inset)))
	r.ring.Resize(sel.Size().Subtract(fyne.NewSquareSize(2 * inset)))
}

// MinSize leaves room for the widest entry (its padding makes room for the
// ring) and the mark.
func (r *navBarRenderer) MinSize() fyne.Size {
	var s fyne.Size
	for _, e := range r.b.entries {
		m := e.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	s.Width += r.markWidth()
	return s
}

func (r *navBarRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.mark.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.ring.StrokeColor = focusRingColour(v)
	r.ring.StrokeWidth = focusRingWidth
	r.ring.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	if r.b.focused {
		r.ring.Show()
	} else {
		r.ring.Hide()
	}
	r.Layout(r.b.Size())
	r.mark.Refresh()
	r.ring.Refresh()
}

func (r *navBarRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *navBarRenderer) Destroy()                     {}

// navEntry is one screen's entry in the navBar.
type navEntry struct {
	widget.BaseWidget
	bar     *navBar
	index   int
	title   string
	icon    fyne.Resource
	hovered bool
}

// Tapped selects the entry's screen.
func (e *navEntry) Tapped(*fyne.PointEvent) { e.bar.choose(e.index) }

// MouseIn, MouseMoved and MouseOut show the hover as Fyne's tabs do.
func (e *navEntry) MouseIn(*desktop.MouseEvent) {
	e.hovered = true
	e.Refresh()
}
func (e *navEntry) MouseMoved(*desktop.MouseEvent) {}
func (e *navEntry) MouseOut() {
	e.hovered = false
	e.Refresh()
}

func (e *navEntry) CreateRenderer() fyne.WidgetRenderer {
	r := &navEntryRenderer{e: e, background: canvas.NewRectangle(color.Transparent),
		icon: canvas.NewImageFromResource(e.icon), label: canvas.NewText(e.title, color.Black)}
	r.icon.FillMode = canvas.ImageFillContain
	r.label.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type navEntryRenderer struct {
	e          *navEntry
	background *canvas.Rectangle
	icon       *canvas.Image
	label      *canvas.Text
}

// iconSize is the entries' icon size: twice the inline icon's, as Fyne's
// tabs with the icon on top have.
func (r *navEntryRenderer) iconSize() float32 {
	return 2 * r.e.Theme().Size(theme.SizeNameInlineIcon)
}

// padding is the space around an entry's content: inner padding across,
// twice that up and down, as Fyne's tabs have.
func (r *navEntryRenderer) padding() fyne.Size {
	p := r.e.Theme().Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(p+2*focusRingWidth, 2*p)
}

func (r *navEntryRenderer) Layout(size fyne.Size) {
	r.background.Resize(size)
	pad := r.padding()
	inner := size.Subtract(pad)
	at := fyne.NewPos(pad.Width/2, pad.Height/2)
	is := r.iconSize()
	r.icon.Move(at.Add(fyne.NewPos((inner.Width-is)/2, 0)))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.label.Move(at.Add(fyne.NewPos(0, is+r.e.Theme().Size(theme.SizeNamePadding))))
	r.label.Resize(fyne.NewSize(inner.Width, r.label.MinSize().Height))
}

func (r *navEntryRenderer) MinSize() fyne.Size {
	text := r.label.MinSize()
	is := r.iconSize()
	return fyne.NewSize(max(text.Width, is), is+r.e.Theme().Size(theme.SizeNamePadding)+text.Height).Add(r.padding())
}

func (r *navEntryRenderer) Refresh() {
	e := r.e
	th := e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	selected := e.bar.selected == e.index
	if e.hovered {
		r.background.FillColor = th.Color(theme.ColorNameHover, v)
		r.background.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
		r.background.Show()
	} else {
		r.background.Hide()
	}
	r.label.Text = e.title
	r.label.TextSize = th.Size(theme.SizeNameText)
	r.label.Color = th.Color(theme.ColorNameForeground, v)
	r.icon.Resource = e.icon
	if selected {
		r.label.Color = th.Color(theme.ColorNamePrimary, v)
		if res, ok := e.icon.(*theme.ThemedResource); ok {
			r.icon.Resource = theme.NewPrimaryThemedResource(res)
		}
	}
	r.background.Refresh()
	r.label.Refresh()
	r.icon.Refresh()
	r.Layout(e.Size())
}

func (r *navEntryRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.background, r.icon, r.label}
}
func (r *navEntryRenderer) Destroy() {}
