package app

import (
	"errors"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// trustScreen lists the packages the trust store pins (the store the CLI
// uses too) and unpins one after a confirmation whose safe answer is the
// default. A pin is only ever made or moved by a verification (the Verify
// screen); unpinning makes the package's next verification first trust
// again. The store keeps no time per pin: the screen shows when the file
// last changed, and says so.
type trustScreen struct {
	st      *appState
	where   *widget.Label // the store's path and when it last changed
	status  *widget.Label // the outcome of the last unpin
	errText *widget.Label
	empty   *widget.Label
	list    *fyne.Container
	root    *shownHook

	pins    []*chain.Pin               // as listed
	every   map[chain.SignatoryID]bool // signatories trusted for every package
	path    string
	gen     int
	confirm *unpinPrompt // the confirmation showing; nil otherwise
}

// unpinPrompt asks before a pin is removed.
type unpinPrompt struct {
	dlg   *dialog.CustomDialog
	pin   *chain.Pin
	keep  *widget.Button // the safe answer, focused
	unpin *widget.Button // danger styled, names the action
}

func trustScreenView(st *appState) fyne.CanvasObject { return newTrustScreen(st).root }

func newTrustScreen(st *appState) *trustScreen {
	t := &trustScreen{st: st}
	t.where = widget.NewLabel("")
	t.where.Wrapping = fyne.TextWrapWord
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	t.status.Hide()
	t.errText = dangerLabel()
	t.empty = widget.NewLabel("No package is pinned yet. Verify a package's chain (Verify a key) and pin its signatory after comparing its key.")
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Hide()
	t.list = container.NewVBox()
	reload := widget.NewButtonWithIcon("Reload", theme.ViewRefreshIcon(), t.reload)
	// The explanation wraps (a card's subtitle does not): the screen fits
	// an 800×600 window.
	intro := widget.NewLabel("Each pin names the signatory you trust for a package and how far you verified its chain. Later releases are checked against it with no human step.")
	intro.Wrapping = fyne.TextWrapWord
	head := widget.NewCard("Pinned packages", "",
		container.NewVBox(intro, t.where, container.NewHBox(reload), t.status, t.errText, t.empty))
	content := container.NewVScroll(container.NewPadded(container.NewVBox(head, t.list)))
	t.root = newShownHook(content, t.reload)
	t.reload()
	return t
}

// trustSnapshot is the store as read off the UI goroutine.
type trustSnapshot struct {
	path     string
	pins     []*chain.Pin
	every    map[chain.SignatoryID]bool
	modified time.Time // zero when there is no file
	err      error
}

func readTrustSnapshot(trustPath func() (string, error)) trustSnapshot {
	var s trustSnapshot
	if s.path, s.err = trustPath(); s.err != nil {
		return s
	}
	store, err := ceremony.ReadTrust(s.path)
	if err != nil {
		s.err = err
		return s
	}
	s.pins = store.List()
	s.every = map[chain.SignatoryID]bool{}
	for _, id := range store.Signatories() {
		s.every[id] = true
	}
	if fi, err := os.Stat(s.path); err == nil {
		s.modified = fi.ModTime()
	}
	return s
}

// reload reads the trust store off the UI goroutine and lists its pins.
func (t *trustScreen) reload() {
	t.gen++
	gen := t.gen
	trustPath := t.st.TrustPath
	t.st.Go(func() {
		s := readTrustSnapshot(trustPath)
		t.st.Do(func() {
			if t.gen == gen {
				t.show(s)
			}
		})
	})
}

func (t *trustScreen) show(s trustSnapshot) {
	t.path, t.pins, t.every = s.path, s.pins, s.every
	t.list.Objects = nil
	t.errText.Hide()
	if s.err != nil {
		t.where.SetText("Trust store: " + s.path)
		t.errText.SetText("The trust store cannot be read: " + s.err.Error())
		t.errText.Show()
		t.empty.Hide()
		t.list.Refresh()
		return
	}
	where := "Trust store: " + s.path
	if s.modified.IsZero() {
		where += " (not created yet)."
	} else {
		where += ". Last changed " + s.modified.Format("2006-01-02 15:04") +
			": the store keeps no time per pin, so this is when any pin last changed."
	}
	t.where.SetText(where)
	setVisible(t.empty, len(s.pins) == 0)
	for _, p := range s.pins {
		t.list.Add(t.row(p))
	}
	t.list.Refresh()
}

// row shows one pin: the package, the signatory's id, the position and
// the words of the key that must sign the package's next entry.
func (t *trustScreen) row(p *chain.Pin) fyne.CanvasObject {
	fp := p.Key.Fingerprint()
	words := widget.NewLabelWithStyle(wordLines(fp), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ident := canvas.NewImageFromImage(identicon(fp, 96))
	ident.FillMode = canvas.ImageFillContain
	ident.ScaleMode = canvas.ImageScalePixels
	ident.SetMinSize(fyne.NewSquareSize(48))
	pin := p
	unpin := widget.NewButtonWithIcon("Unpin…", theme.DeleteIcon(), func() { t.askUnpin(pin) })
	body := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("Signatory id %s · verified to position %d", p.Signatory, p.Position)),
		widget.NewLabel("Words of the key that must sign its next entry:"),
		container.NewBorder(nil, nil, ident, nil, words),
		t.everyPackageRow(pin),
		container.NewHBox(unpin))
	return widget.NewCard(p.Package, "", body)
}

