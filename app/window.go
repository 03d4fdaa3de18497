// Package app is Baton's desktop user interface, built with Fyne. It holds
// the screens and the bridge to the ceremonies; it never holds key material
// of its own.
package app

import (
	"fyne.io/fyne/v2"

	"github.com/baton-signing/baton/assets"
)

// Title is the main window's title.
const Title = "Baton"

// New builds Baton's main window on a: it installs Baton's theme (which
// follows the system's light or dark setting) and the app icon on a, and
// returns the window titled Title with the navigation on its leading edge and
// Home shown. The window is not shown; the caller shows it, typically with
// ShowAndRun.
func New(a fyne.App) fyne.Window {
	a.Settings().SetTheme(newTheme())
	a.SetIcon(Icon())

	w := a.NewWindow(Title)
	w.SetContent(newNav(a, screens()))
	w.Resize(fyne.NewSize(960, 640))
	w.SetMaster()
	return w
}

// Icon returns the app icon as a Fyne resource.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", assets.IconPNG)
}
