package app

import (
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The Dependencies screen's table: its columns, cells and status chips.

// depsColumns are the table's columns.
var depsColumns = []struct {
	title string
	width float32
}{
	{"Package", 200}, {"Status", 130}, {"Signatory", 250}, {"Pin", 50}, {"Newest", 70}, {"Events", 180}, {"Log proof", 170},
}

// newTable is the report: one row per package, a header row naming the
// columns.
func (d *depsScreen) newTable() *widget.Table {
	t := widget.NewTable(
		func() (int, int) { return len(d.rows), len(depsColumns) },
		func() fyne.CanvasObject { return newDepsCell() },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(d.rows) {
				d.fillCell(o.(*depsCell), d.rows[id.Row], id.Col)
			}
		})
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(depsColumns) {
			o.(*widget.Label).SetText(depsColumns[id.Col].title)
		}
	}
	for i, c := range depsColumns {
		t.SetColumnWidth(i, c.width)
	}
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		if id.Row >= 0 && id.Row < len(d.rows) {
			d.showDetails(d.rows[id.Row])
		}
	}
	return t
}

// signatoryText names a checked package's signatory, quoted: the one
// signing at the head, after the one pinned when a hand-over since the
// pin waits for consent (`"Grace Hopper" → "Bob Successor"`).
func signatoryText(r *depRow) string {
	name := untrusted.Quote(r.Check.Result().Name)
	if evs := r.Check.Events(); len(evs) > 0 && evs[0].From != r.Check.Result().Name {
		return untrusted.Quote(evs[0].From) + " → " + name
	}
	return name
}

// shownEvents are the events a row shows: those after the pin, or the
// history at first trust.
func shownEvents(r *depRow) []chain.Event {
	switch {
	case r.Check == nil:
		return nil
	case r.Check.FirstTrust():
		return r.Check.Result().Events
	}
	return r.Check.Events()
}

// fillCell shows column col of r in c.
func (d *depsScreen) fillCell(c *depsCell, r *depRow, col int) {
	if col == 1 {
		c.label.Hide()
		c.chip.set(r.Status)
		c.chipBox.Show()
		return
	}
	c.chipBox.Hide()
	text, imp := "-", widget.MediumImportance
	c.label.TextStyle = fyne.TextStyle{Bold: col == 0 && r.NeedsAttention()}
	var res *chain.Result
	if r.Check != nil {
		res = r.Check.Result()
	}
	switch col {
	case 0:
		text = untrusted.Escape(r.Package.Name)
	case 2:
		if res != nil {
			text = signatoryText(r)
		}
	case 3:
		if r.pin != nil {
			text = fmt.Sprint(r.pin.Position)
		}
	case 4:
		if n := r.Newest(); n != nil {
			text = untrusted.Escape(n.Version)
		}
	case 5:
		text = eventSummary(shownEvents(r))
		if len(r.Recent) > 0 {
			text += ", " + d.ago(r.Recent[len(r.Recent)-1].Entry.Time)
			imp = widget.WarningImportance
		}
	case 6:
		text, imp = d.logCell(r)
	}
	c.label.Importance = imp
	c.label.SetText(text)
	c.label.Show()
}

// logCell is the Log proof column: where the log holds the head, or why
// the proof was refused.
func (d *depsScreen) logCell(r *depRow) (string, widget.Importance) {
	switch {
	case !d.logPolicy:
		return noLogProof, widget.LowImportance
	case r.Log != nil:
		return fmt.Sprintf("logged #%d, %s", r.Log.Index, countOf(len(r.Log.Cosigned), "witness", "witnesses")), widget.SuccessImportance
	case r.Status == deps.Refused && errors.Is(r.Err, ceremony.ErrNoLogProof):
		return "NO PROOF", widget.DangerImportance
	case r.Status == deps.Refused && errors.Is(r.Err, tlog.ErrSplitView):
		return "SPLIT VIEW", widget.DangerImportance
	case r.Status == deps.Refused && isLogRefusal(r.Err):
		return "refused", widget.DangerImportance
	}
	return "-", widget.LowImportance
}

// eventSummary counts events by kind: "1 hand-over, 2 re-keys"; "-" for
// none.
func eventSummary(evs []chain.Event) string {
	if len(evs) == 0 {
		return "-"
	}
	counts := map[chain.Kind]int{}
	var order []chain.Kind
	for _, ev := range evs {
		if counts[ev.Entry.Kind] == 0 {
			order = append(order, ev.Entry.Kind)
		}
		counts[ev.Entry.Kind]++
	}
	var parts []string
	for _, k := range order {
		name := untrusted.Escape(styleOf(k).name)
		parts = append(parts, countOf(counts[k], name, name+"s"))
	}
	return strings.Join(parts, ", ")
}

// statusColors are the chip's background and text colours of a status:
// the theme's success, warning and error colours, whose text contrast
// TestThemeTextContrast checks.
func statusColors(s deps.Status) (bg, fg fyne.ThemeColorName) {
	switch s {
	case deps.OK:
		return theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess
	case deps.Consent, deps.FirstTrust:
		return theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	}
	return theme.ColorNameError, theme.ColorNameForegroundOnError
}

// statusChip is a rounded label naming a check's status in its colour.
type statusChip struct {
	status deps.Status
	bg     *canvas.Rectangle
	text   *canvas.Text
	box    *fyne.Container
}

func newStatusChip() *statusChip {
	c := &statusChip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.White)}
	c.bg.CornerRadius = 10
	c.text.TextStyle = fyne.TextStyle{Bold: true}
	c.text.TextSize = 12
	c.box = container.NewStack(c.bg, container.New(&chipPadding{}, c.text))
	return c
}

func (c *statusChip) set(s deps.Status) {
	bg, fg := statusColors(s)
	c.status = s
	c.bg.FillColor = theme.Color(bg)
	c.text.Color = theme.Color(fg)
	c.text.Text = s.String()
	c.box.Refresh()
}

// depsCell is a cell of the report: a label, or the status chip.
type depsCell struct {
	widget.BaseWidget
	label   *widget.Label
	chip    *statusChip
	chipBox *fyne.Container
}

func newDepsCell() *depsCell {
	c := &depsCell{label: widget.NewLabel(""), chip: newStatusChip()}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.chipBox = container.NewHBox(container.NewCenter(c.chip.box))
	c.chipBox.Hide()
	c.ExtendBaseWidget(c)
	return c
}

func (c *depsCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.label, container.NewPadded(c.chipBox)))
}
