package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// homeScreen is the landing screen: the app's mark, name and purpose. It
// offers no actions yet; the ceremony screens bring those.
func homeScreen(fyne.App) fyne.CanvasObject {
	logo := canvas.NewImageFromResource(Icon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(128))

	name := widget.NewLabelWithStyle(Title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText

	tagline := widget.NewLabelWithStyle(
		"Key ceremonies for signed software releases",
		fyne.TextAlignCenter, fyne.TextStyle{})

	return container.NewCenter(container.NewVBox(logo, name, tagline))
}
