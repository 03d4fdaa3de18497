// Package ceremony runs Baton's key ceremonies (genesis, adopt, release, ...)
// as scripts of named steps over a vault. Every step is journalled, so an
// interrupted ceremony resumes without losing or duplicating a key; each
// ceremony ends with a signed transcript. It talks to a person only through
// UI, so the command line, the desktop app and tests drive the same code.
package ceremony

import (
	"fmt"
	"strings"
)

// Level says how loud a message is.
type Level int

// Message levels.
const (
	Info Level = iota
	Warning
)

// UI is how a ceremony talks to the person running it. Every field may be
// nil: a nil Passphrase or Confirm fails the ceremony with a clear error
// rather than guessing, nil Progress, Step and Message are ignored, and a
// nil Warn shows the warning's text through Message. The functions may be
// called from any goroutine; a GUI must hop to its own.
//
// The core words its messages for nobody in particular: it names no
// command-line flag or app menu. What a UI words for its own users comes
// typed: Step, Warn's values and the errors (UnfinishedError, ErrOnline,
// ErrKeyLost...).
type UI struct {
	// Passphrase asks for the passphrase that protects a package's keys.
	// confirm is true when a new passphrase is being set (ask twice).
	// The returned slice is wiped after use; it is never logged.
	Passphrase func(prompt string, confirm bool) ([]byte, error)
	// Confirm asks a yes/no question. A "no" is not an error.
	Confirm func(question string) (bool, error)
	// Progress reports long work: done of total bytes.
	Progress func(label string, done, total int64)
	// Step announces that step i of n (from 1) starts; title is the
	// step's title in the ceremony's plan (see GenesisPlan and the like).
	Step func(i, n int, title string)
	// Message shows a line of information or a warning.
	Message func(level Level, text string)
	// Warn shows a warning the UI may word itself: an *OnlineWarning.
	Warn func(w error)
}

// OnlineWarning is the warning of a ceremony run while a network interface
// is up (and Options.RequireOffline is not set, which makes it ErrOnline).
type OnlineWarning struct {
	Interfaces []string // the interfaces up, with their addresses
}

func (w *OnlineWarning) Error() string {
	return fmt.Sprintf("WARNING: this machine is ONLINE (%s). Key ceremonies belong on an offline machine.", strings.Join(w.Interfaces, "; "))
}

func (u *UI) passphrase(prompt string, confirm bool) ([]byte, error) {
	if u == nil || u.Passphrase == nil {
		return nil, fmt.Errorf("a passphrase is needed (%s) but nobody can be asked", prompt)
	}
	return u.Passphrase(prompt, confirm)
}

func (u *UI) confirm(q string) (bool, error) {
	if u == nil || u.Confirm == nil {
		return false, fmt.Errorf("a confirmation is needed but nobody can be asked: %s", q)
	}
	return u.Confirm(q)
}

func (u *UI) progress(label string) func(done, total int64) {
	if u == nil || u.Progress == nil {
		return nil
	}
	return func(done, total int64) { u.Progress(label, done, total) }
}

func (u *UI) say(l Level, format string, args ...any) {
	if u != nil && u.Message != nil {
		u.Message(l, fmt.Sprintf(format, args...))
	}
}

func (u *UI) step(i, n int, title string) {
	if u != nil && u.Step != nil {
		u.Step(i, n, title)
	}
}

func (u *UI) warn(w error) {
	switch {
	case u == nil:
	case u.Warn != nil:
		u.Warn(w)
	case u.Message != nil:
		u.Message(Warning, w.Error())
	}
}
