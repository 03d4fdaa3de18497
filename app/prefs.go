package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/baton-signing/baton/chain/signify"
)

// Preference keys (fyne.Preferences, kept per app ID).
const (
	prefVault          = "vault"          // vault directory; empty: ceremony.DefaultVaultDir
	prefKDF            = "kdfRounds"      // bcrypt_pbkdf cost of new secret keys
	prefRequireOffline = "requireOffline" // ceremonies refuse to run online
	prefTheme          = "theme"          // "system", "light" or "dark"
)

// Theme choices, as stored and as shown.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// prefKDFRounds returns the KDF cost for new keys: the preference when it
// is valid, signify's default otherwise.
func prefKDFRounds(p fyne.Preferences) int {
	n := p.IntWithFallback(prefKDF, signify.DefaultKDFRounds)
	if n < 1 || n > signify.MaxKDFRounds {
		return signify.DefaultKDFRounds
	}
	return n
}

// prefsScreen edits the preferences. Each change is stored at once and
// takes effect at once: the vault is reopened, the KDF cost applies to the
// next key, the theme is switched.
type prefsScreen struct {
	st       *appState
	vault    *widget.Entry
	rounds   *widget.Entry
	offline  *widget.Check
	theme    *widget.RadioGroup
	feedback *widget.Label
	root     fyne.CanvasObject
}

func prefsScreenView(st *appState) fyne.CanvasObject { return newPrefsScreen(st).root }

func newPrefsScreen(st *appState) *prefsScreen {
	p := &prefsScreen{st: st, feedback: widget.NewLabel("")}
	p.feedback.Wrapping = fyne.TextWrapWord

	p.vault = widget.NewEntry()
	p.vault.SetText(st.Prefs.String(prefVault))
	p.vault.SetPlaceHolder("default: $BATON_VAULT, else ~/.local/share/baton")

	p.rounds = widget.NewEntry()
	p.rounds.SetText(strconv.Itoa(prefKDFRounds(st.Prefs)))
	p.rounds.Validator = func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > signify.MaxKDFRounds {
			return fmt.Errorf("a whole number from 1 to %d (signify uses %d)", signify.MaxKDFRounds, signify.DefaultKDFRounds)
		}
		return nil
	}
	p.rounds.OnChanged = func(s string) { p.setRounds(s) }

	p.offline = widget.NewCheck("Refuse to run a ceremony while a network interface is up", func(b bool) {
		st.Prefs.SetBool(prefRequireOffline, b)
	})
	p.offline.SetChecked(st.Prefs.Bool(prefRequireOffline))

	p.theme = widget.NewRadioGroup([]string{themeSystem, themeLight, themeDark}, func(s string) { p.setTheme(s) })
	p.theme.Horizontal = true
	p.theme.Required = true
	p.theme.SetSelected(st.Prefs.StringWithFallback(prefTheme, themeSystem))
	p.root = p.layout()
	return p
}

// layout arranges the screen.
func (p *prefsScreen) layout() fyne.CanvasObject {
	browse := widget.NewButton("Choose…", func() { askFolderPath(p.st.Window, p.vault.SetText) })
	open := widget.NewButton("Open this vault", func() { p.applyVault() })
	vaultRow := container.NewBorder(nil, nil, nil, container.NewHBox(browse, open), p.vault)

	form := widget.NewForm(
		widget.NewFormItem("Vault location", vaultRow),
		widget.NewFormItem("KDF rounds", p.rounds),
		widget.NewFormItem("Offline", p.offline),
		widget.NewFormItem("Theme", p.theme),
	)
	form.Items[0].HintText = "where keys, chains and transcripts are kept; never inside a git work tree"
	form.Items[1].HintText = fmt.Sprintf("bcrypt_pbkdf cost of new secret keys (signify's default is %d; the demo vault uses 4)", signify.DefaultKDFRounds)
	title := widget.NewLabelWithStyle("Preferences", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	keys := widget.NewLabel("Keyboard: Ctrl+1 … Ctrl+8 switch between the screens (Cmd on macOS); Tab and Shift+Tab move between fields and buttons, Space presses a button.")
	keys.Wrapping = fyne.TextWrapWord
	keys.Importance = widget.LowImportance
	return container.NewVScroll(container.NewPadded(container.NewVBox(title, form, p.feedback, widget.NewSeparator(), keys)))
}

// applyVault stores the vault location and opens it (an empty one too:
// choosing it is the user's decision).
func (p *prefsScreen) applyVault() {
	p.st.Prefs.SetString(prefVault, p.vault.Text)
	loc, err := defaultLocations(p.st.Prefs)
	if err != nil {
		p.feedback.SetText(err.Error())
		return
	}
	p.feedback.SetText("Opening " + loc.Vault)
	p.st.OpenRealVault(loc)
}

// setRounds stores a valid KDF cost and applies it to the open real vault.
func (p *prefsScreen) setRounds(s string) {
	if p.rounds.Validator(s) != nil {
		return
	}
	n, _ := strconv.Atoi(s)
	p.st.Prefs.SetInt(prefKDF, n)
	if p.st.Vault != nil && !p.st.Demo {
		p.st.Vault.KDFRounds = n
	}
}

// setTheme stores the theme choice and switches to it.
func (p *prefsScreen) setTheme(s string) {
	if s == "" {
		return
	}
	p.st.Prefs.SetString(prefTheme, s)
	p.st.App.Settings().SetTheme(themeFor(s))
}
