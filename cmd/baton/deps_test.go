package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// genesisChain writes a one-entry chain of pkg under recovery key rec.
func genesisChain(t *testing.T, dir, pkg, name string, rec *signify.SecretKey) string {
	t.Helper()
	k := mustKey(t)
	g, err := chain.SignEntry(chain.NewGenesis(pkg, name, rec.Public(""), k.Public(""), time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)), rec, k)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, filepath.Base(pkg)+".chain")
	if err := os.WriteFile(path, chain.Marshal([]*chain.SignedEntry{g}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// At a terminal, deps asks package by package: a known signatory is
// offered on the trust already given (yes pins it, no falls back to
// comparing the key), a stranger's key is compared as verify compares it.
func TestDepsAsksAtTheTerminal(t *testing.T) {
	dir := batonEnv(t)
	ada, nina := mustKey(t), mustKey(t)
	hello := genesisChain(t, dir, "example.org/hello", "Ada Lovelace", ada)
	genesisChain(t, dir, "example.org/tools", "Ada Lovelace", ada)
	genesisChain(t, dir, "example.org/docs", "Ada Lovelace", ada)
	genesisChain(t, dir, "example.org/new", "Nina New", nina)
	var m strings.Builder
	for _, p := range []string{"tools", "docs", "new"} {
		fmt.Fprintf(&m, "[[package]]\nname = \"example.org/%s\"\nchain = \"%s.chain\"\n\n", p, p)
	}
	manifest := filepath.Join(dir, "baton-deps.toml")
	os.WriteFile(manifest, []byte(m.String()), 0o644)
	if code, _, _ := runBaton(t, newTTY(ada.Public("").String()+"\n"), "verify", "--package", "example.org/hello", "--chain", hello); code != exitOK {
		t.Fatal("first trust of hello")
	}
	// Sorted by name within "never pinned": docs, new, tools. docs: no to
	// the known signatory, then nothing typed; new: Nina's key typed;
	// tools: yes.
	typed := "n\n\n" + nina.Public("").String() + "\n" + "y\n"
	code, out, _ := runBaton(t, newTTY(typed), "deps", "--manifest", manifest)
	if code != exitDecide {
		t.Fatalf("exit %d, want %d (docs left undecided)", code, exitDecide)
	}
	if !strings.Contains(out, `whom you already trust for example.org/hello`) || !strings.Contains(out, "MATCH") {
		t.Fatalf("output:\n%s", out)
	}
	store, _ := os.ReadFile(filepath.Join(dir, "trust"))
	for pkg, want := range map[string]bool{"example.org/tools": true, "example.org/new": true, "example.org/docs": false} {
		if got := strings.Contains(string(store), "\n"+pkg+" "); got != want {
			t.Errorf("%s pinned: %v, want %v\n%s", pkg, got, want, store)
		}
	}
}
