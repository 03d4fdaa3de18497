package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// guardedEntry is an entry that ignores the activating key of the button
// that focused it. A desktop driver delivers a key press to the focused
// widget (a button: TypedKey(Space) taps it) and then, as a separate
// event, the character the key types (TypedRune(' ')) to whatever is
// focused by then. When the tap moves focus to this entry (Next on the
// details page focuses the passphrase), the character would land in it:
// a passphrase with a leading space, "wrong passphrase" only after every
// file was hashed.
//
// So a character that reaches a freshly focused entry before any key
// press did is a leftover: a space or a line break is dropped. Typing a
// space for real delivers the key press first, which disarms the guard.
type guardedEntry struct {
	widget.Entry
	armed bool // focus just arrived and no key was pressed since
}

// newGuardedPasswordEntry returns a password entry with the guard, and a
// button that shows or hides what was typed (as Fyne's password entry
// has).
func newGuardedPasswordEntry() *guardedEntry {
	e := &guardedEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		e.Password = !e.Password
		reveal.SetIcon(map[bool]fyne.Resource{true: theme.VisibilityOffIcon(), false: theme.VisibilityIcon()}[e.Password])
		e.Refresh()
	})
	reveal.Importance = widget.LowImportance
	e.ActionItem = reveal
	return e
}

// FocusGained arms the guard.
func (e *guardedEntry) FocusGained() {
	e.armed = true
	e.Entry.FocusGained()
}

// FocusLost disarms the guard.
func (e *guardedEntry) FocusLost() {
	e.armed = false
	e.Entry.FocusLost()
}

// TypedKey disarms the guard: the characters that follow are typed here.
func (e *guardedEntry) TypedKey(k *fyne.KeyEvent) {
	e.armed = false
	e.Entry.TypedKey(k)
}

// TypedRune drops the leftover character of the key that focused the
// entry.
func (e *guardedEntry) TypedRune(r rune) {
	if e.armed {
		e.armed = false
		if r == ' ' || r == '\n' || r == '\r' {
			return
		}
	}
	e.Entry.TypedRune(r)
}
