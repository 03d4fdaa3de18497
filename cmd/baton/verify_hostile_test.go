package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// Attack: a mirror with no key serves chains whose key names and entry
// text hold terminal escapes, bidi overrides and line separators. verify
// refuses them, at first trust and against a pin, and nothing it prints,
// in text or JSON, holds a raw control character.
func TestVerifyHostileText(t *testing.T) {
	dir := t.TempDir()
	trust := filepath.Join(dir, "trust")
	good := logChain(t, "Ada", "Bob", "Carol")
	data := chain.Marshal(good)
	inputs := [][]byte{withHostileSigLines(t, good)}
	for _, evil := range []string{"Ada\u202eevil", "Ada\u2028OK: hello 9.9", "Ada\x1b]0;t\a", "Ada\x1b[2J\x1b[32mOK"} {
		inputs = append(inputs, bytes.Replace(data, []byte("\nname Ada\n"), []byte("\nname "+evil+"\n"), 1))
	}
	check := func(args ...string) {
		t.Helper()
		for _, json := range []bool{false, true} {
			a := append([]string{"--trust", trust}, args...)
			if json {
				a = append(a, "--json")
			}
			code, stdout, stderr := runBaton(t, nil, a...)
			if code != exitRefused {
				t.Fatalf("exit %d, want refused\n%s%s", code, stdout, stderr)
			}
			checkNoRawControl(t, "stderr", stderr)
			if json {
				checkJSONStrings(t, "stdout", stdout)
			} else {
				checkNoRawControl(t, "stdout", stdout)
			}
		}
	}
	for i, in := range inputs {
		path := filepath.Join(dir, "evil.chain")
		if err := os.WriteFile(path, in, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(trust)
		check("verify", "--package", "hello", "--chain", path, "--expect-key", testPub(t, "R").String())
		// Against a pin at position 2.
		pinned := filepath.Join(dir, "pinned.chain")
		os.WriteFile(pinned, chain.Marshal(good[:2]), 0o644)
		if code, _, _ := runBaton(t, nil, "--trust", trust, "trust", "add", "--package", "hello", "--chain", pinned, "--expect-key", testPub(t, "R").String()); code != exitOK {
			t.Fatalf("input %d: pinning failed", i)
		}
		check("verify", "--package", "hello", "--chain", path)
	}
}

// Attack: a successor's name holding '"' and ',' cannot forge the
// witness list of the hand-over consent text: names are quoted and the
// witnesses listed one per line.
func TestVerifyConsentQuotesNames(t *testing.T) {
	dir := t.TempDir()
	trust := filepath.Join(dir, "trust")
	forged := `Bob", witnessed and co-signed by "Linus Torvalds`
	es := logChain(t, "Ada", forged, "Carol")
	at2, all := filepath.Join(dir, "at2"), filepath.Join(dir, "all")
	os.WriteFile(at2, chain.Marshal(es[:2]), 0o644)
	os.WriteFile(all, chain.Marshal(es), 0o644)
	if code, _, _ := runBaton(t, nil, "--trust", trust, "trust", "add", "--package", "hello", "--chain", at2, "--expect-key", testPub(t, "R").String()); code != exitOK {
		t.Fatal("pinning failed")
	}
	code, stdout, _ := runBaton(t, nil, "--trust", trust, "verify", "--package", "hello", "--chain", all)
	if code != exitDecide {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout, `hands hello to "Bob\", witnessed and co-signed by \"Linus Torvalds"`) {
		t.Fatalf("the successor's name is not quoted:\n%s", stdout)
	}
	if !strings.Contains(stdout, "witnessed and co-signed by:\n    witness \"Carol\"  (") {
		t.Fatalf("the witnesses are not one per line:\n%s", stdout)
	}
}
