package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/signify"
)

// Where the re-key's recovery key comes from.
const (
	fromVault  = "the vault's recovery key"
	fromShares = "shares (M of N sheets)"
)

// rekeyForm asks for a re-key: the package, the reason users will read,
// and where the recovery key comes from (the vault, or share sheets).
type rekeyForm struct {
	st      *appState
	pkgPick *widget.Select
	reason  *widget.Entry
	source  *widget.RadioGroup
	shares  *widget.Entry // share files, one path a line
	choose  *widget.Button
	ask     askFunc // the wizard's, for the typed question (useAsk)
}

func newRekeyForm(st *appState) *rekeyForm {
	f := &rekeyForm{st: st, reason: newReasonEntry("e.g. the laptop holding K4 was stolen")}
	f.shares = widget.NewMultiLineEntry()
	f.shares.SetPlaceHolder("one share file a line: a share sheet's PDF, its text typed into a file, or a photo of its QR code")
	f.shares.SetMinRowsVisible(3)
	f.choose = widget.NewButtonWithIcon("Choose…", theme.FileIcon(), f.chooseShare)
	f.source = widget.NewRadioGroup([]string{fromVault, fromShares}, f.sourceChanged)
	f.source.Required = true
	f.pkgPick = packagePick(st, f.packageChanged)
	f.packageChanged(f.pkgPick.Selected)
	return f
}

func (f *rekeyForm) title() string { return "Re-key" }
func (f *rekeyForm) name() string  { return "rekey" }
func (f *rekeyForm) stepTitles() []string {
	return planTitles(ceremony.RekeyPlan(ceremony.RekeyParams{Package: f.pkg()}))
}
func (f *rekeyForm) newPassphrase() bool { return f.noKeyLeft() }
func (f *rekeyForm) pkg() string         { return f.pkgPick.Selected }
func (f *rekeyForm) hints() []string     { return []string{f.pkg()} }

// noKeyLeft reports whether the re-key rebuilds the recovery key from
// shares for a package with no secret key left in the vault: nothing can
// check the passphrase then, so it is asked as a new one, twice.
func (f *rekeyForm) noKeyLeft() bool {
	return f.source.Selected == fromShares && f.st.Vault != nil && f.pkg() != "" &&
		!f.st.Vault.Package(f.pkg()).PassphraseCheckable()
}

func (f *rekeyForm) passphraseHelp() string {
	return "The passphrase of this package's keys. It opens the vault's recovery key (when the recovery key comes from the vault), " +
		"and the replacement key is encrypted with it. It is checked against a key of the package before anything starts."
}

// packageChanged offers the vault's recovery key when its secret is there,
// else shares.
func (f *rekeyForm) packageChanged(pkg string) {
	if pkg == "" || f.st.Vault == nil {
		f.source.SetSelected(fromVault)
		return
	}
	if f.st.Vault.Package(pkg).HasSecret("recovery") {
		f.source.SetSelected(fromVault)
	} else {
		f.source.SetSelected(fromShares)
	}
}

func (f *rekeyForm) sourceChanged(s string) {
	if s == fromShares {
		f.shares.Enable()
		f.choose.Enable()
	} else {
		f.shares.Disable()
		f.choose.Disable()
	}
}

// chooseShare adds a share file, one at a time.
func (f *rekeyForm) chooseShare() {
	askOpenPath(f.st.Window, f.addShare)
}

// addShare adds path to the list of share files.
func (f *rekeyForm) addShare(path string) {
	text := strings.TrimRight(f.shares.Text, "\n")
	if text != "" {
		text += "\n"
	}
	f.shares.SetText(text + path)
}

func (f *rekeyForm) items() []*widget.FormItem {
	reason := widget.NewFormItem("Reason", f.reason)
	reason.HintText = "one line, shown to every user asked to consent to the re-key"
	source := widget.NewFormItem("Recovery key", f.source)
	source.HintText = "keep the recovery key offline? Rebuild it from as many share sheets as the split's threshold (M)"
	shares := widget.NewFormItem("Share files", container.NewBorder(nil, nil, nil, container.NewVBox(f.choose), f.shares))
	shares.HintText = "add them one at a time with Choose…, or paste several paths, one a line; the key is rebuilt only while the ceremony runs"
	return []*widget.FormItem{widget.NewFormItem("Package", f.pkgPick), reason, source, shares}
}

