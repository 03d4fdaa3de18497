package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// adoptForm asks for an adopt (a fork): the chain of the package being
// adopted and the new signatory's name. The package is the chain's.
type adoptForm struct {
	st        *appState
	chainPath *widget.Entry
	nameEntry *widget.Entry
	emergency *widget.Check
	adopted   string // the package, read from the chain by validate
}

func newAdoptForm(st *appState) *adoptForm {
	f := &adoptForm{st: st, chainPath: widget.NewEntry(), nameEntry: widget.NewEntry()}
	f.chainPath.SetPlaceHolder("the chain file of the package you adopt, as its users have it")
	f.nameEntry.SetPlaceHolder("e.g. Jane Doe, or a project's name: what users will see")
	f.emergency = widget.NewCheck("also make an offline emergency key (ML-DSA-65) the genesis commits to", nil)
	return f
}

func (f *adoptForm) title() string { return "Adopt (fork) a chain" }
func (f *adoptForm) name() string  { return "adopt" }
func (f *adoptForm) stepTitles() []string {
	return planTitles(ceremony.GenesisPlan(ceremony.GenesisParams{Package: f.adopted, EmergencyKey: f.emergency.Checked}))
}
func (f *adoptForm) newPassphrase() bool { return true }
func (f *adoptForm) pkg() string         { return f.adopted }
func (f *adoptForm) hints() []string     { return []string{f.adopted, f.nameEntry.Text} }

func (f *adoptForm) items() []*widget.FormItem {
	ch := widget.NewFormItem("Chain to adopt", withChooser(f.chainPath, theme.FolderOpenIcon(), func() { askOpenPath(f.st.Window, f.chainPath.SetText) }))
	ch.HintText = "it must verify; the package is the chain's, and the transcript records the signatory it forks from"
	name := widget.NewFormItem("Signatory name", f.nameEntry)
	name.HintText = "yours, as the new signatory: written into the new genesis entry"
	return []*widget.FormItem{ch, name, widget.NewFormItem("Emergency key", f.emergency)}
}

// origin verifies the chain to adopt and returns its package and result.
func (f *adoptForm) origin() (string, *chain.Result, error) {
	path := strings.TrimSpace(f.chainPath.Text)
	if path == "" {
		return "", nil, errors.New("chain to adopt: choose the chain file of the package you adopt")
	}
	res, pkg, err := firstTrust(path, "")
	if err != nil {
		return "", nil, fmt.Errorf("chain to adopt: %s does not verify, so it cannot be adopted (a fork must name its origin correctly); "+
			"choose the chain file exactly as it was published: %w", path, err)
	}
	return pkg, res, nil
}

func (f *adoptForm) validate() error {
	pkg, _, err := f.origin()
	if err != nil {
		return err
	}
	f.adopted = pkg
	name := strings.TrimSpace(f.nameEntry.Text)
	if name == "" {
		return errors.New("signatory name: give your name (or your project's), as users will see it in the new chain")
	}
	if err := chain.CheckName(name); err != nil {
		return fmt.Errorf("signatory name: %w", err)
	}
	p := f.st.Vault.Package(pkg)
	if es, err := p.Chain(); err != nil {
		return err
	} else if len(es) > 0 {
		if c, _, _, _ := p.Pending(); c == "" {
			return fmt.Errorf("the open vault %s already holds a chain of %s: adopt it into another vault (Preferences → Vault location)", f.st.Vault.Dir, pkg)
		}
	}
	return nil
}

func (f *adoptForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	pkg, res, err := f.origin() // again: the file may have changed since
	if err != nil {
		return nil, err
	}
	if pkg != f.adopted {
		return nil, fmt.Errorf("the chain file now holds %s, not %s: go back and check it", pkg, f.adopted)
	}
	ui.Message(ceremony.Info, fmt.Sprintf("adopting %s from %s (signatory %s, %s)", pkg, untrusted.Quote(res.Name), res.Head.Signatory, entryCount(res.Head.Position)))
	return v.Genesis(ctx, ui, opts, ceremony.GenesisParams{
		Package: pkg, Name: strings.TrimSpace(f.nameEntry.Text), AdoptedFrom: res.Head.Signatory, EmergencyKey: f.emergency.Checked,
	})
}