// everyPackageRow says whether the pin's signatory is trusted for every
// package it signs, and offers to change that.
func (t *trustScreen) everyPackageRow(pin *chain.Pin) fyne.CanvasObject {
	if t.every[pin.Signatory] {
		stop := widget.NewButton("Only the packages pinned to it", func() {
			t.update(func(s *chain.TrustStore) error { s.Distrust(pin.Signatory); return nil },
				"Signatory "+string(pin.Signatory)+" is no longer trusted for every package; its pins stay.", "Not changed")
		})
		return container.NewHBox(widget.NewLabel("Trusted for every package it signs."), stop)
	}
	return container.NewHBox(widget.NewButtonWithIcon("Trust it for every package it signs…", theme.ConfirmIcon(), func() { t.askEvery(pin) }))
}

// askEvery asks before trusting pin's signatory for every package it
// signs; "Not now" is the default.
func (t *trustScreen) askEvery(pin *chain.Pin) {
	text := wrapped(fmt.Sprintf("Then a first trust of any other package signed by signatory %s is taken without comparing its key again. "+
		"Hand-overs and re-keys still need your consent, package by package; another signatory with the same name is still a stranger.", pin.Signatory))
	dlg := dialog.NewCustomWithoutButtons("Trust this signatory for every package?", text, t.st.Window)
	no := widget.NewButtonWithIcon("Not now", theme.CancelIcon(), dlg.Hide)
	no.Importance = widget.HighImportance
	yes := widget.NewButtonWithIcon("Trust for every package", theme.ConfirmIcon(), func() {
		dlg.Hide()
		t.update(func(s *chain.TrustStore) error { _, err := s.TrustEveryPackage(pin.Package); return err },
			"Signatory "+string(pin.Signatory)+" is trusted for every package it signs.", "Not changed")
	})
	dlg.SetButtons([]fyne.CanvasObject{no, yes})
	dlg.Resize(fyne.NewSize(560, 240))
	dlg.Show()
	t.st.Window.Canvas().Focus(no)
}

// update changes the store under its lock, off the UI goroutine, says
// how that went (done, or notDone and why) and lists the store again.
func (t *trustScreen) update(change func(*chain.TrustStore) error, done, notDone string) {
	path := t.path
	t.st.Go(func() {
		err := ceremony.UpdateTrust(path, change)
		t.st.Do(func() {
			if err != nil {
				t.status.Importance = widget.DangerImportance
				t.status.SetText(notDone + ": " + err.Error() + ". The list is read again.")
			} else {
				t.status.Importance = widget.SuccessImportance
				t.status.SetText(done)
			}
			t.status.Show()
			t.reload()
		})
	})
}

// askUnpin asks before removing pin. "Keep the pin" is the default (it
// has the focus); the danger button names the action.
func (t *trustScreen) askUnpin(pin *chain.Pin) {
	t.closeConfirm()
	p := &unpinPrompt{pin: pin}
	text := widget.NewLabel(fmt.Sprintf("Unpinning forgets that you trust signatory %s for %s. Its next verification is first trust again: "+
		"you will have to compare the signatory's key with a copy you get another way, and a chain by another signatory would no longer be refused as a fork.",
		pin.Signatory, pin.Package))
	text.Wrapping = fyne.TextWrapWord
	p.dlg = dialog.NewCustomWithoutButtons("Unpin "+pin.Package+"?", text, t.st.Window)
	p.keep = widget.NewButtonWithIcon("Keep the pin", theme.CancelIcon(), func() {
		if t.confirm == p {
			t.closeConfirm()
		}
	})
	p.keep.Importance = widget.HighImportance
	p.unpin = widget.NewButtonWithIcon("Unpin "+pin.Package, theme.DeleteIcon(), func() {
		if t.confirm != p {
			return
		}
		t.closeConfirm()
		t.unpin(pin)
	})
	p.unpin.Importance = widget.DangerImportance
	p.dlg.SetButtons([]fyne.CanvasObject{p.keep, p.unpin})
	t.confirm = p
	p.dlg.Resize(fyne.NewSize(560, 260))
	p.dlg.Show()
	t.st.Window.Canvas().Focus(p.keep)
}

func (t *trustScreen) closeConfirm() {
	if t.confirm == nil {
		return
	}
	p := t.confirm
	t.confirm = nil
	p.dlg.Hide()
}

// errPinChanged refuses an unpin when the pin is no longer the one shown.
var errPinChanged = errors.New("the pin changed since it was listed")

// unpin removes pin under the trust store's lock, only if the store still
// holds it as shown, off the UI goroutine.
func (t *trustScreen) unpin(pin *chain.Pin) {
	shown := pin.String()
	t.update(func(s *chain.TrustStore) error {
		cur, ok := s.Get(pin.Package)
		if !ok || cur.String() != shown {
			return fmt.Errorf("%w: %w", errPinChanged, chain.ErrStale)
		}
		s.Remove(pin.Package)
		return nil
	}, "Unpinned "+pin.Package+". Its next verification is first trust: compare the signatory's key again then.", "Not unpinned")
}

// shownHook is content that is told when its screen is selected, to show
// what changed meanwhile (the nav calls shown).
type shownHook struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onShown func()
}

func newShownHook(content fyne.CanvasObject, onShown func()) *shownHook {
	h := &shownHook{content: content, onShown: onShown}
	h.ExtendBaseWidget(h)
	return h
}

func (h *shownHook) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.content) }

func (h *shownHook) shown() { h.onShown() }
