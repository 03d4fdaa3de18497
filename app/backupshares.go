package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
)

// sharesForm splits the recovery key M of N, a sheet per share.
type sharesForm struct {
	st      *appState
	pkgPick *widget.Select
	folder  *widget.Entry
	m, n    *widget.Entry
	holders *widget.Entry
	summary string // what was done, set by run
}

func newSharesForm(st *appState) *sharesForm {
	f := &sharesForm{st: st, folder: widget.NewEntry(), m: widget.NewEntry(), n: widget.NewEntry(), holders: widget.NewMultiLineEntry()}
	f.pkgPick = packagePick(st, nil)
	f.folder.SetPlaceHolder("where the sheets are written before printing, outside any git repository")
	f.m.SetText("3")
	f.n.SetText("5")
	f.holders.SetPlaceHolder("one name a line, in share order (optional: none, or one for every share)")
	f.holders.SetMinRowsVisible(3)
	return f
}

func (f *sharesForm) title() string       { return "Recovery shares (M of N)" }
func (f *sharesForm) name() string        { return "backup-shares" }
func (f *sharesForm) newPassphrase() bool { return false }
func (f *sharesForm) pkg() string         { return f.pkgPick.Selected }
func (f *sharesForm) hints() []string     { return []string{f.pkg()} }

func (f *sharesForm) passphraseHelp() string {
	return "The passphrase of this package's keys: it decrypts the recovery key to split it; the key in force signs the transcript. " +
		"The shares themselves need no passphrase: any M of them rebuild the key, so hand them only to people you trust."
}

// counts returns M and N as entered; 0 for what is not a number.
func (f *sharesForm) counts() (m, n int) {
	m, _ = strconv.Atoi(strings.TrimSpace(f.m.Text))
	n, _ = strconv.Atoi(strings.TrimSpace(f.n.Text))
	return m, n
}

func (f *sharesForm) stepTitles() []string {
	m, n := f.counts()
	return planTitles(ceremony.SharesPlan(ceremony.SharesParams{Package: f.pkg(), Threshold: m, Total: n}))
}

// holderList is the holders named, one a line, blank lines skipped.
func (f *sharesForm) holderList() []string {
	var out []string
	for _, l := range strings.Split(f.holders.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (f *sharesForm) items() []*widget.FormItem {
	m := widget.NewFormItem("Shares needed (M)", f.m)
	m.HintText = "how many holders together rebuild the recovery key: at least 2"
	n := widget.NewFormItem("Shares made (N)", f.n)
	n.HintText = fmt.Sprintf("one per holder, at most %d; N minus M shares may be lost", backup.MaxShares)
	h := widget.NewFormItem("Holders", f.holders)
	h.HintText = "printed on each sheet: none, or exactly N names"
	return []*widget.FormItem{
		widget.NewFormItem("Package", f.pkgPick),
		folderItem(f.st, "Folder", "the sheets (PDF) go under baton-backup/<package>/recovery-shares-<split>/ there; print them, then delete them", f.folder),
		m, n, h,
	}
}

func (f *sharesForm) validate() error {
	if f.pkg() == "" {
		return errors.New("package: choose the package whose recovery key to split")
	}
	if err := checkBackupFolder(strings.TrimSpace(f.folder.Text)); err != nil {
		return err
	}
	m, n := f.counts()
	switch {
	case m == 0:
		return errors.New("shares needed (M): give a number, at least 2: how many shares rebuild the recovery key")
	case n == 0:
		return errors.New("shares made (N): give a number: how many shares to make, one per holder")
	case m < 2:
		return fmt.Errorf("shares needed (M) is %d: at least 2 shares must be needed, or one holder alone holds the key", m)
	case n > backup.MaxShares:
		return fmt.Errorf("shares made (N) is %d: at most %d shares", n, backup.MaxShares)
	case m > n:
		return fmt.Errorf("shares needed (M) is %d, more than the %d shares made (N): the key could never be rebuilt", m, n)
	}
	holders := f.holderList()
	if len(holders) != 0 && len(holders) != n {
		return fmt.Errorf("holders: %d names for %d shares: name every holder, one a line in share order, or none", len(holders), n)
	}
	for _, h := range holders {
		if err := chain.CheckName(h); err != nil {
			return fmt.Errorf("holder %q: %w", h, err)
		}
	}
	if f.st.Vault != nil && !slices.Contains(secretLabels(f.st.Vault.Package(f.pkg())), "recovery") {
		return fmt.Errorf("the recovery key's secret of %s is not in the vault (kept offline?): a split needs it; restore it first with \u201cRestore a key\u201d", f.pkg())
	}
	return nil
}

func (f *sharesForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	m, n := f.counts()
	holders := f.holderList()
	sp := ceremony.SharesParams{Package: f.pkg(), Folder: strings.TrimSpace(f.folder.Text), Threshold: m, Total: n, Holders: holders}
	p := v.Package(f.pkg())
	out, err := dropEmptyJournal(p, func() (*ceremony.Outcome, error) { return v.BackupShares(ctx, ui, opts, sp) })
	if err != nil {
		return nil, err
	}
	if len(out.Sheets) == 0 {
		return nil, errors.New("the split wrote no sheets")
	}
	dir := out.Folder
	split := strings.TrimPrefix(filepath.Base(dir), "recovery-shares-")
	var b strings.Builder
	fmt.Fprintf(&b, "Split the recovery key of %s %d of %d (split %s): any %d shares rebuild it; fewer reveal nothing about it.\n",
		f.pkg(), m, n, split, m)
	if recs := recordsAt(p, []string{dir}); len(recs) > 0 && recs[0].RestoreTested {
		fmt.Fprintf(&b, "Restore-tested: %s.\n", recs[0].Detail)
	}
	b.WriteString("\n")
	for _, file := range out.Sheets {
		var i, total int
		fmt.Sscanf(filepath.Base(file), "share-%d-of-%d.pdf", &i, &total)
		holder := "(no holder named)"
		if i >= 1 && i <= len(holders) {
			holder = holders[i-1]
		}
		fmt.Fprintf(&b, "  share %d of %d  %s  %s\n", i, n, holder, filepath.Base(file))
	}
	fmt.Fprintf(&b, "\nPrint each sheet and give it to its holder in person, then delete the folder\n  %s\n"+
		"Every file there is a share: %d of them rebuild the recovery key.", dir, m)
	f.summary = b.String()
	return out, nil
}

func (f *sharesForm) note(*ceremony.Outcome) string { return f.summary }