// shareFiles are the share files listed, one a line.
func (f *rekeyForm) shareFiles() []string {
	var out []string
	for _, l := range strings.Split(f.shares.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (f *rekeyForm) validate() error {
	if f.pkg() == "" {
		return errors.New("package: choose the package to re-key")
	}
	if err := checkReason(strings.TrimSpace(f.reason.Text), "why the key in force is replaced"); err != nil {
		return err
	}
	p := f.st.Vault.Package(f.pkg())
	if f.source.Selected != fromShares {
		if !p.HasSecret("recovery") {
			return fmt.Errorf("recovery key: its secret is not in the vault %s (kept offline?): choose %q and add as many share files as the split's threshold",
				f.st.Vault.Dir, fromShares)
		}
		return nil
	}
	if len(f.shareFiles()) == 0 {
		return errors.New("share files: add the share sheets with Choose…, as many as the split's threshold (each sheet says how many rebuild the key)")
	}
	return nil
}

// slowCheck reads the share files off the UI goroutine (a photo of a sheet
// takes a while to decode): see checkShareFiles.
func (f *rekeyForm) slowCheck() func() error {
	if f.source.Selected != fromShares {
		return func() error { return nil }
	}
	p, files := f.st.Vault.Package(f.pkg()), f.shareFiles()
	return func() error { return checkShareFiles(p, files) }
}

// checkShareFiles reads the share files and checks, without rebuilding the
// key, that they are shares of the package's recovery key, of one split,
// and enough of them. Each problem names the file at fault.
func checkShareFiles(p *ceremony.Package, files []string) error {
	if len(files) == 0 {
		return errors.New("share files: add the share sheets with Choose…, as many as the split's threshold (each sheet says how many rebuild the key)")
	}
	var rec *signify.PublicKey
	if entries, err := p.Chain(); err == nil {
		if h := ceremony.HeldBy(entries); h != nil {
			rec = h.Recovery
		}
	}
	var first *backup.Share
	seen := map[int]string{}
	for _, path := range files {
		t, err := ceremony.ReadShare(path)
		if err != nil {
			return fmt.Errorf("share file: %w", err) // err names the file
		}
		sh, err := backup.ParseShare(t.Name, t.Text)
		clear(t.Text)
		if err != nil {
			return fmt.Errorf("share file %s is not a readable share: %w", path, err)
		}
		sh.Value = [32]byte{}
		switch {
		case sh.Package != p.Name:
			return fmt.Errorf("share file %s is a share of %s, not of %s: give shares of the package being re-keyed", path, sh.Package, p.Name)
		case rec != nil && sh.Signatory != chain.SignatoryOf(rec):
			return fmt.Errorf("share file %s is a share of another recovery key (signatory %s), not of the recovery key of %s (signatory %s)",
				path, sh.Signatory, p.Name, chain.SignatoryOf(rec))
		case first != nil && sh.Split != first.Split:
			return fmt.Errorf("share file %s is a share of another split (%s) than %s (split %s): shares of different splits never combine; "+
				"give shares of one split only, each sheet names its split", path, sh.Split, first.Name, first.Split)
		}
		if d, ok := seen[sh.Index]; ok && d == path {
			return fmt.Errorf("share file %s is listed twice: each share counts once; add another share of the split instead", path)
		} else if ok {
			return fmt.Errorf("share files %s and %s are both share %d of %d: bring another share of the split instead", d, path, sh.Index, sh.Total)
		}
		seen[sh.Index] = path
		if first == nil {
			first = sh
		}
	}
	if len(seen) < first.Threshold {
		return fmt.Errorf("share files: %d of the %d shares split %s needs (any %d of %d rebuild the key): add %d more",
			len(seen), first.Threshold, first.Split, first.Threshold, first.Total, first.Threshold-len(seen))
	}
	return nil
}

func (f *rekeyForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	rp := ceremony.RekeyParams{Package: f.pkg(), Reason: strings.TrimSpace(f.reason.Text)}
	if f.source.Selected == fromShares {
		// Rebuilt by the ceremony when it signs, wiped right after.
		rp.RecoveryShares = f.shareFiles()
	}
	if ask := f.ask; ask != nil {
		// Deleting the replaced key's secret is asked as what it is, with
		// the backup's state and the key kept by default.
		rp.Retire = func(q ceremony.RetireQuestion) (bool, error) {
			return ask(q.String(), func(p *ceremony.Package) choice { return retireChoice(q, p) })
		}
	}
	return v.Rekey(ctx, ui, opts, rp)
}

// useAsk takes the wizard's way to ask the re-key's typed question.
func (f *rekeyForm) useAsk(ask askFunc) { f.ask = ask }
