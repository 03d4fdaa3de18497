package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// Demo banner colours: fixed, not themed, so the banner looks the same in
// light and dark and cannot be mistaken for ordinary chrome.
var (
	demoAmber = color.NRGBA{R: 0xFF, G: 0xC1, B: 0x07, A: 0xFF}
	demoInk   = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
)

// demoBannerText is what the demo banner says under its title, in two
// lines so that the banner fits an 800 px window.
var demoBannerText = []string{
	"Its keys protect nothing: never sign a real release here.",
	"Passphrase: \u201c" + ceremony.DemoPassphrase + "\u201d",
}

// vaultBar is the strip above every screen: the DEMO VAULT banner when a
// demo vault is open, what is being prepared while a vault opens, and why
// no vault could be opened.
type vaultBar struct {
	st       *appState
	demo     *fyne.Container
	loading  *fyne.Container
	progress *widget.ProgressBarInfinite
	status   *widget.Label
	failure  *widget.Label
}

func newVaultBar(st *appState) fyne.CanvasObject {
	b := &vaultBar{st: st}

	title := canvas.NewText("DEMO VAULT", demoInk)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.TextSize = 26
	text := container.NewVBox(title)
	for _, l := range demoBannerText {
		line := canvas.NewText(l, demoInk)
		line.TextStyle = fyne.TextStyle{Bold: true}
		line.TextSize = 14
		text.Add(line)
	}
	real := widget.NewButtonWithIcon("Open my real vault", theme.FolderOpenIcon(), func() {
		if loc, err := defaultLocations(st.Prefs); err == nil {
			st.OpenRealVault(loc)
		}
	})
	bg := canvas.NewRectangle(demoAmber)
	bg.StrokeColor = demoInk
	bg.StrokeWidth = 2
	b.demo = container.NewStack(bg, container.NewPadded(
		container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), real, layout.NewSpacer()), text)))

	b.status = widget.NewLabel("")
	b.progress = widget.NewProgressBarInfinite()
	b.loading = container.NewVBox(b.status, b.progress)

	b.failure = widget.NewLabel("")
	b.failure.Importance = widget.DangerImportance
	b.failure.Wrapping = fyne.TextWrapWord

	st.OnChange(b.refresh)
	b.refresh()
	return container.NewVBox(b.demo, b.loading, b.failure)
}

// refresh shows what the state says.
func (b *vaultBar) refresh() {
	setVisible(b.demo, b.st.Vault != nil && b.st.Demo)
	if b.st.Loading != "" {
		b.status.SetText(b.st.Loading)
		b.loading.Show()
		b.progress.Start()
	} else {
		b.progress.Stop()
		b.loading.Hide()
	}
	if b.st.VaultErr != nil {
		b.failure.SetText(b.st.VaultErr.Error())
		b.failure.Show()
	} else {
		b.failure.Hide()
	}
}

// setVisible shows or hides o.
func setVisible(o fyne.CanvasObject, visible bool) {
	if visible {
		o.Show()
	} else {
		o.Hide()
	}
}
