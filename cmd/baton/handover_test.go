package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// mustBaton runs baton and fails the test unless it exits 0.
func mustBaton(t *testing.T, stdin *fakeTTY, args ...string) string {
	t.Helper()
	var code int
	var out string
	if stdin == nil {
		code, out, _ = runBaton(t, nil, args...)
	} else {
		code, out, _ = runBaton(t, stdin, args...)
	}
	if code != exitOK {
		t.Fatalf("baton %s: exit %d", strings.Join(args, " "), code)
	}
	return out
}

func jsonObject(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return m
}

// aliceAtRelease makes Alice's vault with hello released at 1.0 and
// returns its chain file; the passphrase file is set for every run.
func aliceAtRelease(t *testing.T, dir, vault string) string {
	t.Helper()
	t.Setenv("BATON_PASSPHRASE_FILE", writePassFile(t, dir, "correct horse"))
	dist := filepath.Join(dir, "dist")
	os.MkdirAll(dist, 0o755)
	os.WriteFile(filepath.Join(dist, "hello-1.0.tar.gz"), []byte("tarball"), 0o644)
	mustBaton(t, nil, "--vault", vault, "init", "--package", "hello", "--name", "Alice", "--operator", "Alice", "--kdf-rounds", "1")
	mustBaton(t, nil, "--vault", vault, "release", "--package", "hello", "--version", "1.0", "--dir", dist, "--operator", "Alice", "--yes")
	return filepath.Join(vault, "hello", "chain")
}

// TestHandoverWitnessKeyText runs a hand-over whose witness is named by
// the text of their public key and whose secret key has a passphrase of
// its own; the outgoing signatory answers at a terminal.
func TestHandoverWitnessKeyText(t *testing.T) {
	dir := batonEnv(t)
	alice, bob := filepath.Join(dir, "alice"), filepath.Join(dir, "bob")
	published := aliceAtRelease(t, dir, alice)
	before, _ := os.ReadFile(published)

	dave := mustKey(t)
	enc, err := signify.EncryptSecretKey(dave, []byte("dave's own"), 1, "dave", nil)
	if err != nil {
		t.Fatal(err)
	}
	daveSec, davePass := filepath.Join(dir, "dave.sec"), filepath.Join(dir, "dave-pass")
	os.WriteFile(daveSec, enc.Marshal(), 0o600)
	os.WriteFile(davePass, []byte("dave's own\n"), 0o600)
	draft := filepath.Join(dir, "draft")
	request := []string{"--vault", bob, "handover", "request", "--chain", published, "--name", "Bob", "--operator", "Bob", "--out", draft, "--kdf-rounds", "1"}

	// Witness keys that do not parse, or twice the same witness: exit 2.
	for _, bad := range [][]string{
		{"--witness-key", "Dave=not-a-key"},
		{"--witness-key", "=" + dave.Public("").String()},
		{"--witness-key", "Dave=" + dave.Public("").String(), "--witness-key", "David=" + dave.Public("").String()},
	} {
		code, _, errs := runBaton(t, nil, append(request, bad...)...)
		if code != exitUsage || !strings.Contains(errs, "--witness-key") {
			t.Fatalf("%q: exit %d\n%s", bad, code, errs)
		}
	}
	if _, err := os.Stat(draft); err == nil {
		t.Fatal("a refused request wrote a draft")
	}

	// The request, with the package taken from the chain: the words to
	// read aloud and the next steps.
	out := mustBaton(t, nil, append(request, "--witness-key", "Dave Witness="+dave.Public("").String())...)
	bobRec, err := (&ceremony.Vault{Dir: bob}).Package("hello").PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	bobWords, bobID := bobRec.Fingerprint().WordString(), string(chain.SignatoryOf(bobRec))
	for _, want := range []string{
		`Prepared the hand-over of hello from "Alice" to "Bob" (position 3)`, "you are signatory " + bobID,
		"words:        " + bobWords, "1. each witness co-signs it (Dave Witness)",
		"baton handover witness --draft " + draft + " --key THEIR-KEY.sec",
		"baton handover sign --package hello --draft " + draft + " --operator THEM",
		"baton --vault " + bob + " handover accept --package hello --chain PUBLISHED-CHAIN --operator Bob",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("request output lacks %q", want)
		}
	}

	// Dave's key with Alice's passphrase: exit 4, the draft is unchanged.
	unsigned, _ := os.ReadFile(draft)
	code, _, errs := runBaton(t, nil, "handover", "witness", "--draft", draft, "--key", daveSec)
	if code != exitFailure || !strings.Contains(errs, "hint: baton handover witness --draft "+draft+" --key "+daveSec+" --passphrase-file") {
		t.Fatalf("wrong passphrase: exit %d\n%s", code, errs)
	}
	if now, _ := os.ReadFile(draft); !bytes.Equal(now, unsigned) {
		t.Fatal("a failed co-signature changed the draft")
	}
	out = mustBaton(t, nil, "handover", "witness", "--draft", draft, "--key", daveSec, "--passphrase-file", davePass)
	if !strings.Contains(out, "Dave Witness co-signed") {
		t.Fatalf("witness: %s", out)
	}
	data, _ := os.ReadFile(draft)
	d, err := ceremony.ParseDraft(draft, data)
	if err != nil || d.SignedBy(dave.Public("")) != nil {
		t.Fatalf("the draft is not co-signed: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".draft.tmp*")); len(matches) > 0 {
		t.Fatalf("temporary files left: %v", matches)
	}

	// A forged witness signature is refused (exit 1).
	forged, _ := ceremony.ParseDraft(draft, data)
	for i := range forged.Sigs {
		if forged.Sigs[i].Name == chain.NoteKeyName(dave.Public("")) {
			forged.Sigs[i].Sig[0] ^= 1
		}
	}
	forgedPath := filepath.Join(dir, "forged")
	os.WriteFile(forgedPath, forged.Marshal(), 0o644)
	code, _, errs = runBaton(t, nil, "--vault", alice, "handover", "sign", "--package", "hello", "--draft", forgedPath, "--operator", "Alice", "--yes")
	if code != exitRefused || !strings.Contains(errs, `witness "Dave Witness"`) {
		t.Fatalf("forged: exit %d\n%s", code, errs)
	}
	// The wrong package: exit 2, with the right one as a hint.
	code, _, errs = runBaton(t, nil, "--vault", alice, "handover", "sign", "--package", "other", "--draft", draft, "--operator", "Alice")
	if code != exitUsage || !strings.Contains(errs, "--package hello") {
		t.Fatalf("wrong package: exit %d\n%s", code, errs)
	}

	// At a terminal, Alice answers no: exit 3, nothing signed; then yes.
	sign := []string{"--vault", alice, "handover", "sign", "--package", "hello", "--draft", draft, "--operator", "Alice"}
	code, _, errs = runBaton(t, newTTY("n\n"), sign...)
	if code != exitDecide || !strings.Contains(errs, bobWords) || !strings.Contains(errs, "not confirmed") {
		t.Fatalf("answered no: exit %d\n%s", code, errs)
	}
	if now, _ := os.ReadFile(published); !bytes.Equal(now, before) {
		t.Fatal("the chain changed without confirmation")
	}
	out = mustBaton(t, newTTY("y\n"), sign...)
	if !strings.Contains(out, `Handed hello over to "Bob" at position 3, signed with K2; witnessed by Dave Witness`) {
		t.Fatalf("sign: %s", out)
	}

	// Bob takes the chain (the package from the chain again).
	out = mustBaton(t, nil, "--vault", bob, "handover", "accept", "--chain", published, "--operator", "Bob", "--json")
	acc := jsonObject(t, out)
	if acc["signatory_id"] != bobID || acc["position"] != float64(3) || acc["next_key"].(map[string]any)["label"] != "K1" {
		t.Fatalf("accept report: %s", out)
	}
	entries, err := (&ceremony.Vault{Dir: bob}).Package("hello").Chain()
	if err != nil || len(entries) != 3 || entries[2].Kind != chain.KindHandover {
		t.Fatalf("Bob's chain: %d entries, %v", len(entries), err)
	}
	out = mustBaton(t, nil, "--vault", bob, "keys", "list", "--package", "hello")
	if !strings.Contains(out, "K1        in force") {
		t.Fatalf("Bob's keys:\n%s", out)
	}
}

