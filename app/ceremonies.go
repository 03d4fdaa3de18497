package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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

	// Per card, by title: its button, its Help button and the line saying
	// why it cannot apply to this vault (hidden when it can).
	buttons  map[string]*widget.Button
	helps    map[string]*widget.Button
	why      map[string]*widget.Label
	newChain *widget.Button   // on the Release card while the vault has no package
	help     *widget.RichText // the help page shown last (tests read it)

	noPackageAsk *dialog.ConfirmDialog // "no package yet", while it shows
}

func ceremoniesScreenView(st *appState) fyne.CanvasObject { return newCeremoniesScreen(st).root }

func newCeremoniesScreen(st *appState) *ceremoniesScreen {
	c := &ceremoniesScreen{st: st, pending: container.NewVBox(), vault: widget.NewLabel(""),
		buttons: map[string]*widget.Button{}, helps: map[string]*widget.Button{}, why: map[string]*widget.Label{}}
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
			if note := sectionNotes[section]; note != "" {
				// Recovery ceremonies are set apart: they are not routine.
				l := widget.NewLabelWithStyle(note, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
				l.Wrapping = fyne.TextWrapWord
				list.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l))
			}
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
	help    string // its ceremony's name (a form's name()), which names its help page
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
			help: "genesis", form: func(st *appState) ceremonyForm { return newGenesisForm(st) }},
		{section: "A chain's life", title: "Release", button: "Release…", icon: theme.UploadIcon(),
			text: "Sign release N: hash its files, sign the checksum list with the key in force, " +
				"append the release entry announcing the next key, generate the key for N+2, restore-test it, " +
				"wipe the secret of the key that signed it (each version is a release of its own) and sign a transcript.",
			help: "release", form: func(st *appState) ceremonyForm { return newReleaseForm(st) }},
	}
}

// sectionNotes set a section of cards apart, under its heading.
var sectionNotes = map[string]string{
	recoverySection: "Not routine: only when a key is lost or stolen, the algorithm is broken or the signatory is gone. " +
		"Every user is asked to consent to what these ceremonies do.",
}

// cardImportance styles a card's button by what its ceremony risks: the
// routine ones alike, the recovery ones apart (a re-key or an adoption
// asks every user to consent; an emergency switch reveals the key of last
// resort, once).
func cardImportance(title string) widget.Importance {
	switch title {
	case "Emergency switch":
		return widget.DangerImportance
	case "Re-key", "Adopt (fork) a chain":
		return widget.WarningImportance
	}
	return widget.HighImportance
}

// vaultFacts are what decides which ceremonies apply to the open vault.
type vaultFacts struct {
	packages  []string
	emergency []string // the packages that can switch to their emergency key
}

// cardApplies says why the ceremony titled title cannot apply to a vault
// with facts, or "" when it can. Ceremonies not listed always apply (their
// own forms say what is missing).
func cardApplies(title string, facts vaultFacts) string {
	switch title {
	case "Release":
		if len(facts.packages) == 0 {
			return "There is no package in this vault yet: start its chain with New chain first."
		}
	case "Emergency switch":
		if len(facts.packages) == 0 {
			return "There is no package in this vault yet."
		}
		if len(facts.emergency) == 0 {
			return "No chain in this vault was started with an emergency key: it is made only at genesis (New chain, " +
				"with the emergency key) and cannot be added later. If a key is lost or stolen, re-key instead."
		}
	}
	return ""
}

// card shows one ceremony with the button that opens its wizard and a
// Help button opening its help page.
func (c *ceremoniesScreen) card(cc ceremonyCard) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(cc.button, cc.icon, func() { c.open(cc.form(c.st)) })
	b.Importance = cardImportance(cc.title)
	c.buttons[cc.title] = b
	help := widget.NewButtonWithIcon("Help", theme.HelpIcon(), func() { c.showHelp(cc) })
	help.Importance = widget.LowImportance
	c.helps[cc.title] = help
	why := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	why.Wrapping = fyne.TextWrapWord
	why.Hide()
	c.why[cc.title] = why
	actions := container.NewHBox(b)
	if cc.title == "Release" {
		c.newChain = widget.NewButtonWithIcon("New chain…", theme.ContentAddIcon(), func() {
			c.open(newGenesisForm(c.st))
		})
		c.newChain.Importance = widget.HighImportance
		c.newChain.Hide()
		actions.Add(c.newChain)
	}
	actions.Add(layout.NewSpacer())
	actions.Add(help)
	l := widget.NewLabel(cc.text)
	l.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(cc.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	return widget.NewCard("", "", container.NewBorder(title, container.NewVBox(why, actions), nil, nil, l))
}

// offer enables the cards that apply to a vault with facts and says on the
// others why they do not.
func (c *ceremoniesScreen) offer(facts vaultFacts) {
	for title, b := range c.buttons {
		why := cardApplies(title, facts)
		c.why[title].SetText(why)
		if why == "" {
			b.Enable()
			c.why[title].Hide()
		} else {
			b.Disable()
			c.why[title].Show()
		}
	}
	if c.newChain != nil {
		setVisible(c.newChain, len(facts.packages) == 0)
	}
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
	if f, ok := form.(*releaseForm); ok && len(f.pkgPick.Options) == 0 {
		// Nothing to release yet: say so and offer the way on.
		c.noPackageAsk = dialog.NewCustomConfirm("No package yet", "New chain…", "Close",
			wrapped("There is no package in this vault yet, so there is nothing to release. Start its chain with New chain first: "+
				"it makes the keys the first release is signed with."),
			func(ok bool) {
				if ok {
					c.open(newGenesisForm(c.st))
				}
			}, c.st.Window)
		c.noPackageAsk.Show()
		return
	}
	c.wizard = newWizard(c.st, form, c.closeWizard)
	c.root.Objects = []fyne.CanvasObject{c.wizard.root}
	c.root.Refresh()
	c.st.retitle()
}

func (c *ceremoniesScreen) closeWizard() {
	c.wizard = nil
	c.root.Objects = []fyne.CanvasObject{c.chooser}
	c.root.Refresh()
	c.refresh()
	c.st.retitle()
}

// refresh lists the unfinished ceremonies, read off the UI goroutine.
func (c *ceremoniesScreen) refresh() {
	v := c.st.Vault
	if v == nil {
		c.vault.SetText("No vault is open yet.")
		c.pending.Objects = nil
		c.pending.Refresh()
		// Every card stays offered: tapping one says a vault is needed.
		for title, b := range c.buttons {
			b.Enable()
			c.why[title].Hide()
		}
		if c.newChain != nil {
			c.newChain.Hide()
		}
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
		facts := vaultFacts{packages: names}
		for _, n := range names {
			p := v.Package(n)
			if cer, params, _, err := p.Pending(); err == nil && cer != "" {
				list = append(list, unfinished{n, cer, params})
			}
			if p.EmergencyReady() == nil {
				facts.emergency = append(facts.emergency, n)
			}
		}
		c.st.Do(func() {
			c.offer(facts)
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
