package ceremony

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

const backupPkg = "example.org/hello"

// backupVault makes a vault with a genesis ceremony done: recovery, K1
// (in force) and K2 (spare).
func backupVault(t *testing.T) (*Vault, *Package, Options) {
	t.Helper()
	v := testVault(t)
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(context.Background(), scriptUI(t, true), opts, GenesisParams{Package: backupPkg, Name: "Alice Maintainer"}); err != nil {
		t.Fatal(err)
	}
	return v, v.Package(backupPkg), opts
}

// backupPassUI answers passphrase questions with pass and counts them.
func backupPassUI(t *testing.T, pass string, asked *int) *UI {
	ui := scriptUI(t, true)
	ui.Passphrase = func(string, bool) ([]byte, error) {
		if asked != nil {
			*asked++
		}
		return []byte(pass), nil
	}
	return ui
}

func TestBackupFilesProvenByRestore(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	if un, err := p.UnprovenBackups(); err != nil || strings.Join(un, " ") != "recovery K1 K2" {
		t.Fatalf("before any backup: %v %v", un, err)
	}
	folder := t.TempDir()
	asked := 0
	out, err := v.BackupFiles(ctx, backupPassUI(t, testPass, &asked), opts, BackupParams{Package: backupPkg, Folder: folder})
	if err != nil {
		t.Fatal(err)
	}
	if asked == 0 {
		t.Fatal("the restore test never asked for the passphrase")
	}
	dir := BackupDir(folder, backupPkg)
	for _, l := range []string{"recovery", "K1", "K2"} {
		sec := filepath.Join(dir, l+".sec")
		st, err := os.Stat(sec)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", sec, st, err)
		}
		a, _ := os.ReadFile(sec)
		b, _ := os.ReadFile(p.path("keys", l+".sec"))
		if !bytes.Equal(a, b) {
			t.Fatalf("%s is not a copy of the vault's key", sec)
		}
	}
	recs, err := p.Backups()
	if err != nil || len(recs) != 3 {
		t.Fatalf("backups.json: %v %v", recs, err)
	}
	for _, r := range recs {
		pub, _ := p.PublicKey(r.Label)
		if r.Kind != BackupFile || !r.RestoreTested || r.Fingerprint != pub.Fingerprint().Hex() || r.Location != filepath.Join(dir, r.Label+".sec") {
			t.Fatalf("record %+v", r)
		}
	}
	if un, _ := p.UnprovenBackups(); len(un) != 0 {
		t.Fatalf("still unproven: %v", un)
	}
	tr, text, err := p.OpenTranscript(out.Transcript)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Ceremony != "backup-files" || !strings.Contains(text, "restore-test every copy") || !strings.Contains(text, "K2.sec") {
		t.Fatalf("transcript:\n%s", text)
	}
	// Running it again into the same folder is harmless (same bytes).
	if _, err := v.BackupFiles(ctx, backupPassUI(t, testPass, nil), opts, BackupParams{Package: backupPkg, Folder: folder, Labels: []string{"K1"}}); err != nil {
		t.Fatal(err)
	}
	if recs, _ := p.Backups(); len(recs) != 3 {
		t.Fatalf("a repeated backup duplicated its record: %d records", len(recs))
	}
}

func TestBackupRefusesGitWorkTreeAndOverwrite(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	repo := t.TempDir()
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	os.Mkdir(filepath.Join(repo, "usb"), 0o755)
	_, err := v.BackupFiles(ctx, backupPassUI(t, testPass, nil), opts, BackupParams{Package: backupPkg, Folder: filepath.Join(repo, "usb")})
	if !errors.Is(err, ErrInGitWorkTree) {
		t.Fatalf("want ErrInGitWorkTree, got %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(repo, "usb", "*")); len(m) != 0 {
		t.Fatalf("wrote into a work tree: %v", m)
	}
	// An existing, different file is never replaced.
	folder := t.TempDir()
	dir := BackupDir(folder, backupPkg)
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "K1.sec"), []byte("something else"), 0o600)
	_, err = v.BackupFiles(ctx, backupPassUI(t, testPass, nil), opts, BackupParams{Package: backupPkg, Folder: folder, Labels: []string{"K1"}})
	if err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Fatalf("want a refusal to overwrite, got %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "K1.sec")); string(got) != "something else" {
		t.Fatal("the existing file was replaced")
	}
	if recs, _ := p.Backups(); len(recs) != 0 {
		t.Fatalf("a failed backup was recorded: %v", recs)
	}
	p.Abort()
}

