package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
)

// typeShortcut delivers s to w as Fyne's desktop driver does: the main
// menu's items first, then the focused widget if it takes shortcuts, and
// only then the canvas.
func typeShortcut(w fyne.Window, s fyne.Shortcut) {
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s)
}

func ctrl(n int) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: digitKeys[n-1], Modifier: fyne.KeyModifierShortcutDefault}
}

// TestShortcutsWorkWithFocusInAnEntryAndAfterAWizard: Ctrl+<n> switches
// screens while a text field has focus, and after a wizard was closed.
func TestShortcutsWorkWithFocusInAnEntryAndAfterAWizard(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(v)
	idle(st)

	typeShortcut(w, ctrl(4))
	if got := st.nav.SelectedIndex(); got != 3 {
		t.Fatalf("Ctrl+4 selected screen %d", got)
	}
	c := st.ceremonies
	if c == nil {
		t.Fatal("the Ceremonies screen is not registered with the state")
	}
	test.Tap(findButton(t, c.root, "New chain (genesis)…"))
	wz := c.wizard
	if wz == nil {
		t.Fatal("no wizard")
	}
	w.Canvas().Focus(wz.operator)
	typeShortcut(w, ctrl(5))
	if got := st.nav.SelectedIndex(); got != 4 {
		t.Errorf("Ctrl+5 with focus in an entry selected screen %d", got)
	}
	typeShortcut(w, ctrl(4))
	w.Canvas().Focus(wz.operator)
	test.Tap(findButton(t, c.root, "Ceremonies"))
	if c.wizard != nil {
		t.Fatal("the wizard did not close")
	}
	if f := w.Canvas().Focused(); f != nil {
		t.Errorf("focus stays on %T of the closed wizard", f)
	}
	typeShortcut(w, ctrl(1))
	if got := st.nav.SelectedIndex(); got != 0 {
		t.Errorf("Ctrl+1 after the wizard closed selected screen %d", got)
	}
}
