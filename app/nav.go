package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// screens lists the main navigation in display order; Ctrl+1 … Ctrl+8
// select them. Trust and Dependencies come last so that the first six
// keep their keys.
func screens() []screen {
	return []screen{
		{name: "home", title: "Home", icon: theme.HomeIcon(), build: homeScreen},
		{name: "keys", title: "Keys", icon: theme.AccountIcon(), build: keysScreenView},
		{name: "verify", title: "Verify a key", icon: theme.ConfirmIcon(), build: verifyScreenView},
		{name: "ceremonies", title: "Ceremonies", icon: theme.DocumentCreateIcon(), build: ceremoniesScreenView},
		{name: "preferences", title: "Preferences", icon: theme.SettingsIcon(), build: prefsScreenView},
		{name: "about", title: "About", icon: theme.InfoIcon(), build: aboutScreen},
		{name: "trust", title: "Trust", icon: theme.StorageIcon(), build: trustScreenView},
		{name: "dependencies", title: "Dependencies", icon: theme.ListIcon(), build: depsScreenView},
	}
}

// nav is the main navigation: a column of entries on the leading edge
// (navBar, which the keyboard reaches by Tab), one per screen, beside the
// screen selected.
type nav struct {
	bar     *navBar
	root    fyne.CanvasObject // the column, a divider and the screen
	content *fyne.Container   // the screens' holders, the selected one shown
	index   int               // the screen selected
	names   []string
	titles  []string
	holders []*fyne.Container // each screen's content, once built
	builds  []func() fyne.CanvasObject
	changed func() // after another screen was selected
}

// newNav returns the navigation of list for st with the first screen
// selected. Only that screen is built now; each other one is built the
// first time it is selected, so that the first frame waits for one
// screen only.
func newNav(st *appState, list []screen) *nav {
	n := &nav{changed: st.retitle}
	for i, s := range list {
		holder := container.NewStack()
		holder.Hidden = i != 0
		n.holders = append(n.holders, holder)
		n.builds = append(n.builds, func() fyne.CanvasObject { return s.build(st) })
		n.names = append(n.names, s.name)
		n.titles = append(n.titles, s.title)
	}
	n.build(0)
	objs := make([]fyne.CanvasObject, len(n.holders))
	for i, h := range n.holders {
		objs[i] = h
	}
	n.content = container.NewStack(objs...)
	n.bar = newNavBar(list, n.SelectIndex)
	// The column first: it comes before the screen in the Tab order.
	n.root = container.New(navLayout{}, container.NewVScroll(n.bar), widget.NewSeparator(), n.content)
	return n
}

// SelectIndex shows screen i, building it the first time.
func (n *nav) SelectIndex(i int) {
	if i < 0 || i >= len(n.holders) || i == n.index {
		return
	}
	n.index = i
	n.bar.setSelected(i)
	n.build(i)
	for j, h := range n.holders {
		setVisible(h, j == i)
	}
	n.content.Refresh()
	n.shown(i)
	if n.changed != nil {
		n.changed()
	}
}

// SelectedIndex is the index of the screen shown.
func (n *nav) SelectedIndex() int { return n.index }

// navLayout lays out the navigation: its column (objs[0]) at the leading
// edge as wide as it needs, a divider (objs[1]) and the screen (objs[2])
// in the rest.
type navLayout struct{}

func (navLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	col, line, screen := objs[0], objs[1], objs[2]
	w := col.MinSize().Width
	lw := line.MinSize().Width
	col.Move(fyne.NewPos(0, 0))
	col.Resize(fyne.NewSize(w, size.Height))
	line.Move(fyne.NewPos(w, 0))
	line.Resize(fyne.NewSize(lw, size.Height))
	screen.Move(fyne.NewPos(w+lw, 0))
	screen.Resize(fyne.NewSize(size.Width-w-lw, size.Height))
}

func (navLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	col, line, screen := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(col.Width+line.Width+screen.Width, max(col.Height, line.Height, screen.Height))
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
			n.SelectIndex(i)
			return true
		}
	}
	return false
}

// digitKeys are the keys of the screen shortcuts, Ctrl+1 to Ctrl+9.
var digitKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// addShortcuts makes Ctrl+<n> (Cmd+<n> on macOS) select the n-th screen.
func (n *nav) addShortcuts(c fyne.Canvas) {
	for i := range n.titles {
		if i >= len(digitKeys) {
			break
		}
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: digitKeys[i], Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { n.SelectIndex(i) })
	}
}

// selected is the name of the screen shown.
func (n *nav) selected() string {
	if i := n.index; i >= 0 && i < len(n.names) {
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
// "ceremonies", "preferences", "about", "trust", "dependencies") and
// reports whether it exists.
func (s *appState) ShowScreen(name string) bool {
	return s.nav != nil && s.nav.show(name)
}
