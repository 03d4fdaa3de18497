package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// Readiness colours: a verdict, fixed whatever the theme.
var (
	verdictGreen = color.NRGBA{R: 0x1E, G: 0x8E, B: 0x3E, A: 0xFF}
	verdictRed   = color.NRGBA{R: 0xD3, G: 0x2F, B: 0x2F, A: 0xFF}
)

// readinessView shows, in big letters, whether the machine is OFFLINE
// (ready for a key ceremony) or ONLINE, with the interfaces that are up.
type readinessView struct {
	st      *appState
	verdict *canvas.Text
	detail  *widget.Label
	recheck *widget.Button
	box     *fyne.Container
}

func newReadinessView(st *appState) *readinessView {
	r := &readinessView{st: st}
	r.verdict = canvas.NewText("…", theme.Color(theme.ColorNameForeground))
	r.verdict.TextSize = 44
	r.verdict.TextStyle = fyne.TextStyle{Bold: true}
	r.detail = widget.NewLabel("")
	r.detail.Wrapping = fyne.TextWrapWord
	r.recheck = widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), r.check)
	caption := widget.NewLabel("This machine is")
	caption.SizeName = theme.SizeNameCaptionText
	r.box = container.NewBorder(nil, nil,
		container.NewVBox(caption, r.verdict),
		container.NewCenter(r.recheck),
		container.NewVBox(layout.NewSpacer(), r.detail, layout.NewSpacer()))
	return r
}

// check runs ceremony readiness off the UI goroutine and shows the verdict.
func (r *readinessView) check() {
	v := r.st.Vault
	if v == nil {
		return
	}
	check := r.st.Readiness
	r.st.Go(func() {
		res, err := check(v, ceremony.Options{})
		r.st.Do(func() { r.show(res, err) })
	})
}

func (r *readinessView) show(res *ceremony.Readiness, err error) {
	switch {
	case err != nil:
		r.verdict.Text, r.verdict.Color = "NOT READY", verdictRed
		r.detail.SetText(err.Error())
	case res.Offline():
		r.verdict.Text, r.verdict.Color = "OFFLINE", verdictGreen
		r.detail.SetText("No network interface is up: ready for a key ceremony.")
	default:
		r.verdict.Text, r.verdict.Color = "ONLINE", verdictRed
		r.detail.SetText("Network up: " + strings.Join(res.Online, "; ") +
			".\nUnplug the network or disable these interfaces before a key ceremony.")
	}
	r.verdict.Refresh()
}
