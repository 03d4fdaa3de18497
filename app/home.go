package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// tagline says what Baton is for, under its name on Home.
const tagline = "Key ceremonies for signed software releases"

// home is the landing screen: whether the machine is ready for a
// ceremony, and per package of the vault its chain as a picture, its keys,
// what is due and any unfinished ceremony.
type home struct {
	st        *appState
	readiness *readinessView
	vault     *widget.Label
	packages  *fyne.Container
	columns   *fyne.Container
	root      fyne.CanvasObject
}

// pkgState is what Home shows of one package, read off the UI goroutine.
type pkgState struct {
	name    string
	status  *ceremony.Status
	pending map[string]string // the unfinished ceremony's parameters, if any
	err     error
}

func homeScreen(st *appState) fyne.CanvasObject { return newHome(st).root }

func newHome(st *appState) *home {
	h := &home{st: st, readiness: newReadinessView(st), vault: widget.NewLabel(""), packages: container.NewVBox()}
	h.vault.Truncation = fyne.TextTruncateEllipsis

	logo := canvas.NewImageFromResource(appIcon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(28))
	name := widget.NewLabelWithStyle(appTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewHBox(logo, name, widget.NewLabel(tagline))

	st.OnChange(h.refresh)
	h.refresh()
	// Two columns when the window is wide (readiness and vault beside the
	// packages), one when it is not.
	h.columns = newSideBySide(container.NewVBox(widget.NewCard("", "", h.readiness.box), st.watcher().box, h.vault), h.packages)
	h.root = container.NewVScroll(container.NewPadded(container.NewVBox(header, h.columns)))
	return h
}

// refresh reads every package's status off the UI goroutine, then shows it.
func (h *home) refresh() {
	v := h.st.Vault
	if v == nil {
		h.vault.SetText("No vault is open yet.")
		h.packages.Objects = nil
		h.packages.Refresh()
		return
	}
	h.vault.SetText("Vault: " + v.Dir)
	h.readiness.check()
	h.st.Go(func() {
		states, err := readPackages(v)
		h.st.Do(func() {
			if h.st.Vault != v {
				return // another vault was opened meanwhile
			}
			h.show(states, err)
		})
	})
}

// readPackages reads the status of every package in v.
func readPackages(v *ceremony.Vault) ([]pkgState, error) {
	names, err := v.Packages()
	if err != nil {
		return nil, err
	}
	var out []pkgState
	for _, n := range names {
		st, err := v.Package(n).Status()
		ps := pkgState{name: n, status: st, err: err}
		if err == nil && st.Pending != "" {
			_, ps.pending, _, _ = v.Package(n).Pending()
		}
		out = append(out, ps)
	}
	return out, nil
}

func (h *home) show(states []pkgState, err error) {
	h.packages.Objects = nil
	switch {
	case err != nil:
		l := widget.NewLabel("Cannot read the vault: " + err.Error())
		l.Importance = widget.DangerImportance
		h.packages.Add(l)
	case len(states) == 0:
		h.packages.Add(widget.NewLabel("This vault holds no package yet. Start a chain under Ceremonies → New chain."))
	}
	for _, p := range states {
		h.packages.Add(packageCard(h.st, p))
	}
	h.packages.Refresh()
}

// packageCard shows one package: its chain as a timeline, its key roles,
// what is due and any unfinished ceremony.
func packageCard(st *appState, p pkgState) fyne.CanvasObject {
	if p.err != nil {
		l := widget.NewLabel(p.err.Error())
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		return widget.NewCard(p.name, "", l)
	}
	s := p.status
	subtitle := fmt.Sprintf("signatory %s · id %s · %s", s.Name, s.Signatory, entryCount(len(s.Entries)))
	line := fyne.CanvasObject(newTimeline(s.Entries))
	if mark := inProgressMark(s, p.pending); mark != nil {
		line = container.NewHBox(line, mark)
	}
	body := container.NewVBox(
		container.NewHScroll(line),
		timelineLegend(),
		sectionLabel("Keys"),
		keyChips(s.Keys),
		sectionLabel("What is due"),
		dueView(st, p.name, s.Items),
	)
	if s.Pending != "" {
		body.Add(pendingWarning(p.name, s.Pending))
	}
	return widget.NewCard(p.name, subtitle, body)
}

// sectionLabel is a small bold heading inside a card.
func sectionLabel(text string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// dueView lists what is due, most urgent first, or "nothing due" in
// green. Each item has a button that opens the wizard that does it, with
// pkg selected (see dueAction); st may be nil (no buttons).
func dueView(st *appState, pkg string, due []ceremony.DueItem) fyne.CanvasObject {
	if len(due) == 0 {
		l := widget.NewLabelWithStyle("✓ nothing due", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Importance = widget.SuccessImportance
		return l
	}
	box := container.NewVBox()
	for i, d := range due {
		l := widget.NewLabel(fmt.Sprintf("%d. %s", i+1, d.Text))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		a, ok := dueAction(d.Kind)
		if !ok || st == nil {
			box.Add(l)
			continue
		}
		b := widget.NewButtonWithIcon(a.button, a.icon, func() { st.doDue(pkg, a) })
		box.Add(container.NewBorder(nil, nil, nil, b, l))
	}
	return box
}

// pendingWarning says a ceremony of pkg is half done.
func pendingWarning(pkg, ceremonyName string) fyne.CanvasObject {
	l := widget.NewLabel(fmt.Sprintf("An unfinished %s ceremony of %s is waiting: resume it or abort it under Ceremonies.", ceremonyName, pkg))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l)
}

// inProgressMark marks a half-done ceremony at the end of the timeline: a
// release names its version and says whether its entry is already the
// chain's head, so that a half-done release is not taken for a finished
// one. It is nil when nothing is unfinished.
func inProgressMark(s *ceremony.Status, params map[string]string) *widget.Label {
	if s.Pending == "" {
		return nil
	}
	text := fmt.Sprintf("⋯ %s in progress", s.Pending)
	if s.Pending == "release" && params["version"] != "" {
		v := params["version"]
		text = fmt.Sprintf("⋯ release %s in progress", v)
		if h := s.Head(); h.Kind == chain.KindRelease && h.Version == v {
			text = fmt.Sprintf("⋯ release %s in progress: its entry is the head, the ceremony is not finished", v)
		}
	}
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Italic: true})
	l.Importance = widget.WarningImportance
	return l
}
