package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// licenseName names the license Baton is distributed under.
var licenseName = "ISC"

// aboutText describes the signify model in one paragraph.
const aboutText = "Baton follows the signify model of OpenBSD. Every release " +
	"is signed by its own key, and that key was announced inside the signed " +
	"entry of the release before it, so a user who trusted one release can " +
	"check every later one without asking anybody. Keys are made two " +
	"releases ahead (release plus two): after release N ships, the key for " +
	"N+2 is generated, backed up and restore-tested, and release N+1 " +
	"announces it. Trust sits with the signatory who holds the chain of " +
	"keys, not with a registry or with where a download came from."

// aboutScreen shows the app's name, its version (ceremony.Version, which
// `baton --version` prints too), what it does and its License.
func aboutScreen(*appState) fyne.CanvasObject {
	logo := canvas.NewImageFromResource(appIcon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(64))

	name := widget.NewLabelWithStyle(appTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	version := widget.NewLabel("Version " + ceremony.Version)
	header := container.NewHBox(logo, container.NewVBox(name, version))

	body := widget.NewLabel(aboutText)
	body.Wrapping = fyne.TextWrapWord

	license := widget.NewLabel("License: " + licenseName + ". Built with Fyne (BSD 3-Clause).")
	license.Wrapping = fyne.TextWrapWord

	return container.NewVScroll(container.NewPadded(
		container.NewVBox(header, widget.NewSeparator(), body, license)))
}
