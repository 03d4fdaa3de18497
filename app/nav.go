package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// screen is one destination of the main navigation. build makes the
// screen's content once, the first time the screen is shown (see newNav);
// it shows the state as it is then and follows later changes through
// appState.OnChange.
type screen struct {
	name  string // for BATON_GUI_SCREEN and ShowScreen: "home", "keys", ...
	title string
	icon  fyne.Resource
	build func(st *appState) fyne.CanvasObject
}

// screens lists the main navigation in display order; Ctrl+1 … Ctrl+7
// select them. Trust comes last so that the first six keep their keys.
func screens() []screen {
	return []screen{
		{name: "home", title: "Home", icon: theme.HomeIcon(), build: homeScreen},
		{name: "keys", title: "Keys", icon: theme.AccountIcon(), build: keysScreenView},
		{name: "verify", title: "Verify a key", icon: theme.ConfirmIcon(), build: verifyScreenView},
		{name: "ceremonies", title: "Ceremonies", icon: theme.DocumentCreateIcon(), build: ceremoniesScreenView},
		{name: "preferences", title: "Preferences", icon: theme.SettingsIcon(), build: prefsScreenView},
		{name: "about", title: "About", icon: theme.InfoIcon(), build: aboutScreen},
		{name: "trust", title: "Trust", icon: theme.StorageIcon(), build: trustScreenView},
	}
}

// nav is the main navigation: tabs on the leading edge, one per screen.
type nav struct {
	tabs    *container.AppTabs
	names   []string
	holders []*fyne.Container // each screen's content, once built
	builds  []func() fyne.CanvasObject
}

// newNav returns the tabs of list for st with the first screen selected.
// Only that screen is built now; each other one is built the first time
// it is selected, so that the first frame waits for one screen only.
func newNav(st *appState, list []screen) *nav {
	n := &nav{}
	items := make([]*container.TabItem, len(list))
	for i, s := range list {
		holder := container.NewStack()
		n.holders = append(n.holders, holder)
		n.builds = append(n.builds, func() fyne.CanvasObject { return s.build(st) })
		n.names = append(n.names, s.name)
		items[i] = container.NewTabItemWithIcon(s.title, s.icon, holder)
	}
	n.build(0)
	n.tabs = container.NewAppTabs(items...)
	n.tabs.SetTabLocation(container.TabLocationLeading)
	n.tabs.OnSelected = func(*container.TabItem) {
		i := n.tabs.SelectedIndex()
		n.build(i)
		n.shown(i)
		st.retitle()
	}
	return n
}

// build makes screen i's content if it is not made yet.
func (n *nav) build(i int) {
	if i < 0 || i >= len(n.builds) || n.builds[i] == nil {
		return
	}
	o := n.builds[i]()
	n.builds[i] = nil
	n.holders[i].Objects = []fyne.CanvasObject{o}
	n.holders[i].Refresh()
}

// shown tells screen i that it was selected, when it wants to know (the
// Trust screen reads the trust store again).
func (n *nav) shown(i int) {
	if i < 0 || i >= len(n.holders) || len(n.holders[i].Objects) == 0 {
		return
	}
	if s, ok := n.holders[i].Objects[0].(interface{ shown() }); ok {
		s.shown()
	}
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

// selected is the name of the screen shown.
func (n *nav) selected() string {
	if i := n.tabs.SelectedIndex(); i >= 0 && i < len(n.names) {
		return n.names[i]
	}
	return ""
}

// retitle names the window after what it shows: "Baton", or while a
// ceremony's wizard is on screen what the wizard shows, "Baton - Release:
// review" (see wizard.status).
func (s *appState) retitle() {
	if s.Window == nil || s.nav == nil {
		return
	}
	t := appTitle
	if c := s.ceremonies; c != nil && c.wizard != nil && s.nav.selected() == "ceremonies" {
		t += " - " + c.wizard.status()
	}
	if s.Window.Title() != t {
		s.Window.SetTitle(t)
	}
}

// ShowScreen selects the screen called name ("home", "keys", "verify",
// "ceremonies", "preferences", "about", "trust") and reports whether it
// exists.
func (s *appState) ShowScreen(name string) bool {
	return s.nav != nil && s.nav.show(name)
}
