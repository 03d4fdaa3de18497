package app

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/assets"
)

func TestNewWindowShowsHome(t *testing.T) {
	a := test.NewTempApp(t)
	w := New(a)
	defer w.Close()

	if got := w.Title(); got != "Baton" {
		t.Errorf("title = %q, want %q", got, "Baton")
	}
	if !shows(w, "Key ceremonies for signed software releases") {
		t.Errorf("Home is not shown at start; visible: %q", visibleTexts(w.Content()))
	}
	if shows(w, aboutText) {
		t.Error("About text is visible before About was chosen")
	}
}

func TestNavListsScreensInOrder(t *testing.T) {
	a := test.NewTempApp(t)
	w := New(a)
	defer w.Close()

	tabs, ok := w.Content().(*container.AppTabs)
	if !ok {
		t.Fatalf("window content is %T, want *container.AppTabs", w.Content())
	}
	var got []string
	for _, it := range tabs.Items {
		got = append(got, it.Text)
	}
	want := []string{"Home", "About"}
	if len(got) != len(want) {
		t.Fatalf("navigation = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("navigation = %q, want %q", got, want)
		}
	}

	// Leading navigation: entries stacked in one column at the left edge.
	d := a.Driver()
	home := d.AbsolutePositionForObject(navButton(t, w, "Home").(fyne.CanvasObject))
	about := d.AbsolutePositionForObject(navButton(t, w, "About").(fyne.CanvasObject))
	if home.X != about.X || about.Y <= home.Y || home.X > 10 {
		t.Errorf("navigation entries at %v and %v, want a column at the leading edge", home, about)
	}
}

func TestTapAboutShowsAboutThenHomeAgain(t *testing.T) {
	a := test.NewTempApp(t)
	w := New(a)
	defer w.Close()

	test.Tap(navButton(t, w, "About"))
	for _, want := range []string{aboutText, "Version " + Version, "License: " + License} {
		if !shows(w, want) {
			t.Errorf("after tapping About, %q is not shown; visible: %q", want, visibleTexts(w.Content()))
		}
	}
	if shows(w, "Key ceremonies for signed software releases") {
		t.Error("Home is still visible after tapping About")
	}

	test.Tap(navButton(t, w, "Home"))
	if !shows(w, "Key ceremonies for signed software releases") || shows(w, aboutText) {
		t.Error("tapping Home did not bring Home back")
	}
}

func TestAboutShowsVersionVariable(t *testing.T) {
	old := Version
	Version = "9.8.7-test"
	t.Cleanup(func() { Version = old })

	a := test.NewTempApp(t)
	w := New(a)
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
	w := New(a)
	defer w.Close()

	if a.icon == nil || !bytes.Equal(a.icon.Content(), assets.IconPNG) {
		t.Error("New did not set assets.IconPNG as the app icon")
	}
	if _, ok := a.Settings().Theme().(batonTheme); !ok {
		t.Errorf("app theme is %T, want batonTheme", a.Settings().Theme())
	}
}
