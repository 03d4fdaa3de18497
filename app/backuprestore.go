package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

// restoreForm restores a key into the vault from a backup, or only
// restore-tests the backup.
type restoreForm struct {
	st        *appState
	pkgPick   *widget.Select
	label     *widget.Select
	from      *widget.Entry
	check     *widget.Check
	checkNote *widget.Label
	summary   string // what was done, set by run
}

func newRestoreForm(st *appState) *restoreForm {
	f := &restoreForm{st: st, label: widget.NewSelect(nil, nil), from: widget.NewEntry(),
		check: widget.NewCheck("Only test the backup (write no key)", nil), checkNote: widget.NewLabel("")}
	f.label.PlaceHolder = "(choose the key)"
	f.from.SetPlaceHolder("a key file copy (.sec), the paper text typed into a file, or a photo or scan of the sheet's QR code")
	f.checkNote.Wrapping = fyne.TextWrapWord
	f.pkgPick = packagePick(st, func(string) { f.listKeys() })
	f.label.OnChanged = func(string) { f.keyChosen() }
	f.listKeys()
	return f
}

// listKeys offers the package's keys: recovery and K<n>.
func (f *restoreForm) listKeys() {
	labels := []string{"recovery"}
	if f.st.Vault != nil && f.pkg() != "" {
		if keys, err := f.st.Vault.Package(f.pkg()).Keys(); err == nil {
			for _, k := range keys {
				if !slices.Contains(labels, k.Label) {
					labels = append(labels, k.Label)
				}
			}
		}
	}
	f.label.SetOptions(labels)
	if !slices.Contains(labels, f.label.Selected) {
		f.label.ClearSelected()
	}
	f.keyChosen()
}

// hasSecret reports whether the vault holds the chosen key's secret.
func (f *restoreForm) hasSecret() bool {
	if f.st.Vault == nil || f.pkg() == "" || f.label.Selected == "" {
		return false
	}
	return slices.Contains(secretLabels(f.st.Vault.Package(f.pkg())), f.label.Selected)
}

// keyChosen ticks "only test" when the vault still holds the key, and says
// why.
func (f *restoreForm) keyChosen() {
	l := f.label.Selected
	switch {
	case l == "":
		f.checkNote.SetText("")
	case f.hasSecret():
		f.check.SetChecked(true)
		f.checkNote.SetText(fmt.Sprintf("The vault still holds the secret of %s: a restore never overwrites a key, so this only tests "+
			"the backup and records it as restore-tested.", l))
	default:
		f.check.SetChecked(false)
		f.checkNote.SetText(fmt.Sprintf("The vault has no secret of %s: restoring writes it back from the backup.", l))
	}
}

func (f *restoreForm) title() string { return "Restore a key" }

func (f *restoreForm) name() string {
	if f.check.Checked {
		return "restore-check"
	}
	return "restore"
}

func (f *restoreForm) stepTitles() []string {
	return planTitles(ceremony.RestorePlan(ceremony.RestoreParams{Package: f.pkg(), Check: f.check.Checked}))
}

func (f *restoreForm) newPassphrase() bool { return false }
func (f *restoreForm) pkg() string         { return f.pkgPick.Selected }
func (f *restoreForm) hints() []string     { return []string{f.pkg()} }

func (f *restoreForm) passphraseHelp() string {
	return "The passphrase the backup was encrypted with (the package's passphrase when the backup was made): " +
		"it decrypts the backup, which must then match the key's public key. The key in force signs the transcript."
}

func (f *restoreForm) items() []*widget.FormItem {
	key := widget.NewFormItem("Key", f.label)
	key.HintText = "which key the backup holds, as its sheet or file name says"
	from := widget.NewFormItem("Backup", withChooser(f.from, theme.FileIcon(), func() { askOpenPath(f.st.Window, f.from.SetText) }))
	from.HintText = "a .sec copy, the typed-restore text of a sheet in a file, or a photo or scan (PNG, JPEG) of its QR code"
	return []*widget.FormItem{
		widget.NewFormItem("Package", f.pkgPick),
		key,
		from,
		widget.NewFormItem("", container.NewVBox(f.check, f.checkNote)),
	}
}

