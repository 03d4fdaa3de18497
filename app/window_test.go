package app

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/assets"
	"github.com/baton-signing/baton/ceremony"
)

func TestNewWindowShowsHome(t *testing.T) {
	a := test.NewTempApp(t)
	w := newApp(a)
	defer w.Close()

	if got := w.Title(); got != "Baton" {
		t.Errorf("title = %q, want %q", got, "Baton")
	}
	if !shows(w, tagline) {
		t.Errorf("Home is not shown at start; visible: %q", visibleTexts(w.Content()))
	}
	if shows(w, aboutText) {
		t.Error("About text is visible before About was chosen")
	}
}

func TestNavListsScreensInOrder(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()

	var got []string
	got = append(got, st.nav.titles...)
	want := []string{"Home", "Keys", "Verify a key", "Ceremonies", "Preferences", "About", "Trust", "Dependencies"}
	if len(got) != len(want) {
		t.Fatalf("navigation = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("navigation = %q, want %q", got, want)
		}
	}

	// Leading navigation: entries stacked in one column at the left edge.
	d := st.App.Driver()
	home := d.AbsolutePositionForObject(navButton(t, w, "Home").(fyne.CanvasObject))
	about := d.AbsolutePositionForObject(navButton(t, w, "About").(fyne.CanvasObject))
	if home.X != about.X || about.Y <= home.Y || home.X > 10 {
		t.Errorf("navigation entries at %v and %v, want a column at the leading edge", home, about)
	}
}

func TestTapAboutShowsAboutThenHomeAgain(t *testing.T) {
	a := test.NewTempApp(t)
	w := newApp(a)
	defer w.Close()

	test.Tap(navButton(t, w, "About"))
	for _, want := range []string{aboutText, "Version " + ceremony.Version, "License: " + licenseName} {
		if !shows(w, want) {
			t.Errorf("after tapping About, %q is not shown; visible: %q", want, visibleTexts(w.Content()))
		}
	}
	if shows(w, tagline) {
		t.Error("Home is still visible after tapping About")
	}

	test.Tap(navButton(t, w, "Home"))
	if !shows(w, tagline) || shows(w, aboutText) {
		t.Error("tapping Home did not bring Home back")
	}
}

func TestAboutShowsVersionVariable(t *testing.T) {
	old := ceremony.Version
	ceremony.Version = "9.8.7-test"
	t.Cleanup(func() { ceremony.Version = old })

	a := test.NewTempApp(t)
	w := newApp(a)
	defer w.Close()
	test.Tap(navButton(t, w, "About"))
	if !shows(w, "Version 9.8.7-test") {
		t.Errorf("About does not show Version; visible: %q", visibleTexts(w.Content()))
	}
}

// iconSpy records the icon New sets; the test app ignores SetIcon.
type iconSpy struct {
	fyne.App
	icon fyne.Resource
}

func (s *iconSpy) SetIcon(r fyne.Resource) { s.icon = r }

func TestNewSetsAppIconAndTheme(t *testing.T) {
	a := &iconSpy{App: test.NewTempApp(t)}
	w := newApp(a)
	defer w.Close()

	if a.icon == nil || !bytes.Equal(a.icon.Content(), assets.IconPNG) {
		t.Error("New did not set assets.IconPNG as the app icon")
	}
	if _, ok := a.Settings().Theme().(batonTheme); !ok {
		t.Errorf("app theme is %T, want batonTheme", a.Settings().Theme())
	}
}

// TestShortcutsSelectScreens presses Ctrl+2 and Ctrl+6 (the shortcut
// modifier) on the window's canvas.
func TestShortcutsSelectScreens(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()

	press := func(k fyne.KeyName) {
		w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
	}
	press(fyne.Key2)
	if got := st.nav.titles[st.nav.SelectedIndex()]; got != "Keys" {
		t.Errorf("after Ctrl+2 the screen is %q, want Keys", got)
	}
	press(fyne.Key6)
	if !shows(w, aboutText) {
		t.Errorf("after Ctrl+6 About is not shown; visible: %q", visibleTexts(w.Content()))
	}
	press(fyne.Key1)
	if !shows(w, tagline) {
		t.Error("Ctrl+1 did not bring Home back")
	}
}

func TestShowScreenByName(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	for name, title := range map[string]string{"verify": "Verify a key", "ceremonies": "Ceremonies", "KEYS": "Keys", "home": "Home"} {
		if !st.ShowScreen(name) {
			t.Errorf("ShowScreen(%q) = false", name)
		}
		if got := st.nav.titles[st.nav.SelectedIndex()]; got != title {
			t.Errorf("ShowScreen(%q) selected %q, want %q", name, got, title)
		}
	}
	if st.ShowScreen("nonsense") {
		t.Error("ShowScreen accepted an unknown screen")
	}
}
