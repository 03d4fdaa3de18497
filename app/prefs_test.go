package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/baton-signing/baton/chain/signify"
)

func TestPrefsStoreAndApply(t *testing.T) {
	st, _ := newTestState(t)
	v := realVault(t)
	st.SetVault(v)
	if v.KDFRounds != signify.DefaultKDFRounds {
		t.Errorf("a real vault gets KDF rounds %d, want the default %d", v.KDFRounds, signify.DefaultKDFRounds)
	}
	p := newPrefsScreen(st)
	showIn(t, st, p.root)
	if p.rounds.Text != "42" || p.theme.Selected != themeSystem || p.offline.Checked {
		t.Errorf("defaults: rounds %q, theme %q, offline %v", p.rounds.Text, p.theme.Selected, p.offline.Checked)
	}

	p.rounds.SetText("")
	test.Type(p.rounds, "64")
	if got := st.Prefs.Int(prefKDF); got != 64 || v.KDFRounds != 64 {
		t.Errorf("KDF rounds: preference %d, vault %d, want 64", got, v.KDFRounds)
	}
	p.rounds.SetText("0")
	if got := st.Prefs.Int(prefKDF); got != 64 {
		t.Errorf("an invalid KDF cost was stored: %d", got)
	}

	test.Tap(p.offline)
	if !st.Prefs.Bool(prefRequireOffline) || !st.options("x", nil).RequireOffline {
		t.Error("require offline is not passed to the ceremonies")
	}

	p.theme.SetSelected(themeDark)
	th := st.App.Settings().Theme()
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	if got := th.Color(theme.ColorNameBackground, theme.VariantLight); got != dark {
		t.Errorf("dark theme chosen, background for a light system = %v, want %v", got, dark)
	}
	if st.Prefs.String(prefTheme) != themeDark {
		t.Error("theme choice not stored")
	}
	p.theme.SetSelected(themeSystem)
	if _, ok := st.App.Settings().Theme().(batonTheme); !ok {
		t.Errorf("system theme is %T", st.App.Settings().Theme())
	}

	// A new vault location opens that vault, even empty.
	dir := filepath.Join(t.TempDir(), "elsewhere")
	p.vault.SetText(dir)
	test.Tap(findButton(t, p.root, "Open this vault"))
	idle(st)
	if st.Vault == nil || st.Vault.Dir != dir || st.Demo {
		t.Errorf("vault %+v after opening %s", st.Vault, dir)
	}
	if st.Vault.KDFRounds != 64 {
		t.Errorf("the new vault has KDF rounds %d, want the preference 64", st.Vault.KDFRounds)
	}
}

func TestThemePreferenceAppliesAtStart(t *testing.T) {
	st, _ := newTestState(t)
	st.Prefs.SetString(prefTheme, themeLight)
	w := newMainWindow(st)
	defer w.Close()
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got := st.App.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("light preference: background %v, want %v", got, light)
	}
}