func (f *restoreForm) validate() error {
	if f.pkg() == "" {
		return errors.New("package: choose the package the key belongs to")
	}
	l := f.label.Selected
	if l == "" {
		return errors.New("key: choose which key the backup holds (recovery or K<n>)")
	}
	from := strings.TrimSpace(f.from.Text)
	if from == "" {
		return errors.New("backup: choose the backup file (a .sec copy, the typed paper text, or a photo or scan of the sheet's QR code)")
	}
	if st, err := os.Stat(from); err != nil || st.IsDir() {
		return fmt.Errorf("backup: %s is not a file", from)
	}
	if !f.check.Checked && f.hasSecret() {
		return fmt.Errorf("the vault already holds the secret key %s of %s: a restore never overwrites a key. "+
			"Tick \u201cOnly test the backup\u201d to restore-test it; to replace a damaged key file, move %s out of the vault first",
			l, f.pkg(), f.st.Vault.Package(f.pkg()).KeyPath(l))
	}
	return nil
}

func (f *restoreForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	label, check := f.label.Selected, f.check.Checked
	from, err := filepath.Abs(strings.TrimSpace(f.from.Text))
	if err != nil {
		return nil, err
	}
	p := v.Package(f.pkg())
	rp := ceremony.RestoreParams{Package: f.pkg(), Label: label, From: from, Check: check}
	out, err := dropEmptyJournal(p, func() (*ceremony.Outcome, error) { return v.Restore(ctx, ui, opts, rp) })
	if err != nil {
		return nil, restoreErr(err, p, label, from)
	}
	what := "backup"
	for _, r := range recordsAt(p, []string{from}) {
		if r.Label == label {
			what = string(r.Kind) + " backup"
		}
	}
	var b strings.Builder
	if check {
		fmt.Fprintf(&b, "Restore test passed: the %s %s decrypts with the passphrase and is %s of %s.\n"+
			"It is recorded as a restore-tested backup; no key file was written.\n", what, from, label, f.pkg())
	} else {
		fmt.Fprintf(&b, "Restored %s of %s from the %s %s: it decrypts with the passphrase and matches.\nWrote %s\n",
			label, f.pkg(), what, from, p.KeyPath(label))
	}
	if pub, err := p.PublicKey(label); err == nil {
		fmt.Fprintf(&b, "\n%s: %s\nThese words must match the ones on the sheet or on the Keys screen.\n", label, pub.Fingerprint().WordString())
	}
	b.WriteString("\n" + unprovenNote(p))
	f.summary = b.String()
	return out, nil
}

func (f *restoreForm) note(*ceremony.Outcome) string { return f.summary }

// failureText words a wrong passphrase for a restore: it is the backup
// that does not open, and nothing was written or journalled.
//
// Only when the error names the backup: a key of the vault that does not
// open (signing the transcript, after the key was written) is the generic
// case.
func (f *restoreForm) failureText(err error) string {
	from, _ := filepath.Abs(strings.TrimSpace(f.from.Text))
	if errors.Is(err, signify.ErrWrongPassphrase) && strings.Contains(err.Error(), from) {
		return "Wrong passphrase: the backup does not open with it. Nothing was written. " +
			"Go back and enter the passphrase the backup was made with.\n(" + err.Error() + ")"
	}
	return ""
}

// restoreErr says what to do about a failed restore.
func restoreErr(err error, p *ceremony.Package, label, from string) error {
	switch {
	case errors.Is(err, signify.ErrWrongPassphrase):
		return fmt.Errorf("%w: either the passphrase is not the one the backup was made with, or the backup was altered or damaged; "+
			"with the right passphrase, restore from another backup and then make a new one", err)
	case errors.Is(err, ceremony.ErrOtherKey):
		if other := p.BackupOf(from); other != "" && other != label {
			return fmt.Errorf("%w. This backup holds %s (by its key number): choose %s as the key", err, other, other)
		}
		return fmt.Errorf("%w. This backup is not a key of %s: choose the right backup", err, p.Name)
	}
	return err
}