func TestBackupWrongPassphraseNotRecordedThenResumes(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	folder := t.TempDir()
	bp := BackupParams{Package: backupPkg, Folder: folder, Labels: []string{"K2"}}
	_, err := v.BackupFiles(ctx, backupPassUI(t, "not the passphrase", nil), opts, bp)
	if !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("want ErrWrongPassphrase, got %v", err)
	}
	if recs, _ := p.Backups(); len(recs) != 0 {
		t.Fatalf("an unproven copy was recorded: %v", recs)
	}
	if c, _, steps, _ := p.Pending(); c != "backup-files" || !slices.Contains(steps, "copy") {
		t.Fatalf("pending %q %v", c, steps)
	}
	// Run again with the right passphrase: it resumes after the copy.
	if _, err := v.BackupFiles(ctx, backupPassUI(t, testPass, nil), opts, bp); err != nil {
		t.Fatal(err)
	}
	if un, _ := p.UnprovenBackups(); strings.Join(un, " ") != "recovery K1" {
		t.Fatalf("unproven: %v", un)
	}
}

func TestBackupAlteredCopyFailsRestoreTest(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	folder := t.TempDir()
	bp := BackupParams{Package: backupPkg, Folder: folder, Labels: []string{"K1"}}
	// Crash right after the copy, alter the copy, then resume.
	crash := errors.New("crash")
	o := opts
	o.Hook = func(point string) {
		if point == "copy:saved" {
			panic(crash)
		}
	}
	func() {
		defer func() {
			if r := recover(); r != crash {
				panic(r)
			}
		}()
		v.BackupFiles(context.Background(), backupPassUI(t, testPass, nil), o, bp)
	}()
	copyPath := filepath.Join(BackupDir(folder, backupPkg), "K1.sec")
	// Put K2 where K1's copy should be: a valid key file, but another key.
	os.Remove(copyPath)
	k2, _ := os.ReadFile(p.path("keys", "K2.sec"))
	os.WriteFile(copyPath, k2, 0o600)
	_, err := v.BackupFiles(context.Background(), backupPassUI(t, testPass, nil), opts, bp)
	if !errors.Is(err, ErrOtherKey) {
		t.Fatalf("want the restore test to fail, got %v", err)
	}
	if recs, _ := p.Backups(); len(recs) != 0 {
		t.Fatalf("recorded: %v", recs)
	}
}

