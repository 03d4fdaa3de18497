package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// Home marks a half-done release as in progress, not as a finished head.
func TestHomeMarksHalfDoneRelease(t *testing.T) {
	st, _ := newTestState(t)
	v, _ := useRealVault(t, st)
	halfDoneRelease(t, v, "3.0.0")
	root := homeScreen(st)
	showIn(t, st, root)
	idle(st)
	var mark *widget.Label
	walk(root, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.WarningImportance && strings.Contains(l.Text, "3.0.0") {
			mark = l
		}
	})
	if mark == nil || !strings.Contains(mark.Text, "in progress") || !showsIn(root, mark.Text) {
		t.Fatalf("Home does not mark release 3.0.0 as in progress; visible %q", visibleTexts(root))
	}
	if h := must(v.Package(ceremony.DemoPackage).Status()).Head(); h.Kind != chain.KindRelease || h.Version != "3.0.0" {
		t.Fatalf("the half-done release's entry is not the head: %+v", h)
	}
}

// An unfinished release offers Resume: the wizard comes pre-filled from
// the journal, the details that cannot change locked, and finishes it.
func TestResumePrefillsAndLocksRelease(t *testing.T) {
	st, _ := newTestState(t)
	v, p := useRealVault(t, st)
	dist := halfDoneRelease(t, v, "3.0.0")
	c := newCeremoniesScreen(st)
	showIn(t, st, c.root)
	idle(st)
	findButton(t, c.root, "Abort…") // offered beside Resume
	ui.Tap(findButton(t, c.root, "Resume the release…"))
	wz := c.wizard
	if wz == nil {
		t.Fatal("Resume opened no wizard")
	}
	f := wz.form.(*releaseForm)
	if f.pkgPick.Selected != ceremony.DemoPackage || f.version.Text != "3.0.0" || f.dirEntry.Text != dist || !f.includeDotfiles {
		t.Errorf("resume pre-filled %q %q %q dotfiles %v", f.pkgPick.Selected, f.version.Text, f.dirEntry.Text, f.includeDotfiles)
	}
	if !f.pkgPick.Disabled() || !f.version.Disabled() || !f.dirEntry.Disabled() {
		t.Error("the journalled details are not locked")
	}
	ui.Type(wz.operator, "Tester")
	ui.Tap(findButton(t, c.root, "Next"))
	idle(st)
	if !wz.review.dotfiles.Checked || !wz.review.dotfiles.Disabled() {
		t.Error("the journalled dotfiles choice is not kept and locked")
	}
	passReview(t, st, wz)
	ui.Type(wz.pass, ceremony.DemoPassphrase)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	if wz.err != nil || !wz.publish.root.Visible() {
		t.Fatalf("the resumed release: error %v", wz.err)
	}
	if _, err := os.Stat(p.JournalPath()); err == nil {
		t.Error("the journal is left after the resumed release")
	}
	if _, err := os.Stat(filepath.Join(dist, ceremony.SignatureName)); err != nil {
		t.Error(err)
	}
}

// walk calls f on o and everything under it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			walk(c, f)
		}
	}
}
