package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// Entry kinds are drawn with a shape and a colour each, so that the kinds
// differ for people who cannot tell the colours apart too.
var (
	genesisBlue    = color.NRGBA{R: 0x2F, G: 0x6F, B: 0xE0, A: 0xFF}
	releaseGreen   = color.NRGBA{R: 0x2E, G: 0x9E, B: 0x44, A: 0xFF}
	rekeyOrange    = color.NRGBA{R: 0xE8, G: 0x73, B: 0x0C, A: 0xFF}
	handoverPurple = color.NRGBA{R: 0x8E, G: 0x44, B: 0xAD, A: 0xFF}
)

// kindStyle is how an entry kind is drawn and named.
type kindStyle struct {
	name  string
	sides uint // 0: a circle; else a regular polygon
	angle float32
	color color.NRGBA
}

// kindStyles: genesis a hexagon, release a circle, re-key a triangle,
// hand-over a diamond.
var kindStyles = map[chain.Kind]kindStyle{
	chain.KindGenesis:  {name: "genesis", sides: 6, color: genesisBlue},
	chain.KindRelease:  {name: "release", color: releaseGreen},
	chain.KindRekey:    {name: "re-key", sides: 3, color: rekeyOrange},
	chain.KindHandover: {name: "hand-over", sides: 4, color: handoverPurple},
}

// kindOrder is the legend's order.
var kindOrder = []chain.Kind{chain.KindGenesis, chain.KindRelease, chain.KindRekey, chain.KindHandover}

func styleOf(k chain.Kind) kindStyle {
	if s, ok := kindStyles[k]; ok {
		return s
	}
	return kindStyle{name: string(k), sides: 8, color: color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xFF}}
}

// kindShape returns the shape of kind k, filled with its colour.
func kindShape(k chain.Kind) fyne.CanvasObject {
	s := styleOf(k)
	if s.sides == 0 {
		return canvas.NewCircle(s.color)
	}
	p := canvas.NewPolygon(s.sides, s.color)
	p.Angle = s.angle
	return p
}

// timelineNode is one entry on the timeline.
type timelineNode struct {
	Position uint64
	Kind     chain.Kind
	Label    string // the version of a release, the kind's name otherwise
	Date     string // YYYY-MM-DD
	Head     bool   // the newest entry
}

// timeline draws a chain as a picture: a horizontal line with one node
// per entry, shaped and coloured by its kind, the position above it and
// the version (or kind) and date below. The head is drawn larger, ringed.
type timeline struct {
	widget.BaseWidget
	Nodes []timelineNode
}

// Layout of the timeline, in Fyne units.
const (
	tlSpacing  = 96 // minimum distance between nodes
	tlNode     = 22
	tlHeadNode = 32
	tlHeight   = 112
	tlLineY    = 40
)

func newTimeline(entries []*chain.SignedEntry) *timeline {
	t := &timeline{}
	for i, e := range entries {
		n := timelineNode{Position: e.Position, Kind: e.Kind, Label: styleOf(e.Kind).name, Date: e.Time.UTC().Format("2006-01-02"), Head: i == len(entries)-1}
		if e.Kind == chain.KindRelease && e.Version != "" {
			n.Label = untrusted.Escape(e.Version)
		}
		t.Nodes = append(t.Nodes, n)
	}
	t.ExtendBaseWidget(t)
	return t
}

func (t *timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t}
	r.build()
	return r
}

// nodeObjects are the drawn parts of one node.
type nodeObjects struct {
	ring       *canvas.Circle // only for the head
	shape      fyne.CanvasObject
	pos, label *canvas.Text
	date       *canvas.Text
	size       float32
}

type timelineRenderer struct {
	t       *timeline
	line    *canvas.Line
	nodes   []nodeObjects
	objects []fyne.CanvasObject
}

func (r *timelineRenderer) build() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)

	r.line = canvas.NewLine(muted)
	r.line.StrokeWidth = 3
	r.objects = []fyne.CanvasObject{r.line}
	r.nodes = nil
	for _, n := range r.t.Nodes {
		o := nodeObjects{shape: kindShape(n.Kind), size: tlNode}
		if n.Head {
			o.size = tlHeadNode
			o.ring = canvas.NewCircle(color.Transparent)
			o.ring.StrokeColor = th.Color(theme.ColorNamePrimary, v)
			o.ring.StrokeWidth = 3
			r.objects = append(r.objects, o.ring)
		}
		o.pos = canvas.NewText(fmt.Sprintf("#%d", n.Position), muted)
		o.pos.TextSize = 12
		o.pos.Alignment = fyne.TextAlignCenter
		o.label = canvas.NewText(n.Label, fg)
		o.label.TextStyle = fyne.TextStyle{Bold: true}
		o.label.TextSize = 14
		o.label.Alignment = fyne.TextAlignCenter
		if n.Head {
			o.pos.Text += " head"
		}
		o.date = canvas.NewText(n.Date, muted)
		o.date.TextSize = 11
		o.date.Alignment = fyne.TextAlignCenter
		r.objects = append(r.objects, o.shape, o.pos, o.label, o.date)
		r.nodes = append(r.nodes, o)
	}
}

func (r *timelineRenderer) Layout(size fyne.Size) {
	n := len(r.nodes)
	if n == 0 {
		return
	}
	step := float32(tlSpacing)
	if n > 1 && (size.Width-tlSpacing)/float32(n-1) > step {
		step = (size.Width - tlSpacing) / float32(n-1)
	}
	if step > 220 {
		step = 220
	}
	x0 := float32(tlSpacing) / 2
	r.line.Position1 = fyne.NewPos(x0, tlLineY)
	r.line.Position2 = fyne.NewPos(x0+step*float32(n-1), tlLineY)
	if n == 1 {
		r.line.Position2 = r.line.Position1
	}
	for i, o := range r.nodes {
		cx := x0 + step*float32(i)
		o.shape.Resize(fyne.NewSquareSize(o.size))
		o.shape.Move(fyne.NewPos(cx-o.size/2, tlLineY-o.size/2))
		if o.ring != nil {
			rs := o.size + 10
			o.ring.Resize(fyne.NewSquareSize(rs))
			o.ring.Move(fyne.NewPos(cx-rs/2, tlLineY-rs/2))
		}
		place := func(t *canvas.Text, y float32) {
			ms := t.MinSize()
			t.Resize(fyne.NewSize(tlSpacing, ms.Height))
			t.Move(fyne.NewPos(cx-tlSpacing/2, y))
		}
		place(o.pos, 2)
		place(o.label, tlLineY+tlHeadNode/2+6)
		place(o.date, tlLineY+tlHeadNode/2+26)
	}
}

func (r *timelineRenderer) MinSize() fyne.Size {
	return fyne.NewSize(float32(tlSpacing*max(1, len(r.nodes))), tlHeight)
}

func (r *timelineRenderer) Refresh() {
	r.build()
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *timelineRenderer) Destroy()                     {}

// timelineLegend names the shapes.
func timelineLegend() fyne.CanvasObject {
	row := container.NewHBox()
	for _, k := range kindOrder {
		shape := kindShape(k)
		row.Add(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(14), shape)))
		l := widget.NewLabel(styleOf(k).name)
		l.SizeName = theme.SizeNameCaptionText
		row.Add(l)
	}
	return row
}
