package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// fakeTTY is a person at a terminal: lines typed in order, and
// passphrases typed without echo.
type fakeTTY struct {
	in        *strings.Reader
	passwords []string
}

func newTTY(lines string, passwords ...string) *fakeTTY {
	return &fakeTTY{in: strings.NewReader(lines), passwords: passwords}
}

func (f *fakeTTY) Read(p []byte) (int, error) { return f.in.Read(p) }

func (f *fakeTTY) ReadPassword() ([]byte, error) {
	if len(f.passwords) == 0 {
		return nil, errors.New("no more passphrases typed")
	}
	p := f.passwords[0]
	f.passwords = f.passwords[1:]
	return []byte(p), nil
}

// batonEnv points the command at a fresh vault and trust store.
func batonEnv(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("BATON_VAULT", filepath.Join(dir, "vault"))
	t.Setenv("BATON_TRUST", filepath.Join(dir, "trust"))
	t.Setenv("BATON_PASSPHRASE_FILE", "")
	t.Setenv("BATON_TEST_CRASH_AT", "")
	return dir
}

func runBaton(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	code = run(args, stdin, &out, &errb)
	t.Logf("baton %s -> %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	return code, out.String(), errb.String()
}

func mustKey(t *testing.T) *signify.SecretKey {
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// handoverChain builds Alice's chain (genesis, release 1.0) and the same
// chain continued by a hand-over to Bob witnessed by Carol.
func handoverChain(t *testing.T) (before, after []byte, alice, bob *signify.PublicKey) {
	aliceR, k1, k2 := mustKey(t), mustKey(t), mustKey(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	g := chain.NewGenesis("hello", "Alice", aliceR.Public("alice"), k1.Public("k1"), now)
	sg, err := chain.SignEntry(g, aliceR, k1)
	if err != nil {
		t.Fatal(err)
	}
	r := chain.Follow(sg, chain.KindRelease, k2.Public("k2"), now.Add(time.Hour))
	r.Version, r.Checksums = "1.0", sha256.Sum256([]byte("a checksum list"))
	sr, err := chain.SignEntry(r, k1)
	if err != nil {
		t.Fatal(err)
	}
	bobR, bobK, carol := mustKey(t), mustKey(t), mustKey(t)
	h := chain.Follow(sr, chain.KindHandover, bobK.Public("bob"), now.Add(2*time.Hour))
	h.Name, h.Recovery, h.Reason = "Bob", bobR.Public("bob recovery"), "Alice retires"
	h.Witnesses = []chain.Witness{{Key: carol.Public("carol"), Name: "Carol"}}
	sh, err := chain.SignEntry(h, k2, bobK, bobR, carol)
	if err != nil {
		t.Fatal(err)
	}
	return chain.Marshal([]*chain.SignedEntry{sg, sr}), chain.Marshal([]*chain.SignedEntry{sg, sr, sh}),
		aliceR.Public("alice"), bobR.Public("bob recovery")
}

func readPin(t *testing.T, pkg string) *chain.Pin {
	t.Helper()
	data, err := os.ReadFile(os.Getenv("BATON_TRUST"))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := chain.ParseTrustStore("trust", data)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ts.Get(pkg)
	if !ok {
		t.Fatalf("%s is not pinned", pkg)
	}
	return p
}

func TestHandoverNeedsConsent(t *testing.T) {
	dir := batonEnv(t)
	before, after, alice, bob := handoverChain(t)
	beforePath, afterPath := filepath.Join(dir, "chain-before"), filepath.Join(dir, "chain-after")
	os.WriteFile(beforePath, before, 0o644)
	os.WriteFile(afterPath, after, 0o644)

	if code, _, _ := runBaton(t, nil, "trust", "add", "--package", "hello", "--chain", beforePath, "--expect-key", alice.String()); code != exitOK {
		t.Fatalf("trust add: exit %d", code)
	}
	trustBefore, _ := os.ReadFile(os.Getenv("BATON_TRUST"))
	unchanged := func() {
		t.Helper()
		if now, _ := os.ReadFile(os.Getenv("BATON_TRUST")); !bytes.Equal(now, trustBefore) {
			t.Fatalf("the trust store changed without consent:\n%s", now)
		}
	}

	// Nobody to ask: exit 3, the hand-over is shown, the pin stays.
	code, out, errs := runBaton(t, nil, "verify", "--package", "hello", "--chain", afterPath)
	if code != exitDecide {
		t.Fatalf("no terminal: exit %d, want %d", code, exitDecide)
	}
	for _, want := range []string{`"Alice" hands hello to "Bob"`, `witness "Carol"`, `reason: "Alice retires"`, bob.Fingerprint().WordString(), "UNDECIDED: hello"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if !strings.Contains(errs, "hint: baton verify --package hello --chain "+afterPath+" --accept 3:") || strings.Contains(errs, "--consent accept") {
		t.Errorf("no hint that names the event:\n%s", errs)
	}
	unchanged()

	// Refused by flag, or by the person: exit 3, the pin stays.
	if code, _, _ := runBaton(t, nil, "verify", "--package", "hello", "--chain", afterPath, "--consent", "refuse"); code != exitDecide {
		t.Fatalf("--consent refuse: exit %d", code)
	}
	unchanged()
	code, out, _ = runBaton(t, newTTY("n\n"), "verify", "--package", "hello", "--chain", afterPath)
	if code != exitDecide || !strings.Contains(out, "consent not given") {
		t.Fatalf("answered no: exit %d", code)
	}
	unchanged()

	// Consent given: the pin follows Bob.
	code, out, _ = runBaton(t, newTTY("y\n"), "verify", "--package", "hello", "--chain", afterPath)
	if code != exitOK || !strings.Contains(out, `OK: hello: chain verified to position 3, held by "Bob"`) {
		t.Fatalf("answered yes: exit %d\n%s", code, out)
	}
	if p := readPin(t, "hello"); p.Signatory != chain.SignatoryOf(bob) || p.Position != 3 {
		t.Fatalf("pin after consent: %+v", p)
	}
	// Crossed once, never asked again.
	if code, out, _ := runBaton(t, nil, "verify", "--package", "hello", "--chain", afterPath); code != exitOK || strings.Contains(out, "consent") {
		t.Fatalf("second verify: exit %d\n%s", code, out)
	}

	// --accept naming the successor, with --json: the event is in the report.
	os.WriteFile(os.Getenv("BATON_TRUST"), trustBefore, 0o644)
	code, out, errs = runBaton(t, nil, "verify", "--package", "hello", "--chain", afterPath, "--accept", string(chain.SignatoryOf(bob)), "--json")
	if code != exitOK || !strings.Contains(out, `"consent": "given"`) || !strings.Contains(out, `"to": "Bob"`) || !strings.Contains(out, `"verdict": "ok"`) {
		t.Fatalf("--accept SIGNATORY --json: exit %d\n%s", code, out)
	}
	if !strings.Contains(errs, "HAND-OVER") {
		t.Errorf("with --json the event is still shown on stderr:\n%s", errs)
	}

	// The log marks the hand-over for someone not pinned past it.
	os.WriteFile(os.Getenv("BATON_TRUST"), trustBefore, 0o644)
	code, out, _ = runBaton(t, nil, "log", "--chain", afterPath)
	if code != exitOK || !strings.Contains(out, "#3 handover") || !strings.Contains(out, "[needs your consent]") ||
		!strings.Contains(out, `hand-over from "Alice" to "Bob"`) || !strings.Contains(out, `witness "Carol"`) {
		t.Fatalf("log: exit %d\n%s", code, out)
	}
}

func TestInteractiveFirstTrust(t *testing.T) {
	dir := batonEnv(t)
	before, _, alice, bob := handoverChain(t)
	path := filepath.Join(dir, "chain")
	os.WriteFile(path, before, 0o644)
	trust := os.Getenv("BATON_TRUST")

	// An empty answer decides nothing. The chain's own words and key are
	// not shown before the person typed theirs: nothing invites copying
	// them back.
	code, out, errs := runBaton(t, newTTY("\n"), "verify", "--package", "hello", "--chain", path)
	if code != exitDecide {
		t.Fatalf("empty answer: exit %d", code)
	}
	if fp := alice.Fingerprint(); strings.Contains(out+errs, fp.Words()[0]+" "+fp.Words()[1]) || strings.Contains(out+errs, alice.String()) {
		t.Fatalf("the chain's words were shown before the person's:\n%s%s", out, errs)
	}
	// Another key pasted: MISMATCH, exit 1.
	code, out, _ = runBaton(t, newTTY(bob.String()+"\n"), "verify", "--package", "hello", "--chain", path)
	if code != exitRefused || !strings.Contains(out, "MISMATCH") {
		t.Fatalf("wrong key: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(trust); err == nil {
		t.Fatal("a refused first trust wrote the trust store")
	}
	// A misspelt word may be typed again; then the right words pin it.
	words := alice.Fingerprint().WordString()
	code, _, errs = runBaton(t, newTTY("aardvrk\n"+strings.ToUpper(words)+"\n"), "verify", "--package", "hello", "--chain", path)
	if code != exitOK || !strings.Contains(errs, "type them again") {
		t.Fatalf("typed words: exit %d", code)
	}
	if p := readPin(t, "hello"); p.Position != 2 || p.Signatory != chain.SignatoryOf(alice) {
		t.Fatalf("pin: %+v", p)
	}
	st, err := os.Stat(trust)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("trust store mode: %v %v", st.Mode(), err)
	}

	// The pasted key works too.
	os.Remove(trust)
	if code, _, _ := runBaton(t, newTTY(alice.String()+"\n"), "trust", "add", "--package", "hello", "--chain", path); code != exitOK {
		t.Fatalf("pasted key: exit %d", code)
	}
}

func TestPassphraseAtTheTerminal(t *testing.T) {
	dir := batonEnv(t)
	initArgs := []string{"init", "--package", "hello", "--name", "Alice", "--operator", "Alice", "--kdf-rounds", "1"}

	// No terminal and no passphrase file: exit 4, with the flag as a hint.
	code, _, errs := runBaton(t, nil, initArgs...)
	if code != exitFailure || !strings.Contains(errs, "hint: baton init --package hello --name Alice --operator Alice --kdf-rounds 1 --passphrase-file FILE") {
		t.Fatalf("no terminal: exit %d\n%s", code, errs)
	}
	if code, _, _ := runBaton(t, nil, "abort", "--package", "hello"); code != exitOK {
		t.Fatalf("abort: exit %d", code)
	}
	// A new passphrase is asked twice.
	code, _, errs = runBaton(t, newTTY("", "correct horse", "correct horsf"), initArgs...)
	if code != exitFailure || !strings.Contains(errs, "the two passphrases differ") {
		t.Fatalf("typo: exit %d", code)
	}
	runBaton(t, nil, "abort", "--package", "hello")
	code, _, errs = runBaton(t, newTTY("", "correct horse", "correct horse"), initArgs...)
	if code != exitOK || strings.Contains(errs, "correct horse") {
		t.Fatalf("init at the terminal: exit %d", code)
	}

	// Releases: the passphrase once per ceremony; the used keys are wiped
	// without a question.
	rel := filepath.Join(dir, "dist")
	os.MkdirAll(rel, 0o755)
	os.WriteFile(filepath.Join(rel, "hello.tar.gz"), []byte("tarball"), 0o644)
	for _, v := range []string{"1.0", "1.1"} {
		code, _, _ := runBaton(t, newTTY("", "correct horse"), "release", "--package", "hello", "--version", v, "--dir", rel, "--operator", "Alice")
		if code != exitOK {
			t.Fatalf("release %s: exit %d", v, code)
		}
	}
	secs, _ := filepath.Glob(filepath.Join(os.Getenv("BATON_VAULT"), "hello", "keys", "*.sec"))
	if len(secs) != 3 { // recovery, K3 (in force), K4 (spare); K1 and K2 wiped
		t.Fatalf("secret keys after two releases: %v", secs)
	}
	// Without a terminal too: nothing to ask, the used key is wiped.
	code, _, _ = runBaton(t, nil, "release", "--package", "hello", "--version", "1.2", "--dir", rel, "--operator", "Alice",
		"--passphrase-file", writePassFile(t, dir, "correct horse"))
	if code != exitOK {
		t.Fatalf("release without terminal: exit %d", code)
	}
	secs, _ = filepath.Glob(filepath.Join(os.Getenv("BATON_VAULT"), "hello", "keys", "*.sec"))
	if len(secs) != 3 {
		t.Fatalf("secret keys after release 1.2: %v", secs)
	}
	// A wrong passphrase: exit 4, with a hint.
	code, _, errs = runBaton(t, newTTY("", "wrong horse"), "release", "--package", "hello", "--version", "1.3", "--dir", rel, "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "wrong passphrase") || !strings.Contains(errs, "hint: ") {
		t.Fatalf("wrong passphrase: exit %d", code)
	}
}

func writePassFile(t *testing.T, dir, pass string) string {
	p := filepath.Join(dir, "pass")
	if err := os.WriteFile(p, []byte(pass+"\nsecond line ignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsage(t *testing.T) {
	batonEnv(t)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{nil, exitUsage, ""},
		{[]string{"help"}, exitOK, "EXIT CODES"},
		{[]string{"help", "release"}, exitOK, "Usage: baton release"},
		{[]string{"release", "-h"}, exitOK, "--include-dotfiles"},
		{[]string{"keys", "show", "--help"}, exitOK, "Usage: baton keys"},
		{[]string{"--vault", "/nonexistent/v", "status", "-h"}, exitOK, "Usage: baton status"},
		{[]string{"help", "nope"}, exitUsage, ""},
		{[]string{"init", "--bogus"}, exitUsage, ""},
		{[]string{"init", "--package", "hello", "extra"}, exitUsage, ""},
		{[]string{"verify", "--package", "hello", "--chain", "c", "--expect-key", "k", "--expect-words", "w"}, exitUsage, ""},
		{[]string{"keys"}, exitUsage, ""},
		{[]string{"trust", "frob"}, exitUsage, ""},
		{[]string{"status"}, exitFailure, ""}, // no vault yet
	} {
		code, out, _ := runBaton(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("baton %q: exit %d, want %d; stdout has %q: %v", tc.args, code, tc.code, tc.out, strings.Contains(out, tc.out))
		}
	}
}
