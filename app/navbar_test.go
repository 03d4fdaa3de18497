package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestTabReachesTheNavigation: Tab from nothing focused lands on the
// navigation, which draws a ring around the selected screen's entry;
// the arrow keys, Home and End select screens; Tab moves on into the
// screen (the ring goes) and Shift+Tab comes back.
func TestTabReachesTheNavigation(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	c := w.Canvas()
	bar := st.nav.bar
	ring := test.WidgetRenderer(bar).(*navBarRenderer).ring

	c.FocusNext()
	if c.Focused() != fyne.Focusable(bar) {
		t.Fatalf("Tab focused %T, want the navigation", c.Focused())
	}
	if !ring.Visible() || ring.StrokeWidth <= 0 {
		t.Error("no focus ring drawn on the focused navigation")
	}
	sel := bar.entries[0]
	if ring.Position().Y < sel.Position().Y || ring.Position().Y+ring.Size().Height > sel.Position().Y+sel.Size().Height {
		t.Errorf("ring at %v %v, not around the selected entry at %v %v", ring.Position(), ring.Size(), sel.Position(), sel.Size())
	}

	last := st.nav.names[len(st.nav.names)-1]
	for _, step := range []struct {
		key  fyne.KeyName
		want string
	}{
		{fyne.KeyDown, "keys"}, {fyne.KeyDown, "verify"}, {fyne.KeyUp, "keys"},
		{fyne.KeyEnd, last}, {fyne.KeyDown, last}, {fyne.KeyHome, "home"}, {fyne.KeyUp, "home"},
		{fyne.KeyRight, "keys"}, {fyne.KeyLeft, "home"},
	} {
		pressKey(c, step.key, 0)
		if got := st.nav.selected(); got != step.want {
			t.Fatalf("after %s the screen is %q, want %q", step.key, got, step.want)
		}
		if bar.selected != st.nav.SelectedIndex() {
			t.Fatalf("the navigation marks entry %d, the screen shown is %d", bar.selected, st.nav.SelectedIndex())
		}
	}
	pressKey(c, fyne.KeyEnd, 0)
	for i, h := range st.nav.holders {
		if h.Visible() != (i == len(st.nav.holders)-1) || (h.Visible() && len(h.Objects) == 0) {
			t.Errorf("after End screen %d is shown %v (built %v), want only the last one", i, h.Visible(), len(h.Objects) > 0)
		}
	}
	pressKey(c, fyne.KeyHome, 0)
	if !shows(w, tagline) {
		t.Errorf("Home did not show Home; visible: %q", visibleTexts(w.Content()))
	}

	c.FocusNext()
	if f := c.Focused(); f == nil || f == fyne.Focusable(bar) {
		t.Fatalf("Tab from the navigation focused %T, want a control of the screen", f)
	}
	if ring.Visible() {
		t.Error("the focus ring stays after the navigation lost focus")
	}
	c.FocusPrevious()
	if c.Focused() != fyne.Focusable(bar) {
		t.Fatalf("Shift+Tab focused %T, want the navigation", c.Focused())
	}

	// The mouse still works: tapping an entry selects its screen.
	test.Tap(navButton(t, w, "About"))
	if st.nav.selected() != "about" || bar.selected != st.nav.SelectedIndex() {
		t.Errorf("tapping About selected %q", st.nav.selected())
	}
}

// TestFocusRingContrast: the focus ring stands out from the background
// it is drawn on (WCAG's 3:1 for non-text) in both themes.
func TestFocusRingContrast(t *testing.T) {
	th := newTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		if r := contrastRatio(focusRingColour(v), bg); r < 3 {
			t.Errorf("variant %d: focus ring contrast %.2f:1 on the background, want at least 3:1", v, r)
		}
	}
}
