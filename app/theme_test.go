package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestThemeFollowsVariant checks that the theme answers the variant it is
// asked for: Baton's gold for the primary family, Fyne's default
// backgrounds (light or dark); text colours are Baton's own where Fyne's
// lack contrast (see TestThemeTextContrast).
func TestThemeFollowsVariant(t *testing.T) {
	test.NewTempApp(t)
	th := newTheme()
	def := theme.DefaultTheme()

	for _, tc := range []struct {
		v    fyne.ThemeVariant
		gold any
	}{
		{theme.VariantLight, goldOnLight},
		{theme.VariantDark, goldOnDark},
	} {
		if got := th.Color(theme.ColorNamePrimary, tc.v); got != tc.gold {
			t.Errorf("variant %d: primary = %v, want %v", tc.v, got, tc.gold)
		}
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameButton} {
			if got, want := th.Color(n, tc.v), def.Color(n, tc.v); got != want {
				t.Errorf("variant %d: %s = %v, want default %v", tc.v, n, got, want)
			}
		}
	}
	light := th.Color(theme.ColorNameBackground, theme.VariantLight)
	dark := th.Color(theme.ColorNameBackground, theme.VariantDark)
	if light == dark {
		t.Errorf("light and dark backgrounds are both %v", light)
	}
}
