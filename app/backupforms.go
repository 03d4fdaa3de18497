package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// backupCeremonies are the backup ceremonies: key file copies, paper
// sheets, recovery shares and restoring (or restore-testing) a key.
func backupCeremonies() []ceremonyCard {
	const s = "Backups"
	return []ceremonyCard{
		{section: s, title: "Key file copies", button: "Copy key files…", icon: theme.DocumentSaveIcon(),
			text: "Copy the encrypted key files to removable media, then restore-test every copy: read it back, " +
				"decrypt it with the passphrase and match it with the key's public key. Only a tested copy counts as a backup.",
			help: "backup-files", form: func(st *appState) ceremonyForm { return newKeyBackupForm(st, false) }},
		{section: s, title: "Paper backup", button: "Paper backup…", icon: theme.DocumentPrintIcon(),
			text: "A PDF sheet per key: a QR code and typed-restore text of the encrypted key. Each sheet is read back " +
				"and restore-tested; print the sheets, then delete the PDFs.",
			help: "backup-paper", form: func(st *appState) ceremonyForm { return newKeyBackupForm(st, true) }},
		{section: s, title: "Recovery shares (M of N)", button: "Recovery shares…", icon: theme.AccountIcon(),
			text: "Split the recovery key among N holders so that any M of them rebuild it and fewer learn nothing. " +
				"A sheet per share; the split is restore-tested before it counts.",
			help: "backup-shares", form: func(st *appState) ceremonyForm { return newSharesForm(st) }},
		{section: s, title: "Restore a key", button: "Restore a key…", icon: theme.HistoryIcon(),
			text: "Restore a key into the vault from a key file copy, the typed text of a paper sheet or a photo of its QR code; " +
				"or only restore-test such a backup, writing no key.",
			help: "restore", form: func(st *appState) ceremonyForm { return newRestoreForm(st) }},
	}
}

// folderItem is a folder entry with a Choose… button.
func folderItem(st *appState, label, hint string, e *widget.Entry) *widget.FormItem {
	it := widget.NewFormItem(label, withChooser(e, theme.FolderOpenIcon(), func() { askFolderPath(st.Window, e.SetText) }))
	it.HintText = hint
	return it
}

// checkBackupFolder checks the folder backups go to.
func checkBackupFolder(dir string) error {
	switch {
	case dir == "":
		return errors.New("backup folder: choose a folder on removable media")
	case !dirExists(dir):
		return fmt.Errorf("backup folder: %s is not a directory (mount the medium, or create the folder first)", dir)
	}
	return nil
}

// secretLabels lists the package's keys whose secret is in the vault.
func secretLabels(p *ceremony.Package) []string {
	keys, err := p.Keys()
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range keys {
		if k.HasSecret {
			out = append(out, k.Label)
		}
	}
	return out
}

// dropEmptyJournal runs a backup or restore ceremony through
// Package.DropEmptyJournal: a run that stopped before any step with an
// effect leaves no journal to block a retry.
func dropEmptyJournal(p *ceremony.Package, run func() (*ceremony.Outcome, error)) (*ceremony.Outcome, error) {
	out, _, err := p.DropEmptyJournal(run)
	return out, err
}

// recordsAt returns the package's backup records whose location is one of
// files, in the order of files.
func recordsAt(p *ceremony.Package, files []string) []ceremony.BackupRecord {
	recs, err := p.Backups()
	if err != nil {
		return nil
	}
	var out []ceremony.BackupRecord
	for _, f := range files {
		if i := slices.IndexFunc(recs, func(r ceremony.BackupRecord) bool { return r.Location == f }); i >= 0 {
			out = append(out, recs[i])
		}
	}
	return out
}

// unprovenNote says which keys still have no restore-tested backup.
func unprovenNote(p *ceremony.Package) string {
	un, err := p.UnprovenBackups()
	switch {
	case err != nil:
		return ""
	case len(un) == 0:
		return "Every key whose secret is in the vault now has a restore-tested backup."
	}
	return "Still NOT restore-tested: " + strings.Join(un, ", ") + ": the vault holds their only copy, lost with its disk."
}

// keyBackupForm backs up keys as encrypted key file copies or, with
// paper, as printable sheets.
type keyBackupForm struct {
	st      *appState
	paper   bool
	pkgPick *widget.Select
	folder  *widget.Entry
	keys    *widget.CheckGroup
	summary string   // what was done, set by run
	dir     string   // where the copies or sheets went, set by run
	sheets  []string // the paper sheets written, set by run
}

func newKeyBackupForm(st *appState, paper bool) *keyBackupForm {
	f := &keyBackupForm{st: st, paper: paper, folder: widget.NewEntry(), keys: widget.NewCheckGroup(nil, nil)}
	f.folder.SetPlaceHolder("a folder on removable media, outside any git repository")
	f.keys.Horizontal = true
	f.pkgPick = packagePick(st, func(string) { f.listKeys() })
	f.listKeys()
	return f
}

