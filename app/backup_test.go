package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/signify"
)

// backupVault opens a real copy of the demo vault in a new test state.
func backupVault(t *testing.T) (*appState, *ceremony.Vault, *ceremony.Package) {
	t.Helper()
	st, _ := newTestState(t)
	v, p := useRealVault(t, st)
	return st, v, p
}

// wantDone checks the ceremony finished, its transcript and note are
// shown, and the steps the form expects are the ones it announced.
func wantDone(t *testing.T, c *ceremoniesScreen, wz *wizard, ceremonyName string) {
	t.Helper()
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("ceremony failed: page %d, error %v, shown %q", wz.page, wz.err, wz.runErr.Text)
	}
	if !strings.Contains(wz.transView.Text, "ceremony:  "+ceremonyName) || !showsIn(c.root, "ceremony:  "+ceremonyName) {
		t.Errorf("the transcript of %s is not shown:\n%s", ceremonyName, wz.transView.Text)
	}
	if want := wz.form.stepTitles(); !slices.Equal(wz.steps.titles, want) {
		t.Errorf("the ceremony announced steps %q, the form expects %q", wz.steps.titles, want)
	}
	log := strings.Join(wz.logLines, "\n")
	announced := wz.form.stepTitles()
	if strings.Contains(log, "resuming the") { // steps done before are not announced again
		announced = announced[len(announced)-1:]
	}
	for _, s := range announced {
		if !strings.Contains(log, s) {
			t.Errorf("the log lacks the announcement of %q", s)
		}
	}
}

// wantWrongPassphrase checks the ceremony stopped on a wrong passphrase
// and says so.
func wantWrongPassphrase(t *testing.T, c *ceremoniesScreen, wz *wizard) {
	t.Helper()
	if !errors.Is(wz.err, signify.ErrWrongPassphrase) {
		t.Fatalf("error = %v, want ErrWrongPassphrase", wz.err)
	}
	if wz.page != pageRun || !showsIn(c.root, "Wrong passphrase") || !showsIn(c.root, "Back to the passphrase") {
		t.Errorf("the wrong passphrase is not shown: page %d, visible %q", wz.page, visibleTexts(c.root))
	}
}

// proven returns the restore-tested backups of kind at the locations
// whose path starts with prefix, by label.
func proven(t *testing.T, p *ceremony.Package, kind ceremony.BackupKind, prefix string) []string {
	t.Helper()
	recs, err := p.Backups()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.Kind == kind && r.RestoreTested && strings.HasPrefix(r.Location, prefix) {
			out = append(out, r.Label)
		}
	}
	return out
}

