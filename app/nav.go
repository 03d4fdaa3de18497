package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// screen is one destination of the main navigation. build makes the
// screen's content once, when the window is built; screens follow later
// changes through State.OnChange.
type screen struct {
	name  string // for BATON_GUI_SCREEN and ShowScreen: "home", "keys", ...
	title string
	icon  fyne.Resource
	build func(st *State) fyne.CanvasObject
}

// screens lists the main navigation in display order; Ctrl+1 … Ctrl+6
// select them.
func screens() []screen {
	return []screen{
		{name: "home", title: "Home", icon: theme.HomeIcon(), build: homeScreen},
		{name: "keys", title: "Keys", icon: theme.AccountIcon(), build: keysScreenView},
		{name: "verify", title: "Verify a key", icon: theme.ConfirmIcon(), build: verifyScreenView},
		{name: "ceremonies", title: "Ceremonies", icon: theme.DocumentCreateIcon(), build: ceremoniesScreenView},
		{name: "preferences", title: "Preferences", icon: theme.SettingsIcon(), build: prefsScreenView},
		{name: "about", title: "About", icon: theme.InfoIcon(), build: aboutScreen},
	}
}

// nav is the main navigation: tabs on the leading edge, one per screen.
type nav struct {
	tabs  *container.AppTabs
	names []string
}

// newNav builds every screen of list for st and returns the tabs with the
// first screen selected.
func newNav(st *State, list []screen) *nav {
	n := &nav{tabs: container.NewAppTabs()}
	for _, s := range list {
		n.tabs.Append(container.NewTabItemWithIcon(s.title, s.icon, s.build(st)))
		n.names = append(n.names, s.name)
	}
	n.tabs.SetTabLocation(container.TabLocationLeading)
	return n
}

// show selects the screen called name and reports whether there is one.
func (n *nav) show(name string) bool {
	for i, s := range n.names {
		if strings.EqualFold(s, strings.TrimSpace(name)) {
			n.tabs.SelectIndex(i)
			return true
		}
	}
	return false
}

// digitKeys are the keys of the screen shortcuts, Ctrl+1 to Ctrl+9.
var digitKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// addShortcuts makes Ctrl+<n> (Cmd+<n> on macOS) select the n-th screen.
func (n *nav) addShortcuts(c fyne.Canvas) {
	for i := range n.tabs.Items {
		if i >= len(digitKeys) {
			break
		}
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: digitKeys[i], Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { n.tabs.SelectIndex(i) })
	}
}

// ShowScreen selects the screen called name ("home", "keys", "verify",
// "ceremonies", "preferences", "about") and reports whether it exists.
func (s *State) ShowScreen(name string) bool {
	return s.nav != nil && s.nav.show(name)
}
