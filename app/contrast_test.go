package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// relativeLuminance is WCAG 2's relative luminance of an opaque colour.
func relativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrastRatio is WCAG 2's contrast ratio of fg drawn over bg (fg may
// be translucent; bg is taken as opaque).
func contrastRatio(fg, bg color.Color) float64 {
	a, b := relativeLuminance(over(fg, bg)), relativeLuminance(over(bg, color.Black))
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// over composites c over the opaque colour under, as Fyne blends a
// focused or hovered button's background.
func over(c, under color.Color) color.Color {
	cr, cg, cb, ca := c.RGBA()
	ur, ug, ub, _ := under.RGBA()
	mix := func(top, bottom uint32) uint8 {
		// premultiplied top plus the uncovered part of bottom
		return uint8((top + bottom*(0xFFFF-ca)/0xFFFF) >> 8)
	}
	return color.NRGBA{R: mix(cr, ur), G: mix(cg, ug), B: mix(cb, ub), A: 0xFF}
}

// TestThemeTextContrast computes WCAG contrast from Baton's theme, in both
// variants, for every text colour on the background it is drawn on.
func TestThemeTextContrast(t *testing.T) {
	test.NewTempApp(t)
	th := newTheme()
	type pair struct{ fg, bg fyne.ThemeColorName }
	text := []pair{
		{theme.ColorNameForeground, theme.ColorNameBackground},
		{theme.ColorNameDisabled, theme.ColorNameBackground}, // low-importance labels: hints, the keyboard help
		{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
		{theme.ColorNameForeground, theme.ColorNameInputBackground},
		{theme.ColorNameWarning, theme.ColorNameBackground}, // "What is due"
		{theme.ColorNameError, theme.ColorNameBackground},
		{theme.ColorNameSuccess, theme.ColorNameBackground},
		{theme.ColorNamePrimary, theme.ColorNameBackground},
		{theme.ColorNameHyperlink, theme.ColorNameBackground},
		{theme.ColorNameForeground, theme.ColorNameButton},
		{theme.ColorNameForeground, theme.ColorNameOverlayBackground},
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{theme.ColorNameForegroundOnError, theme.ColorNameError},
		{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[v]
		bg := th.Color(theme.ColorNameBackground, v)
		for _, p := range text {
			under := over(th.Color(p.bg, v), bg)
			if r := contrastRatio(th.Color(p.fg, v), under); r < 4.5 {
				t.Errorf("%s: %s on %s: contrast %.2f:1, want at least 4.5:1", name, p.fg, p.bg, r)
			}
		}
		// A focused button keeps its text readable and looks clearly
		// different from an unfocused one, whatever its importance (Fyne
		// blends the focus colour over the button's background).
		focus := th.Color(theme.ColorNameFocus, v)
		buttons := []pair{
			{theme.ColorNameForeground, theme.ColorNameButton},
			{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
			{theme.ColorNameForegroundOnError, theme.ColorNameError},
			{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
			{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
		}
		for _, p := range buttons {
			plain := over(th.Color(p.bg, v), bg)
			focused := over(focus, plain)
			if r := contrastRatio(th.Color(p.fg, v), focused); r < 4.5 {
				t.Errorf("%s: focused %s button: text contrast %.2f:1, want at least 4.5:1", name, p.bg, r)
			}
			if d := colourDistance(focused, plain); d < 100 {
				t.Errorf("%s: focused %s button is %v, too close to unfocused %v (distance %.0f, want at least 100)", name, p.bg, focused, plain, d)
			}
		}
	}
}

// colourDistance is the Euclidean distance of two colours in 8-bit sRGB.
func colourDistance(a, b color.Color) float64 {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) float64 { return (float64(x) - float64(y)) / 257 }
	return math.Sqrt(d(ar, br)*d(ar, br) + d(ag, bg)*d(ag, bg) + d(ab, bb)*d(ab, bb))
}
