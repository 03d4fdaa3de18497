package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// batonTheme is Fyne's default theme with Baton's gold as the primary colour
// (and the focus, selection and link colours derived from it). Every colour
// is picked for the variant Fyne passes in, and Fyne passes the system's
// light or dark setting (or FYNE_THEME when set), so the app follows the
// system without a switch of its own.
type batonTheme struct {
	fyne.Theme
}

// newTheme returns Baton's theme.
func newTheme() fyne.Theme {
	return batonTheme{Theme: theme.DefaultTheme()}
}

// Brand colours: the icon's gold on dark backgrounds, a darker gold with
// enough contrast for text on light ones.
var (
	goldOnDark  = color.NRGBA{R: 0xF6, G: 0xB9, B: 0x3B, A: 0xFF}
	goldOnLight = color.NRGBA{R: 0x9A, G: 0x5B, B: 0x00, A: 0xFF}
	navy        = color.NRGBA{R: 0x14, G: 0x22, B: 0x42, A: 0xFF}
)

// Color returns Baton's colours for the primary family and the default
// theme's colour for every other name.
func (t batonTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	gold, onGold := goldOnLight, color.Color(color.White)
	if v == theme.VariantDark {
		gold, onGold = goldOnDark, navy
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return gold
	case theme.ColorNameForegroundOnPrimary:
		return onGold
	case theme.ColorNameFocus:
		return withAlpha(gold, 0x7F)
	case theme.ColorNameSelection:
		return withAlpha(gold, 0x40)
	}
	return t.Theme.Color(n, v)
}

// withAlpha returns c with its alpha replaced by a.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// fixedVariant is a theme that always draws one variant, whatever the
// system asks for: the Light and Dark choices of the preferences.
type fixedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// themeFor returns Baton's theme for a preference value: following the
// system for "system" (and anything unknown), fixed for "light" and "dark".
func themeFor(choice string) fyne.Theme {
	switch choice {
	case themeLight:
		return fixedVariant{Theme: newTheme(), variant: theme.VariantLight}
	case themeDark:
		return fixedVariant{Theme: newTheme(), variant: theme.VariantDark}
	}
	return newTheme()
}
