package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/signify"
)

// TestRekeyFromShares re-keys with the recovery key rebuilt from M of N
// shares: the recovery key's secret is not in the vault (kept offline),
// and the key in force is lost.
func TestRekeyFromShares(t *testing.T) {
	dir := batonEnv(t)
	vault := filepath.Join(dir, "alice")
	chainPath := aliceAtRelease(t, dir, vault)
	keys := filepath.Join(vault, "hello", "keys")

	data, err := os.ReadFile(filepath.Join(keys, "recovery.sec"))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.ParseSecretKey("recovery.sec", data)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := enc.Decrypt([]byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	shares, err := backup.SplitKey(rec, "hello", 2, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, sh := range shares {
		f := filepath.Join(dir, fmt.Sprintf("share-%d.txt", sh.Index))
		os.WriteFile(f, sh.Marshal(), 0o600)
		files = append(files, f)
	}
	// A share of another key of the same package.
	otherShares, err := backup.SplitKey(mustKey(t), "hello", 2, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	stranger := filepath.Join(dir, "stranger.txt")
	os.WriteFile(stranger, otherShares[0].Marshal(), 0o600)

	os.Remove(filepath.Join(keys, "recovery.sec"))
	os.Remove(filepath.Join(keys, "K2.sec"))
	before, _ := os.ReadFile(chainPath)
	rekey := []string{"--vault", vault, "rekey", "--package", "hello", "--reason", "K2 was lost", "--operator", "Alice"}

	// Without shares the recovery key is missing: exit 4, the hint says
	// --shares, and no ceremony is left unfinished.
	code, _, errs := runBaton(t, nil, rekey...)
	if code != exitFailure || !strings.Contains(errs, "hint: baton --vault "+vault+" rekey --package hello --reason 'K2 was lost' --operator Alice --shares SHARE-FILE...") {
		t.Fatalf("no recovery key: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(vault, "hello", "journal.json")); err == nil {
		t.Fatal("a ceremony was started without the recovery key")
	}
	// Too few shares, or a stranger's: exit 4, nothing appended.
	code, _, errs = runBaton(t, nil, append(rekey, "--shares", files[0])...)
	if code != exitFailure || !strings.Contains(errs, "do not rebuild the recovery key") || !strings.Contains(errs, "hint: ") {
		t.Fatalf("one share: exit %d\n%s", code, errs)
	}
	code, _, errs = runBaton(t, nil, append(rekey, "--shares", files[0], stranger)...)
	if code != exitFailure || !strings.Contains(errs, "do not rebuild the recovery key") {
		t.Fatalf("a stranger's share: exit %d\n%s", code, errs)
	}
	if now, _ := os.ReadFile(chainPath); !bytes.Equal(now, before) {
		t.Fatal("the chain changed without the recovery key")
	}

	// Two shares (the files after --shares are positional).
	out := mustBaton(t, nil, append(rekey, "--shares", files[0], files[2], "--json")...)
	rep := jsonObject(t, out)
	if rep["ceremony"] != "rekey" || rep["shares_used"] != float64(2) || rep["position"] != float64(3) ||
		rep["replaced_key"].(map[string]any)["label"] != "K2" {
		t.Fatalf("rekey report: %s", out)
	}
	entries, err := (&ceremony.Vault{Dir: vault}).Package("hello").Chain()
	if err != nil || len(entries) != 3 || entries[2].Kind != chain.KindRekey || entries[2].SignedBy(rec.Public("")) != nil {
		t.Fatalf("the chain after the re-key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(keys, "recovery.sec")); err == nil {
		t.Fatal("the rebuilt recovery key was written to the vault")
	}
	// Positional files without --shares are refused.
	code, _, _ = runBaton(t, nil, append(rekey, files[0])...)
	if code != exitUsage {
		t.Fatalf("positional without --shares: exit %d", code)
	}
}
