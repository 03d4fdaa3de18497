// Package app is Baton's desktop user interface, built with Fyne. It holds
// the screens and the bridge to the ceremonies; it never holds key material
// of its own.
package app

import (
	"context"
	"fmt"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/baton-signing/baton/assets"
)

// appTitle is the main window's title.
const appTitle = "Baton"

// newApp builds Baton's main window on a with a new appState and no vault open
// (see NewWindow).
func newApp(a fyne.App) fyne.Window { return newMainWindow(newAppState(a)) }

// newMainWindow builds Baton's main window for st: it installs Baton's theme
// (the preference: following the system's light or dark setting, or fixed)
// and the app icon, and returns the window titled Title with the vault bar
// (demo banner, progress while a vault opens) on top, the navigation on its
// leading edge and Home shown. The window is not shown; the caller shows
// it, typically with ShowAndRun.
func newMainWindow(st *appState) fyne.Window {
	a := st.App
	a.Settings().SetTheme(themeFor(st.Prefs.StringWithFallback(prefTheme, themeSystem)))
	a.SetIcon(appIcon())

	w := a.NewWindow(appTitle)
	st.Window = w
	st.nav = newNav(st, screens())
	w.SetContent(container.NewBorder(newVaultBar(st), nil, nil, nil, st.nav.root))
	st.nav.addShortcuts(w.Canvas())
	w.SetMainMenu(goMenu(st))
	w.Resize(fyne.NewSize(1024, 700))
	w.SetMaster()
	return w
}

// Run is the desktop app: it reads the command line args (without the
// program's name; see usage), builds the window, selects the screen the
// command names, else the one called startScreen (if any), opens the
// user's vault or the demo vault in the background, then shows what the
// command asks for (the Release wizard filled in, a chain checked on
// Verify), and runs the app until the window closes. A mistake in args
// is returned before any window opens; --help returns flag.ErrHelp.
func Run(a fyne.App, startScreen string, args []string) error {
	start, err := parseArgs(args, os.Stderr)
	if err != nil {
		return err
	}
	if start.screen == "" {
		start.screen = startScreen
	}
	trace := newStartTrace(os.Getenv("BATON_GUI_TRACE"))
	trace.mark("main")
	st := newAppState(a)
	st.announce = func(line string) { log.Print("baton-gui: " + line) }
	w := newMainWindow(st)
	trace.mark("window built")
	w.SetContent(trace.watchFirstFrame(w.Content()))
	st.ShowScreen(start.screen)
	opened := false
	st.OnChange(func() {
		if st.Vault != nil && !opened {
			opened = true
			// One line for scripts (scripts/smoke.sh waits for it).
			st.say(fmt.Sprintf("vault open: %s (demo: %v)", st.Vault.Dir, st.Demo))
			start.open(st)
		}
	})
	// The vault opens once the window is up, so that making the demo vault
	// does not compete with the first frame.
	a.Lifecycle().SetOnStarted(func() {
		trace.mark("driver started")
		if loc, err := defaultLocations(st.Prefs); err != nil {
			st.VaultErr = err
			st.Changed()
		} else {
			st.LoadVault(loc)
		}
	})
	watching, stop := context.WithCancel(context.Background())
	defer stop()
	go st.watcher().every(watching, watchInterval)
	w.ShowAndRun()
	return nil
}

// appIcon returns the app icon as a Fyne resource.
func appIcon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", assets.IconPNG)
}

// goMenu is the window's Go menu: one item per screen, with Ctrl+1 …
// Ctrl+6 (Cmd on macOS). The shortcuts are the menu's, not only the
// canvas's: a desktop driver hands a shortcut to the focused widget first
// and to the canvas only when that widget takes no shortcuts, so while a
// text field had focus (or a field of a closed wizard kept it) Ctrl+<n>
// did nothing; the main menu's shortcuts come before the focused widget.
// The menu also reaches the screens from the keyboard (Alt or F10).
func goMenu(st *appState) *fyne.MainMenu {
	var items []*fyne.MenuItem
	for i, title := range st.nav.titles {
		item := fyne.NewMenuItem(title, func() { st.nav.SelectIndex(i) })
		if i < len(digitKeys) {
			item.Shortcut = &desktop.CustomShortcut{KeyName: digitKeys[i], Modifier: fyne.KeyModifierShortcutDefault}
		}
		items = append(items, item)
	}
	return fyne.NewMainMenu(fyne.NewMenu("Go", items...))
}
