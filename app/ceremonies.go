package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// ceremoniesScreen lists the ceremonies and runs the chosen one as a
// wizard in its place. It also lists unfinished ceremonies, which can be
// aborted here (or resumed by running them again).
type ceremoniesScreen struct {
	st      *appState
	root    *fyne.Container
	chooser fyne.CanvasObject
	pending *fyne.Container
	vault   *widget.Label
	wizard  *wizard

	abortAsk *choiceDialog // "abort the unfinished ceremony?", while it shows
}

func ceremoniesScreenView(st *appState) fyne.CanvasObject { return newCeremoniesScreen(st).root }

func newCeremoniesScreen(st *appState) *ceremoniesScreen {
	c := &ceremoniesScreen{st: st, pending: container.NewVBox(), vault: widget.NewLabel("")}
	st.ceremonies = c
	c.vault.Truncation = fyne.TextTruncateEllipsis

	heading := widget.NewLabelWithStyle("Ceremonies", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	list := container.NewVBox(heading, c.vault, c.pending)
	section := ""
	var grid *fyne.Container
	for _, cc := range ceremonyCards() {
		if cc.section != section {
			section = cc.section
			h := widget.NewLabelWithStyle(section, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			grid = container.NewGridWithColumns(2)
			list.Add(h)
			list.Add(grid)
		}
		grid.Add(c.card(cc))
	}
	c.chooser = container.NewVScroll(container.NewPadded(list))
	c.root = container.NewStack(c.chooser)
	st.OnChange(c.refresh)
	c.refresh()
	return c
}

// ceremonyCard offers one ceremony on the Ceremonies screen.
type ceremonyCard struct {
	section string // cards of a section are shown together, in list order
	title   string
	text    string // what the ceremony does, in a sentence or three
	button  string // the button's label; tests tap it by this text
	icon    fyne.Resource
	form    func(st *appState) ceremonyForm
}

// ceremonyCards lists every ceremony the app runs, by section.
func ceremonyCards() []ceremonyCard {
	var list []ceremonyCard
	list = append(list, chainCeremonies()...)
	list = append(list, backupCeremonies()...)
	list = append(list, handoverCeremonies()...)
	list = append(list, recoveryCeremonies()...)
	return list
}

// chainCeremonies are the ceremonies of a chain's ordinary life.
func chainCeremonies() []ceremonyCard {
	return []ceremonyCard{
		{section: "A chain's life", title: "New chain", button: "New chain (genesis)…", icon: theme.ContentAddIcon(),
			text: "Start a package's chain: the signatory's recovery key (keep it offline), " +
				"the keys for releases 1 and 2 (release plus two), the genesis entry, a restore test of every key " +
				"and a signed transcript.",
			form: func(*appState) ceremonyForm { return newGenesisForm() }},
		{section: "A chain's life", title: "Release", button: "Release…", icon: theme.UploadIcon(),
			text: "Sign release N: hash its files, sign the checksum list with the key in force, " +
				"append the release entry announcing the next key, generate the key for N+2, restore-test it, " +
				"wipe the secret of the key that signed it (each version is a release of its own) and sign a transcript.",
			form: func(st *appState) ceremonyForm { return newReleaseForm(st) }},
	}
}

// card shows one ceremony with the button that opens its wizard.
func (c *ceremoniesScreen) card(cc ceremonyCard) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(cc.button, cc.icon, func() { c.open(cc.form(c.st)) })
	b.Importance = widget.HighImportance
	l := widget.NewLabel(cc.text)
	l.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(cc.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	return widget.NewCard("", "", container.NewBorder(title, container.NewHBox(b), nil, nil, l))
}

// open runs form's ceremony as a wizard in place of the list. Every
// ceremony but a solo move (a witness's co-signature) needs an open vault.
func (c *ceremoniesScreen) open(form ceremonyForm) {
	if _, isSolo := form.(solo); c.st.Vault == nil && !isSolo {
		msg := "No vault is open yet, so there are no keys to run it with."
		if c.st.VaultErr != nil {
			msg += "\n" + c.st.VaultErr.Error()
		}
		dialog.ShowInformation(form.title(), msg+"\nChoose the vault's folder under Preferences.", c.st.Window)
		return
	}
	c.wizard = newWizard(c.st, form, c.closeWizard)
	c.root.Objects = []fyne.CanvasObject{c.wizard.root}
	c.root.Refresh()
}

func (c *ceremoniesScreen) closeWizard() {
	c.wizard = nil
	c.root.Objects = []fyne.CanvasObject{c.chooser}
	c.root.Refresh()
	c.refresh()
}

// refresh lists the unfinished ceremonies, read off the UI goroutine.
func (c *ceremoniesScreen) refresh() {
	v := c.st.Vault
	if v == nil {
		c.vault.SetText("No vault is open yet.")
		c.pending.Objects = nil
		c.pending.Refresh()
		return
	}
	where := "Vault: " + v.Dir
	if c.st.Demo {
		where = "DEMO vault: " + v.Dir
	}
	c.vault.SetText(where)
	c.st.Go(func() {
		type unfinished struct {
			pkg, name string
			params    map[string]string
		}
		var list []unfinished
		names, _ := v.Packages()
		for _, n := range names {
			if cer, params, _, err := v.Package(n).Pending(); err == nil && cer != "" {
				list = append(list, unfinished{n, cer, params})
			}
		}
		c.st.Do(func() {
			c.pending.Objects = nil
			for _, u := range list {
				c.pending.Add(c.pendingRow(v, u.pkg, u.name, u.params))
			}
			c.pending.Refresh()
		})
	})
}

// pendingRow warns of an unfinished ceremony and offers to resume or abort it.
func (c *ceremoniesScreen) pendingRow(v *ceremony.Vault, pkg, name string, params map[string]string) fyne.CanvasObject {
	abort := widget.NewButtonWithIcon("Abort…", theme.DeleteIcon(), func() {
		p := v.Package(pkg)
		backups := "Every key of " + pkg + " in the vault has a restore-tested backup."
		if un, err := p.UnprovenBackups(); err != nil {
			backups = "The backup records cannot be read: " + err.Error()
		} else if len(un) > 0 {
			backups = "No restore-tested backup exists yet of: " + strings.Join(un, ", ") + "."
		}
		c.abortAsk = showChoice(c.st.Window, choice{
			title: "Abort the unfinished ceremony?",
			message: fmt.Sprintf("The %s ceremony of %s stops here for good: it cannot be resumed. Keys it generated stay in the vault; the chain keeps what was appended.\n\n%s",
				name, pkg, backups),
			action: "Abort the ceremony",
			safe:   "Keep it to resume",
			danger: true,
		}, func(abort bool) {
			c.abortAsk = nil
			if !abort {
				return
			}
			if err := p.Abort(); err != nil {
				dialog.ShowError(err, c.st.Window)
			}
			c.st.Changed()
		})
	})
	abort.Importance = widget.DangerImportance
	actions := container.NewHBox(abort)
	if resume := c.resumeButton(pkg, name, params); resume != nil { // resume.go
		resume.Importance = widget.HighImportance
		actions.Objects = []fyne.CanvasObject{resume, abort}
	}
	return container.NewBorder(nil, nil, nil, actions, pendingWarning(pkg, name))
}

// openCeremony shows the Ceremonies screen and opens form's wizard there
// (Home's "What is due" buttons), unless a wizard is open already: that
// one is shown instead, so no work is dropped.
func (s *appState) openCeremony(form func(st *appState) ceremonyForm) {
	s.ShowScreen("ceremonies")
	c := s.ceremonies
	if c == nil {
		return
	}
	if c.wizard != nil {
		if s.Window != nil {
			dialog.ShowInformation("A ceremony is open", "Finish or close the open ceremony first.", s.Window)
		}
		return
	}
	c.open(form(s))
}
