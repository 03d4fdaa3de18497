package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestThemeFollowsVariant checks that the theme answers the variant it is
// asked for: Baton's gold for the primary family, Fyne's default palette
// (light or dark) for the rest.
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
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameForeground} {
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
