package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPdftoppmForScripts stands for the [exec:pdftoppm] lines of
// backup.txtar and shares.txtar, which skip their restores from a photo of a
// sheet without the tool: by hand that is a loud skip; under
// BATON_REQUIRE_TOOLS or CI, a failure.
func TestPdftoppmForScripts(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		msg := "pdftoppm (poppler-utils) is not installed: backup.txtar and shares.txtar skip their restores from a photo of a sheet"
		if os.Getenv("BATON_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
			t.Fatalf("%s, and it is required (BATON_REQUIRE_TOOLS or CI is set)", msg)
		}
		fmt.Fprintf(os.Stderr, "warning: %s\n", msg)
		t.Skip(msg)
	}
}

// aliceInit makes Alice's vault with the chain of hello and a backup
// folder; the passphrase file is set for every run.
func aliceInit(t *testing.T) (dir, vault, usb string) {
	t.Helper()
	dir = batonEnv(t)
	vault, usb = filepath.Join(dir, "vault"), filepath.Join(dir, "usb")
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BATON_PASSPHRASE_FILE", writePassFile(t, dir, "correct horse"))
	mustBaton(t, nil, "init", "--package", "hello", "--name", "Alice", "--operator", "Alice", "--kdf-rounds", "1")
	return dir, vault, usb
}

