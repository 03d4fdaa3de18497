package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// TestTwoVerifiesRace runs two real baton processes against one trust
// store. The first holds the store while it reads its chain (3 entries)
// from a pipe; the second (4 entries) must wait for it rather than load
// the store, verify and write back a copy that the first then overwrites
// with its stale one. Afterwards the pin is at the newest position and the
// older chain is refused as a rollback.
func TestTwoVerifiesRace(t *testing.T) {
	baton, err := exec.LookPath("baton") // testscript.Main puts the test binary on PATH as baton
	if err != nil {
		t.Fatal(err)
	}
	dir := batonEnv(t)
	data, err := os.ReadFile("../../testdata/chains/story.chain")
	if err != nil {
		t.Fatal(err)
	}
	story, err := chain.ReadAll("story.chain", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	pkg, recovery := story[0].Package, story[0].Recovery.String()
	write := func(name string, es []*chain.SignedEntry) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, chain.Marshal(es), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	at2, at3, at4 := write("at2", story[:2]), write("at3", story[:3]), write("at4", story[:4])
	if code, _, _ := runBaton(t, nil, "trust", "add", "--package", pkg, "--chain", at2, "--expect-key", recovery); code != exitOK {
		t.Fatalf("trust add: exit %d", code)
	}
	verify := func(chainArg string) (*exec.Cmd, io.WriteCloser, *bufio.Reader) {
		cmd := exec.Command(baton, "verify", "--package", pkg, "--chain", chainArg)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, stdin, bufio.NewReader(stderr)
	}
	waitFor := func(r *bufio.Reader, want, who string) {
		t.Helper()
		for {
			line, err := r.ReadString('\n')
			if strings.Contains(line, want) {
				return
			}
			if err != nil {
				t.Fatalf("%s never printed %q", who, want)
			}
		}
	}

	first, firstIn, firstErr := verify("-")
	waitFor(firstErr, "from standard input", "the first verify") // it holds the store now
	second, secondIn, secondErr := verify(at4)
	secondIn.Close()
	waitFor(secondErr, "waiting for the trust store", "the second verify")
	data, _ = os.ReadFile(at3)
	if _, err := io.Copy(firstIn, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	firstIn.Close()
	go io.Copy(io.Discard, firstErr)
	go io.Copy(io.Discard, secondErr)
	if err := first.Wait(); err != nil {
		t.Fatalf("first verify: %v", err)
	}
	if err := second.Wait(); err != nil {
		t.Fatalf("second verify: %v", err)
	}
	if p := readPin(t, pkg); p.Position != 4 {
		t.Fatalf("after both, the pin is at %d, want 4", p.Position)
	}
	if code, _, _ := runBaton(t, nil, "verify", "--package", pkg, "--chain", at3); code != exitRefused {
		t.Fatalf("the older chain after both: exit %d, want a rollback refusal", code)
	}
}