func TestRestoreFromBackups(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	folder := t.TempDir()
	if _, err := v.BackupFiles(ctx, backupPassUI(t, testPass, nil), opts, BackupParams{Package: backupPkg, Folder: folder}); err != nil {
		t.Fatal(err)
	}
	dir := BackupDir(folder, backupPkg)
	orig, _ := os.ReadFile(p.path("keys", "K2.sec"))

	// K2's secret is lost; restore it from the copy.
	os.Remove(p.path("keys", "K2.sec"))
	if un, _ := p.UnprovenBackups(); len(un) != 0 {
		t.Fatalf("a key without a secret in the vault needs no backup: %v", un)
	}
	out, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: filepath.Join(dir, "K2.sec")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p.path("keys", "K2.sec")); !bytes.Equal(got, orig) {
		t.Fatal("restored file differs")
	}
	if tr, _, err := p.OpenTranscript(out.Transcript); err != nil || tr.Ceremony != "restore" {
		t.Fatalf("transcript: %v", err)
	}
	// The vault holds K2 again: a second restore is refused, a check is not.
	_, err = v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: filepath.Join(dir, "K2.sec")})
	if err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("got %v", err)
	}
	if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: filepath.Join(dir, "K2.sec"), Check: true}); err != nil {
		t.Fatal(err)
	}

	// The wrong backup for a key is refused.
	os.Remove(p.path("keys", "K1.sec"))
	_, err = v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K1", From: filepath.Join(dir, "K2.sec")})
	if err == nil || !strings.Contains(err.Error(), "holds another key") {
		t.Fatalf("got %v", err)
	}
	p.Abort()
	if _, err := os.Stat(p.path("keys", "K1.sec")); err == nil {
		t.Fatal("wrote the wrong key")
	}
	// A wrong passphrase is refused.
	_, err = v.Restore(ctx, backupPassUI(t, "wrong passphrase", nil), opts, RestoreParams{Package: backupPkg, Label: "K1", From: filepath.Join(dir, "K1.sec")})
	if !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("got %v", err)
	}
	p.Abort()

	// K1 (announced by the genesis entry) with its .pub lost too: the
	// chain vouches for it, and the .pub is written back.
	os.Remove(p.path("keys", "K1.pub"))
	if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K1", From: filepath.Join(dir, "K1.sec")}); err != nil {
		t.Fatal(err)
	}
	if pub, err := p.PublicKey("K1"); err != nil || pub.Comment != keyComment(backupPkg, "K1") {
		t.Fatalf("K1.pub not restored: %v", err)
	}
	// K2, a spare no entry announced yet, cannot be vouched for without
	// its .pub.
	os.Remove(p.path("keys", "K2.sec"))
	os.Remove(p.path("keys", "K2.pub"))
	_, err = v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: filepath.Join(dir, "K2.sec")})
	if err == nil || !strings.Contains(err.Error(), "never announced") {
		t.Fatalf("got %v", err)
	}
	p.Abort()
	// The recovery key: the chain names it.
	os.Remove(p.path("keys", "recovery.sec"))
	os.Remove(p.path("keys", "recovery.pub"))
	if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "recovery", From: filepath.Join(dir, "recovery.sec")}); err != nil {
		t.Fatal(err)
	}
	// Bad labels are refused before anything happens.
	for _, l := range []string{"", "K0", "K01", "other", "../x"} {
		if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: l, From: filepath.Join(dir, "K1.sec")}); err == nil {
			t.Errorf("label %q accepted", l)
		}
	}
}

func TestRestoreFromPaperTextAndQRImage(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	data, _ := os.ReadFile(p.path("keys", "K2.sec"))
	enc, err := signify.ParseSecretKey("K2.sec", data)
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	typed := filepath.Join(src, "typed.txt")
	os.WriteFile(typed, []byte(strings.ToLower(backup.EncodePaperKey(enc)[:20])+backup.EncodePaperKey(enc)[20:]), 0o600)
	png, err := qr.PNG(data, 400)
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(src, "photo.png")
	os.WriteFile(photo, png, 0o600)
	for _, from := range []string{typed, photo} {
		os.Remove(p.path("keys", "K2.sec"))
		if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: from}); err != nil {
			t.Fatalf("%s: %v", from, err)
		}
		if got, _ := os.ReadFile(p.path("keys", "K2.sec")); !bytes.Equal(got, data) {
			t.Fatalf("%s: restored file differs", from)
		}
	}
	recs, _ := p.Backups()
	if len(recs) != 2 || recs[0].Kind != BackupPaper || recs[1].Location != photo {
		t.Fatalf("records: %+v", recs)
	}
	if un, _ := p.UnprovenBackups(); strings.Join(un, " ") != "recovery K1" {
		t.Fatalf("unproven: %v", un)
	}
}