// listKeys offers the package's keys whose secret is in the vault, all
// chosen.
func (f *keyBackupForm) listKeys() {
	var labels []string
	if f.st.Vault != nil && f.pkg() != "" {
		labels = secretLabels(f.st.Vault.Package(f.pkg()))
	}
	f.keys.Options = labels
	f.keys.SetSelected(labels)
}

func (f *keyBackupForm) title() string {
	if f.paper {
		return "Paper backup"
	}
	return "Key file copies"
}

func (f *keyBackupForm) name() string {
	if f.paper {
		return "backup-paper"
	}
	return "backup-files"
}

func (f *keyBackupForm) stepTitles() []string {
	bp := ceremony.BackupParams{Package: f.pkg()}
	if f.paper {
		return planTitles(ceremony.BackupPaperPlan(bp))
	}
	return planTitles(ceremony.BackupFilesPlan(bp))
}

func (f *keyBackupForm) newPassphrase() bool { return false }
func (f *keyBackupForm) pkg() string         { return f.pkgPick.Selected }
func (f *keyBackupForm) hints() []string     { return []string{f.pkg()} }

func (f *keyBackupForm) passphraseHelp() string {
	what := "every copy"
	if f.paper {
		what = "the key on every sheet"
	}
	return "The passphrase of this package's keys. The restore test decrypts " + what +
		" with it, proving the passphrase is known too; the key in force signs the transcript."
}

func (f *keyBackupForm) items() []*widget.FormItem {
	where := "the copies go under baton-backup/<package>/ there"
	if f.paper {
		where = "the sheets (PDF) go under baton-backup/<package>/ there; print them, then delete them"
	}
	keys := widget.NewFormItem("Keys", f.keys)
	keys.HintText = "the keys whose secret is in the vault; a key counts as backed up once its restore test passed"
	return []*widget.FormItem{
		widget.NewFormItem("Package", f.pkgPick),
		folderItem(f.st, "Backup folder", "removable media, outside any git repository: "+where, f.folder),
		keys,
	}
}

func (f *keyBackupForm) validate() error {
	if f.pkg() == "" {
		return errors.New("package: choose the package whose keys to back up")
	}
	if err := checkBackupFolder(strings.TrimSpace(f.folder.Text)); err != nil {
		return err
	}
	if len(f.keys.Options) == 0 {
		return fmt.Errorf("keys: %s has no secret key in the vault to back up", f.pkg())
	}
	if len(f.keys.Selected) == 0 {
		return errors.New("keys: choose at least one key to back up")
	}
	return nil
}

// labels are the chosen keys, in the order offered.
func (f *keyBackupForm) labels() []string {
	var out []string
	for _, l := range f.keys.Options {
		if slices.Contains(f.keys.Selected, l) {
			out = append(out, l)
		}
	}
	return out
}

func (f *keyBackupForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	folder := strings.TrimSpace(f.folder.Text)
	bp := ceremony.BackupParams{Package: f.pkg(), Folder: folder, Labels: f.labels()}
	backup := v.BackupFiles
	if f.paper {
		backup = v.BackupPaper
	}
	p := v.Package(f.pkg())
	out, err := dropEmptyJournal(p, func() (*ceremony.Outcome, error) { return backup(ctx, ui, opts, bp) })
	if err != nil {
		return nil, err
	}
	dir := folder
	if abs, err := filepath.Abs(folder); err == nil {
		dir = ceremony.BackupDir(abs, f.pkg())
	}
	f.dir, f.sheets = dir, out.Sheets
	var tested []string
	for _, r := range recordsAt(p, out.Files) {
		if r.RestoreTested {
			tested = append(tested, r.Label)
		}
	}
	var b strings.Builder
	if f.paper {
		fmt.Fprintf(&b, "Wrote %d paper sheets in\n  %s\nEach sheet was restore-tested (%s): its typed-restore text and its QR code were read back "+
			"from the PDF, decrypted with the passphrase and matched the key's public key.\n\n"+
			"Print the sheets (Print sheets below, or Open folder to print them yourself), then delete the PDF files: "+
			"with the passphrase, each one restores its key. "+
			"To prove a printout, photograph or scan its QR code and restore-test it with Ceremonies \u2192 Restore a key (only test).\n",
			len(out.Sheets), dir, strings.Join(tested, ", "))
	} else {
		fmt.Fprintf(&b, "Copied %d keys as encrypted key files to\n  %s\nEach copy was restore-tested (%s): read back, decrypted with the passphrase "+
			"and matched the key's public key.\n\nA copy is only as strong as the passphrase: keep the medium offline, "+
			"apart from this machine and from any written passphrase.\n", len(out.Copies)/2, dir, strings.Join(tested, ", "))
	}
	b.WriteString("\n" + unprovenNote(p))
	f.summary = b.String()
	return out, nil
}

func (f *keyBackupForm) note(*ceremony.Outcome) string { return f.summary }

// doneActions are Open folder and, for paper, Print sheets: the sheets are
// what is to be printed, not the transcript.
func (f *keyBackupForm) doneActions(w *wizard) []fyne.CanvasObject {
	acts := sheetActions(w, func() string { return f.dir }, func() []string { return f.sheets })
	if !f.paper {
		return acts[:1] // the copies: only their folder
	}
	return acts
}
