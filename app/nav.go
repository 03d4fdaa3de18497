package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// screen is one destination of the main navigation. build makes the
// screen's content once, when the window is built.
type screen struct {
	title string
	icon  fyne.Resource
	build func(a fyne.App) fyne.CanvasObject
}

// screens lists the main navigation in display order. New screens (Keys,
// Verify a key, Ceremonies, Preferences) slot in between Home and About.
func screens() []screen {
	return []screen{
		{title: "Home", icon: theme.HomeIcon(), build: homeScreen},
		{title: "About", icon: theme.InfoIcon(), build: aboutScreen},
	}
}

// newNav returns tabs on the leading edge, one per screen, with the first
// screen selected.
func newNav(a fyne.App, list []screen) *container.AppTabs {
	tabs := container.NewAppTabs()
	for _, s := range list {
		tabs.Append(container.NewTabItemWithIcon(s.title, s.icon, s.build(a)))
	}
	tabs.SetTabLocation(container.TabLocationLeading)
	return tabs
}
