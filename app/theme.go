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

// Text colours chosen for WCAG contrast (at least 4.5:1 on the background
// they are drawn on; TestThemeTextContrast computes it): Fyne's defaults
// draw low-importance text at 1.3:1 (light) and 1.6:1 (dark), and orange
// warnings at 2.2:1 on white.
var (
	inkOnLight       = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xFF} // 12.6:1 on white
	lowOnLight       = color.NRGBA{R: 0x6B, G: 0x6B, B: 0x6B, A: 0xFF} // 5.3:1 on white
	placeholderLight = color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xFF} // 5.2:1 on the input background
	warningOnLight   = color.NRGBA{R: 0xB4, G: 0x53, B: 0x09, A: 0xFF} // 5.0:1 on white
	errorOnLight     = color.NRGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF} // 5.6:1 on white
	successOnLight   = color.NRGBA{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF} // 5.1:1 on white
	lowOnDark        = color.NRGBA{R: 0x9A, G: 0x9A, B: 0x9A, A: 0xFF} // 6.4:1 on the dark background
)

// Focus colours: a focused button's background is this colour blended
// over the button's own (Fyne draws focus that way, without a border).
// Gold on gold showed nothing on Baton's primary buttons; a strong blue
// (violet on dark) turns every focused button, whatever its importance,
// visibly blue while its text keeps 4.5:1.
var (
	focusOnLight = color.NRGBA{R: 0x22, G: 0x77, B: 0xFF, A: 0xBF}
	focusOnDark  = color.NRGBA{R: 0x99, G: 0x66, B: 0xFF, A: 0xBF}
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
		if v == theme.VariantDark {
			return focusOnDark
		}
		return focusOnLight
	case theme.ColorNameSelection:
		return withAlpha(gold, 0x40)
	}
	if v == theme.VariantDark {
		if n == theme.ColorNameDisabled {
			return lowOnDark
		}
		return t.Theme.Color(n, v)
	}
	switch n {
	case theme.ColorNameForeground:
		return inkOnLight
	case theme.ColorNameDisabled:
		return lowOnLight
	case theme.ColorNamePlaceHolder:
		return placeholderLight
	case theme.ColorNameWarning:
		return warningOnLight
	case theme.ColorNameError:
		return errorOnLight
	case theme.ColorNameSuccess:
		return successOnLight
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