func TestKeyFileCopiesWizard(t *testing.T) {
	st, _, p := backupVault(t)
	if un, _ := p.UnprovenBackups(); len(un) == 0 {
		t.Fatal("the demo package starts with every key backed up")
	}
	folder := t.TempDir()
	c, wz := runWizard(t, st, "Copy key files…", ceremony.DemoPassphrase, func(wz *wizard) {
		f := wz.form.(*keyBackupForm)
		if f.pkg() != ceremony.DemoPackage {
			t.Errorf("package preselected %q", f.pkg())
		}
		want := []string{"recovery", "K3", "K4", "K5"} // K1 and K2 are retired
		if !slices.Equal(f.keys.Options, want) || !slices.Equal(f.labels(), want) {
			t.Errorf("keys offered %q, chosen %q; want all of %q", f.keys.Options, f.labels(), want)
		}
		f.folder.SetText(folder)
	})
	wantDone(t, c, wz, "backup-files")

	dir := ceremony.BackupDir(folder, ceremony.DemoPackage)
	for _, l := range []string{"recovery", "K3", "K4", "K5"} {
		fi, err := os.Stat(filepath.Join(dir, l+".sec"))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("copy of %s: %v, mode %v", l, err, fi)
		}
		if _, err := os.Stat(filepath.Join(dir, l+".pub")); err != nil {
			t.Error(err)
		}
	}
	if got := proven(t, p, ceremony.BackupFile, dir); !slices.Equal(got, []string{"recovery", "K3", "K4", "K5"}) {
		t.Errorf("proven file backups %q", got)
	}
	for _, want := range []string{dir, "Each copy was restore-tested (recovery, K3, K4, K5)", "now has a restore-tested backup"} {
		if !showsIn(c.root, want) {
			t.Errorf("the result page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
	if un, _ := p.UnprovenBackups(); len(un) != 0 {
		t.Errorf("still unproven: %q", un)
	}
}

func TestKeyFileCopiesWizardChecksAndWrongPassphrase(t *testing.T) {
	st, _, p := backupVault(t)
	c, wz := openWizard(t, st, "Copy key files…")
	f := wz.form.(*keyBackupForm)
	wz.operator.SetText("Tester")
	for _, tc := range []struct {
		folder string
		keys   []string
		want   string
	}{
		{"", []string{"K4"}, "backup folder: choose a folder"},
		{filepath.Join(t.TempDir(), "absent"), []string{"K4"}, "is not a directory"},
		{t.TempDir(), nil, "choose at least one key"},
	} {
		f.folder.SetText(tc.folder)
		f.keys.SetSelected(tc.keys)
		test.Tap(findButton(t, c.root, "Next"))
		if wz.page != pageDetails || !showsIn(c.root, tc.want) {
			t.Errorf("folder %q, keys %q: page %d, error %q; want %q", tc.folder, tc.keys, wz.page, wz.formErr.Text, tc.want)
		}
	}

	folder := t.TempDir()
	f.folder.SetText(folder)
	f.keys.SetSelected([]string{"K4"})
	test.Tap(findButton(t, c.root, "Next"))
	test.Type(wz.pass, "not the demo passphrase")
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	wantWrongPassphrase(t, c, wz)
	if got := proven(t, p, ceremony.BackupFile, ""); len(got) != 0 {
		t.Errorf("backups recorded after a wrong passphrase: %q", got)
	}

	// The right passphrase resumes it.
	test.Tap(findButton(t, c.root, "Back to the passphrase"))
	test.Type(wz.pass, ceremony.DemoPassphrase)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	wantDone(t, c, wz, "backup-files")
	if got := proven(t, p, ceremony.BackupFile, ""); !slices.Equal(got, []string{"K4"}) {
		t.Errorf("proven after the resume: %q", got)
	}
}

func TestPaperBackupWizard(t *testing.T) {
	st, _, p := backupVault(t)
	folder := t.TempDir()
	c, wz := runWizard(t, st, "Paper backup…", ceremony.DemoPassphrase, func(wz *wizard) {
		f := wz.form.(*keyBackupForm)
		f.folder.SetText(folder)
		f.keys.SetSelected([]string{"K5", "K4"})
	})
	wantDone(t, c, wz, "backup-paper")
	dir := ceremony.BackupDir(folder, ceremony.DemoPackage)
	for _, l := range []string{"K4", "K5"} {
		if fi, err := os.Stat(filepath.Join(dir, l+"-paper.pdf")); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("sheet of %s: %v", l, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "recovery-paper.pdf")); err == nil {
		t.Error("a sheet of a key not chosen was written")
	}
	if got := proven(t, p, ceremony.BackupPaper, dir); !slices.Equal(got, []string{"K4", "K5"}) {
		t.Errorf("proven paper backups %q", got)
	}
	for _, want := range []string{"Wrote 2 paper sheets", dir, "Each sheet was restore-tested (K4, K5)",
		"Print the sheets (Print sheets below", "Ceremonies \u2192 Restore a key", "Still NOT restore-tested: recovery, K3"} {
		if !showsIn(c.root, want) {
			t.Errorf("the result page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}

	// Print sheets prints the sheets, not the transcript; Print transcript…
	// is the transcript's; Open folder opens the sheets' folder.
	var printed []string
	st.Print = func(path, title string) error {
		data, err := os.ReadFile(path)
		if err == nil && !bytes.HasPrefix(data, []byte("%PDF-")) {
			err = fmt.Errorf("%s is no PDF", path)
		}
		printed = append(printed, path)
		return err
	}
	test.Tap(findButton(t, c.root, "Print sheets"))
	idle(st)
	if want := []string{filepath.Join(dir, "K4-paper.pdf"), filepath.Join(dir, "K5-paper.pdf")}; !slices.Equal(sortedCopy(printed), want) {
		t.Errorf("Print sheets printed %q, want %q", printed, want)
	}
	if !strings.Contains(wz.saved.Text, "Sent 2 sheets to the printer") {
		t.Errorf("printing the sheets is not confirmed: %q", wz.saved.Text)
	}
	findButton(t, c.root, "Print transcript…") // the transcript's own, named so
	var opened []string
	openFolder = func(_ *appState, d string) error { opened = append(opened, d); return nil }
	t.Cleanup(func() { openFolder = func(*appState, string) error { return nil } })
	test.Tap(findButton(t, c.root, "Open folder"))
	if !slices.Equal(opened, []string{dir}) {
		t.Errorf("Open folder opened %q, want %q", opened, dir)
	}
}

// sortedCopy returns s sorted, leaving s as it is.
func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func TestPaperBackupWizardWrongPassphrase(t *testing.T) {
	st, _, p := backupVault(t)
	folder := t.TempDir()
	c, wz := runWizard(t, st, "Paper backup…", "wrong", func(wz *wizard) {
		f := wz.form.(*keyBackupForm)
		f.folder.SetText(folder)
		f.keys.SetSelected([]string{"K4"})
	})
	wantWrongPassphrase(t, c, wz)
	if got := proven(t, p, ceremony.BackupPaper, ""); len(got) != 0 {
		t.Errorf("paper backups recorded after a wrong passphrase: %q", got)
	}
}

func TestSharesWizard(t *testing.T) {
	st, _, p := backupVault(t)
	folder := t.TempDir()
	c, wz := runWizard(t, st, "Recovery shares…", ceremony.DemoPassphrase, fillShares(folder))
	wantDone(t, c, wz, "backup-shares")
	if !slices.Contains(wz.steps.titles, "split the recovery key 3 of 5 and write a sheet per share") {
		t.Errorf("steps %q", wz.steps.titles)
	}
	sheets, _ := filepath.Glob(filepath.Join(ceremony.BackupDir(folder, ceremony.DemoPackage), "recovery-shares-*", "share-*-of-5.pdf"))
	if len(sheets) != 5 {
		t.Fatalf("share sheets written: %q", sheets)
	}
	recs, _ := p.Backups()
	i := slices.IndexFunc(recs, func(r ceremony.BackupRecord) bool { return r.Kind == ceremony.BackupShares })
	if i < 0 || !recs[i].RestoreTested || recs[i].Location != filepath.Dir(sheets[0]) || !strings.Contains(recs[i].Detail, "3 of 5") {
		t.Fatalf("split not recorded as proven: %+v", recs)
	}
	for _, want := range []string{"Split the recovery key of " + ceremony.DemoPackage + " 3 of 5", "Restore-tested: 3 of 5",
		"share 2 of 5  Bob Holder  share-2-of-5.pdf", "give it to its holder in person, then delete the folder", filepath.Dir(sheets[0])} {
		if !showsIn(c.root, want) {
			t.Errorf("the result page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
}

func TestSharesWizardChecksDetails(t *testing.T) {
	st, _, _ := backupVault(t)
	c, wz := openWizard(t, st, "Recovery shares…")
	f := wz.form.(*sharesForm)
	wz.operator.SetText("Tester")
	f.folder.SetText(t.TempDir())
	for _, tc := range []struct {
		m, n    string
		holders []string
		want    string
	}{
		{"4", "3", nil, "shares needed (M) is 4, more than the 3 shares made (N)"},
		{"1", "3", nil, "at least 2 shares must be needed"},
		{"2", "300", nil, "at most 255 shares"},
		{"x", "3", nil, "shares needed (M): give a number"},
		{"3", "5", holders[:2], "holders: 2 names for 5 shares"},
	} {
		f.m.SetText(tc.m)
		f.n.SetText(tc.n)
		f.holders.SetText(strings.Join(tc.holders, "\n"))
		test.Tap(findButton(t, c.root, "Next"))
		if wz.page != pageDetails || !wz.formErr.Visible() || !showsIn(c.root, tc.want) {
			t.Errorf("%s of %s with %d holders: page %d, error %q; want %q", tc.m, tc.n, len(tc.holders), wz.page, wz.formErr.Text, tc.want)
		}
	}
	f.m.SetText("2")
	f.n.SetText("3")
	f.holders.SetText("")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pagePassphrase {
		t.Errorf("2 of 3 refused: %q", wz.formErr.Text)
	}
}

func TestSharesWizardWrongPassphrase(t *testing.T) {
	st, _, p := backupVault(t)
	folder := t.TempDir()
	c, wz := runWizard(t, st, "Recovery shares…", "wrong", func(wz *wizard) {
		f := wz.form.(*sharesForm)
		f.folder.SetText(folder)
		f.m.SetText("2")
		f.n.SetText("3")
	})
	wantWrongPassphrase(t, c, wz)
	if got := proven(t, p, ceremony.BackupShares, ""); len(got) != 0 {
		t.Errorf("a split recorded after a wrong passphrase: %q", got)
	}
	if name, _, _, _ := p.Pending(); name != "" {
		t.Errorf("the %s ceremony stays unfinished though it wrote nothing", name)
	}
}

func TestRestoreWizardTestsAKeyCopy(t *testing.T) {
	st, _, p := backupVault(t)
	from := keyCopy(t, p, "K4")
	c, wz := openWizard(t, st, "Restore a key…")
	f := wz.form.(*restoreForm)
	if !slices.Equal(f.label.Options, []string{"recovery", "K1", "K2", "K3", "K4", "K5"}) {
		t.Errorf("keys offered %q", f.label.Options)
	}
	f.label.SetSelected("K4")
	if !f.check.Checked || !showsIn(c.root, "The vault still holds the secret of K4") {
		t.Errorf("only test is %v for a key the vault holds; visible %q", f.check.Checked, visibleTexts(c.root))
	}
	// Unticked, a restore over the vault's key is refused on the details.
	f.check.SetChecked(false)
	f.from.SetText(from)
	wz.operator.SetText("Tester")
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pageDetails || !showsIn(c.root, "the vault already holds the secret key K4") {
		t.Errorf("a restore over a key in the vault: page %d, error %q", wz.page, wz.formErr.Text)
	}
	f.check.SetChecked(true)
	test.Tap(findButton(t, c.root, "Next"))
	test.Type(wz.pass, ceremony.DemoPassphrase)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	wantDone(t, c, wz, "restore-check")
	if len(wz.steps.titles) != 2 {
		t.Errorf("a restore test announced %q", wz.steps.titles)
	}
	if got := proven(t, p, ceremony.BackupFile, from); !slices.Equal(got, []string{"K4"}) {
		t.Errorf("the copy is not recorded as proven: %q", got)
	}
	pub, _ := p.PublicKey("K4")
	for _, want := range []string{"Restore test passed: the file backup " + from, "no key file was written", pub.Fingerprint().WordString()} {
		if !showsIn(c.root, want) {
			t.Errorf("the result page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
}

func TestRestoreWizardTestsTypedPaperText(t *testing.T) {
	st, _, p := backupVault(t)
	data, _ := os.ReadFile(filepath.Join(p.Dir, "keys", "recovery.sec"))
	enc, err := signify.ParseSecretKey("recovery.sec", data)
	if err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(t.TempDir(), "typed.txt")
	os.WriteFile(from, []byte(backup.EncodePaperKey(enc)), 0o600)
	c, wz := runWizard(t, st, "Restore a key…", ceremony.DemoPassphrase, fillRestore("recovery", from, nil))
	wantDone(t, c, wz, "restore-check")
	if got := proven(t, p, ceremony.BackupPaper, from); !slices.Equal(got, []string{"recovery"}) {
		t.Errorf("the typed sheet is not recorded as proven: %q", got)
	}
	if !showsIn(c.root, "the paper backup "+from) {
		t.Errorf("visible %q", visibleTexts(c.root))
	}
}

func TestRestoreWizardRestoresALostKey(t *testing.T) {
	st, _, p := backupVault(t)
	from := keyCopy(t, p, "K5")
	sec := filepath.Join(p.Dir, "keys", "K5.sec")
	want, _ := os.ReadFile(sec)
	if err := os.Remove(sec); err != nil {
		t.Fatal(err)
	}
	c, wz := fillWizard(t, st, "Restore a key…", fillRestore("K5", from, nil))
	f := wz.form.(*restoreForm)
	if f.check.Checked || !strings.Contains(f.checkNote.Text, "The vault has no secret of K5") {
		t.Errorf("only test %v, note %q for a lost key", f.check.Checked, f.checkNote.Text)
	}
	test.Type(wz.pass, ceremony.DemoPassphrase)
	test.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	wantDone(t, c, wz, "restore")
	if len(wz.steps.titles) != 3 {
		t.Errorf("a restore announced %q", wz.steps.titles)
	}
	got, err := os.ReadFile(sec)
	if err != nil || string(got) != string(want) {
		t.Fatalf("K5.sec after the restore: %v", err)
	}
	if fi, _ := os.Stat(sec); fi.Mode().Perm() != 0o600 {
		t.Errorf("restored key file mode %v", fi.Mode())
	}
	for _, want := range []string{"Restored K5 of " + ceremony.DemoPackage + " from the file backup " + from, "Wrote " + sec} {
		if !showsIn(c.root, want) {
			t.Errorf("the result page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
}

func TestRestoreWizardRefusesAnotherKey(t *testing.T) {
	st, _, p := backupVault(t)
	from := keyCopy(t, p, "K5")
	c, wz := runWizard(t, st, "Restore a key…", ceremony.DemoPassphrase, fillRestore("K4", from, nil))
	if wz.err == nil || wz.page != pageRun {
		t.Fatalf("a copy of K5 passed as K4: page %d", wz.page)
	}
	for _, want := range []string{"it holds another key", "not K4", "This backup holds K5 (by its key number): choose K5 as the key"} {
		if !showsIn(c.root, want) {
			t.Errorf("the page does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
	if got := proven(t, p, ceremony.BackupFile, ""); len(got) != 0 {
		t.Errorf("a mismatching backup was recorded: %q", got)
	}
	if name, _, _, _ := p.Pending(); name != "" {
		t.Errorf("the %s ceremony stays unfinished and blocks a retry", name)
	}
	// A retry with the right key goes through.
	test.Tap(findButton(t, c.root, "Close"))
	idle(st)
	c, wz = runWizard(t, st, "Restore a key…", ceremony.DemoPassphrase, fillRestore("K5", from, nil))
	wantDone(t, c, wz, "restore-check")
}

func TestRestoreWizardWrongPassphrase(t *testing.T) {
	st, _, p := backupVault(t)
	from := keyCopy(t, p, "K3")
	c, wz := runWizard(t, st, "Restore a key…", "wrong", fillRestore("K3", from, nil))
	wantWrongPassphrase(t, c, wz)
	if !showsIn(c.root, "not the one the backup was made with") || !showsIn(c.root, "the backup does not open with it. Nothing was written") {
		t.Errorf("visible %q", visibleTexts(c.root))
	}
	if showsIn(c.root, "the key in the vault") || showsIn(c.root, "resumes where it stopped") {
		t.Errorf("a restore's wrong passphrase is explained as a vault key's: %q", wz.runErr.Text)
	}
	if got := proven(t, p, ceremony.BackupFile, ""); len(got) != 0 {
		t.Errorf("recorded after a wrong passphrase: %q", got)
	}
}

// The steps the wizard lists follow the details: a 2-of-3 split says so
// once the details are accepted.
func TestSharesWizardStepsFollowTheDetails(t *testing.T) {
	st, _, _ := backupVault(t)
	c, _ := fillWizard(t, st, "Recovery shares…", func(wz *wizard) {
		f := wz.form.(*sharesForm)
		f.folder.SetText(t.TempDir())
		f.m.SetText("2")
		f.n.SetText("3")
	})
	if !showsIn(c.root, "split the recovery key 2 of 3") {
		t.Errorf("the passphrase page lists other steps: %q", visibleTexts(c.root))
	}
}