func TestBackupUsage(t *testing.T) {
	dir := batonEnv(t)
	for _, tc := range []struct {
		args []string
		code int
		out  string // on stdout, or in stderr for errors
	}{
		{[]string{"help", "backup"}, exitOK, "Usage: baton backup"},
		{[]string{"backup", "-h"}, exitOK, "baton backup list --package NAME"},
		{[]string{"backup", "list", "--help"}, exitOK, "Usage: baton backup"},
		{[]string{"restore", "--help"}, exitOK, "Usage: baton restore"},
		{[]string{"help", "shares"}, exitOK, "Usage: baton shares"},
		{[]string{"help"}, exitOK, "shares "},
		{[]string{"backup", "--to", dir, "--operator", "Alice"}, exitUsage, "hint: baton backup --to " + dir + " --operator Alice --package NAME"},
		{[]string{"backup", "list"}, exitUsage, "hint: baton backup list --package NAME"},
		{[]string{"backup", "list", "--package", "hello", "K1"}, exitUsage, `unexpected argument "K1"`},
		{[]string{"backup", "--package", "hello", "--to", dir}, exitUsage, "--operator is missing"},
		{[]string{"restore", "--package", "hello", "--from", "x", "--operator", "A"}, exitUsage, "hint: baton restore --package hello --from x --operator A --label K1"},
		{[]string{"restore", "--package", "hello", "--label", "K1", "--operator", "A"}, exitUsage, "--from is missing"},
		{[]string{"restore", "--package", "hello", "--label", "K0", "--from", "x"}, exitUsage, `--label "K0" is not a key label`},
		{[]string{"restore", "--package", "hello", "--label", "K1", "--from", filepath.Join(dir, "nope")}, exitUsage, "is not a file"},
		{[]string{"restore", "--package", "hello", "--label", "K1", "--from", dir, "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"shares", "--package", "hello", "--to", dir, "--threshold", "2", "--total", "300", "--operator", "A"}, exitUsage, "at most 255 shares"},
		{[]string{"shares", "--package", "hello", "--to", dir, "--threshold", "2", "--total", "2", "--holder", "Bob", "--holder", "", "--operator", "A"}, exitUsage, `--holder ""`},
		{[]string{"recover"}, exitUsage, "hint: baton restore"},
		{[]string{"split"}, exitUsage, "hint: baton shares"},
	} {
		code, out, errs := runBaton(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.out) {
			t.Errorf("baton %q: exit %d, want %d; want %q in\n%s%s", tc.args, code, tc.code, tc.out, out, errs)
		}
	}
}

// TestBackupJournals: a backup that fails after writing can be resumed and
// its journal stays, even past a failing restore check; a run that fails
// before writing anything leaves no journal in the way.
func TestBackupJournals(t *testing.T) {
	dir, vault, usb := aliceInit(t)
	journal := filepath.Join(vault, "hello", "journal.json")
	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(wrong, []byte("not the passphrase\n"), 0o600)

	// A wrong passphrase fails the restore test after the copy: resumable.
	code, _, errs := runBaton(t, nil, "backup", "--package", "hello", "--to", usb, "--operator", "Alice", "--passphrase-file", wrong, "K1")
	if code != exitFailure || !strings.Contains(errs, "wrong passphrase") ||
		!strings.Contains(errs, "hint: run it again with the right passphrase to resume: baton backup --package hello --to "+usb) ||
		!strings.Contains(errs, "hint: or drop the unfinished backup-files ceremony: baton abort --package hello") {
		t.Fatalf("wrong passphrase: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(journal); err != nil {
		t.Fatal("the half-done backup left no journal to resume")
	}
	// A restore check that fails leaves that journal alone.
	code, _, errs = runBaton(t, nil, "restore", "--package", "hello", "--label", "K1", "--from", filepath.Join(vault, "hello", "keys", "K2.sec"), "--check", "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "unfinished") {
		t.Fatalf("restore check past an unfinished backup: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(journal); err != nil {
		t.Fatal("a failed restore check dropped another ceremony's journal")
	}
	// The right passphrase resumes the backup.
	out := mustBaton(t, nil, "backup", "--package", "hello", "--to", usb, "--operator", "Alice", "K1", "--json")
	rep := jsonObject(t, out)
	backups, _ := rep["backups"].([]any)
	unproven, _ := rep["unproven"].([]any)
	if rep["kind"] != "file" || rep["folder"] != filepath.Join(usb, "baton-backup", "hello") || len(backups) != 1 ||
		backups[0].(map[string]any)["label"] != "K1" || backups[0].(map[string]any)["restore_tested"] != true ||
		fmt.Sprint(unproven) != "[recovery K2]" {
		t.Fatalf("backup report: %s", out)
	}
	if _, err := os.Stat(journal); err == nil {
		t.Fatal("the resumed backup left its journal")
	}

	// A folder holding another K1.sec: Baton never overwrites a backup, and
	// nothing was written, so no journal is left in the way.
	other := filepath.Join(dir, "other")
	os.MkdirAll(filepath.Join(other, "baton-backup", "hello"), 0o700)
	os.WriteFile(filepath.Join(other, "baton-backup", "hello", "K1.sec"), []byte("something else\n"), 0o600)
	code, _, errs = runBaton(t, nil, "backup", "--package", "hello", "--to", other, "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "never overwrites a backup") ||
		!strings.Contains(errs, "hint: baton backup --package hello --to ANOTHER-FOLDER --operator Alice") {
		t.Fatalf("a folder with another K1.sec: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(journal); err == nil {
		t.Fatal("a backup that wrote nothing left a journal in the way")
	}

	// A folder inside a git work tree is refused, with a hint about --to.
	repo := filepath.Join(dir, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o700)
	code, _, errs = runBaton(t, nil, "backup", "--package", "hello", "--to", repo, "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "inside a git work tree") ||
		!strings.Contains(errs, "hint: baton backup --package hello --to FOLDER-OUTSIDE-ANY-REPOSITORY --operator Alice") {
		t.Fatalf("a folder in a git work tree: exit %d\n%s", code, errs)
	}

	// A typed paper key with a typo is refused before any passphrase, and
	// leaves no journal.
	typo := filepath.Join(dir, "typo.txt")
	os.WriteFile(typo, []byte("baton paper key 1\ncomment: x  AB\n"), 0o600)
	code, _, errs = runBaton(t, nil, "restore", "--package", "hello", "--label", "K2", "--from", typo, "--check", "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "typo.txt") || !strings.Contains(errs, "hint: the backup is not usable") {
		t.Fatalf("a typed key with a typo: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(journal); err == nil {
		t.Fatal("a failed restore check left a journal in the way")
	}
}
