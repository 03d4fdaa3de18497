package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// resumeForm returns the form of an unfinished ceremony, pre-filled from
// its journal's parameters, with the fields a resume must repeat locked;
// nil when the app cannot resume that ceremony (it is then resumed by
// running it again with the same details, or aborted).
func resumeForm(st *appState, pkg, name string, params map[string]string) ceremonyForm {
	switch name {
	case "release":
		f := newReleaseForm(st)
		f.pkgPick.SetSelected(pkg)
		f.version.SetText(params["version"])
		f.dirEntry.SetText(params["dir"])
		f.includeDotfiles = params["include-dotfiles"] == "yes"
		f.resumed = true
		lock(f.pkgPick, f.version, f.dirEntry)
		return f
	case "genesis":
		if params["adopted-from"] != "" {
			return nil // adopt has a form of its own
		}
		f := newGenesisForm(st)
		f.pkgEntry.SetText(pkg)
		f.nameEntry.SetText(params["signatory"])
		f.emergency.SetChecked(params["emergency-key"] != "")
		if of := params["signatory-of"]; of != "" {
			for o, held := range f.held {
				if held == of {
					f.signatory.SetSelected(o)
				}
			}
			if f.signatoryOf() != of {
				return nil // that package's recovery key is gone from the vault
			}
		}
		lock(f.pkgEntry, f.nameEntry, f.emergency, f.signatory)
		return f
	}
	return nil
}

// lock disables the fields a resume must repeat.
func lock(ws ...fyne.Disableable) {
	for _, w := range ws {
		w.Disable()
	}
}

// resumeButton offers to resume pkg's unfinished ceremony name, started
// with params (its journal's); nil when the app cannot resume it.
func (c *ceremoniesScreen) resumeButton(pkg, name string, params map[string]string) *widget.Button {
	if resumeForm(c.st, pkg, name, params) == nil {
		return nil
	}
	return widget.NewButton(fmt.Sprintf("Resume the %s…", name), func() {
		if f := resumeForm(c.st, pkg, name, params); f != nil {
			c.open(f)
			if c.wizard != nil {
				c.wizard.introLabel.SetText(fmt.Sprintf("Resuming the unfinished %s ceremony of %s: the details it started with are locked (a resume must repeat them); the steps already done are skipped.\n%s",
					name, pkg, c.wizard.intro()))
			}
		}
	})
}
