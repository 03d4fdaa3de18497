package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// verdict is the outcome of a key comparison.
type verdict int

const (
	verdictNone verdict = iota
	verdictMatch
	verdictMismatch
	verdictOK          // a release verified and its chain trusted
	verdictRefused     // a release refused
	verdictUnconfirmed // a release verified against a chain not trusted yet
)

// verdictAmber is the background of a verdict that waits for the person:
// dark enough for white text (about 5:1).
var verdictAmber = color.NRGBA{R: 0x9A, G: 0x5B, B: 0x00, A: 0xFF}

// verdictBanner shows a comparison's or a release's outcome so that no
// one can misread it: a full-width block, green with MATCH or OK, red with
// MISMATCH or REFUSED, amber while it waits for the person, in big white
// letters, with the detail below.
type verdictBanner struct {
	bg     *canvas.Rectangle
	title  *canvas.Text
	lines  *fyne.Container
	inner  *container.ThemeOverride
	box    *fyne.Container
	result verdict
}

func newVerdictBanner() *verdictBanner {
	b := &verdictBanner{bg: canvas.NewRectangle(color.Transparent)}
	b.bg.CornerRadius = 6
	b.title = canvas.NewText("", color.White)
	b.title.TextSize = 48
	b.title.TextStyle = fyne.TextStyle{Bold: true}
	b.title.Alignment = fyne.TextAlignCenter
	b.lines = container.NewVBox()
	b.inner = container.NewThemeOverride(container.NewVBox(b.title, b.lines), onColourTheme{fyne.CurrentApp().Settings().Theme()})
	b.box = container.NewStack(b.bg, container.NewPadded(b.inner))
	b.box.Hide()
	return b
}

// set shows v with detail lines; verdictNone hides the banner.
func (b *verdictBanner) set(v verdict, detail ...string) {
	b.result = v
	b.lines.Objects = nil
	switch v {
	case verdictNone:
		b.box.Hide()
		return
	case verdictMatch:
		b.bg.FillColor, b.title.Text = verdictGreen, "MATCH"
	case verdictMismatch:
		b.bg.FillColor, b.title.Text = verdictRed, "MISMATCH"
	case verdictOK:
		b.bg.FillColor, b.title.Text = verdictGreen, "OK"
	case verdictRefused:
		b.bg.FillColor, b.title.Text = verdictRed, "REFUSED"
	case verdictUnconfirmed:
		b.bg.FillColor, b.title.Text = verdictAmber, "NOT TRUSTED YET"
	}
	for _, d := range detail {
		l := widget.NewLabelWithStyle(d, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		b.lines.Add(l)
	}
	b.box.Show()
	b.inner.Refresh() // labels added under a theme override take it on refresh
	b.box.Refresh()
}

// text returns what the banner says, for tests and logs.
func (b *verdictBanner) text() string {
	if b.result == verdictNone {
		return ""
	}
	s := b.title.Text
	for _, o := range b.lines.Objects {
		s += "\n" + o.(*widget.Label).Text
	}
	return s
}

// onColourTheme draws text white, for labels on the banner's strong
// colours in light and dark variants alike.
type onColourTheme struct{ fyne.Theme }

func (t onColourTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return color.White
	}
	return t.Theme.Color(n, v)
}