func TestHandoverUsage(t *testing.T) {
	dir := batonEnv(t)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"help"}, exitOK, "handover"},
		{[]string{"help", "handover"}, exitOK, "Usage: baton handover request"},
		{[]string{"handover", "sign", "-h"}, exitOK, "Usage: baton handover request"},
		{[]string{"help", "rekey"}, exitOK, "Usage: baton rekey"},
		{[]string{"emergency", "-h"}, exitOK, "Usage: baton emergency"},
		{[]string{"help", "init"}, exitOK, "--emergency-key"},
		{[]string{"handover"}, exitUsage, ""},
		{[]string{"handover", "frob"}, exitUsage, ""},
		{[]string{"handover", "request", "--name", "Bob", "--operator", "Bob", "--out", "d"}, exitUsage, ""},          // no --chain
		{[]string{"handover", "request", "--chain", "c", "--operator", "Bob", "--out", "d"}, exitUsage, ""},           // no --name
		{[]string{"handover", "request", "--chain", "c", "--name", "Bob", "--operator", "Bob"}, exitUsage, ""},        // no --out
		{[]string{"handover", "witness", "--key", "k"}, exitUsage, ""},                                                // no --draft
		{[]string{"handover", "sign", "--draft", "d", "--operator", "Alice"}, exitUsage, ""},                          // no --package
		{[]string{"handover", "accept", "--chain", filepath.Join(dir, "none"), "--operator", "Bob"}, exitFailure, ""}, // unreadable
		{[]string{"rekey", "--reason", "lost", "--operator", "Alice"}, exitUsage, ""},                                 // no --package
		{[]string{"rekey", "--package", "hello", "--reason", "two\nlines", "--operator", "Alice"}, exitUsage, ""},
		{[]string{"emergency", "--package", "hello", "--reason", "broken"}, exitUsage, ""}, // no --operator
	} {
		code, out, _ := runBaton(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("baton %q: exit %d, want %d; stdout has %q: %v", tc.args, code, tc.code, tc.out, strings.Contains(out, tc.out))
		}
	}
}
