package chain_test

import (
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/internal/vectors"
	"github.com/baton-signing/baton/chain/signify"
)

// A release Baton signs verifies with stock signify -C, files included, and
// fails there too when a file is altered.
func TestSignifyChecksRelease(t *testing.T) {
	signifyTool := chaintest.RequireTool(t, "signify-openbsd")
	dir := t.TempDir()
	names := []string{"hello-1.0.tar.gz", "hello-1.0.zip"}
	for i, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(strings.Repeat("release bytes ", 1000*(i+1))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list, err := signify.HashFiles(context.Background(), dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := signify.GenerateKey(nil)
	sig, err := signify.SignChecksumList(k, list, "hello 1.0")
	if err != nil {
		t.Fatal(err)
	}
	pubPath := filepath.Join(dir, "k.pub")
	os.WriteFile(pubPath, k.Public("hello release key").Marshal(), 0o644)
	os.WriteFile(filepath.Join(dir, "SHA256.sig"), sig.Marshal(), 0o644)
	cmd := exec.Command(signifyTool, "-C", "-p", pubPath, "-x", "SHA256.sig")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("signify -C: %v\n%s", err, out)
	}
	for _, n := range names {
		if !strings.Contains(string(out), n+": OK") {
			t.Fatalf("signify did not check %s:\n%s", n, out)
		}
	}
	os.WriteFile(filepath.Join(dir, names[0]), []byte("tampered"), 0o644)
	cmd = exec.Command(signifyTool, "-C", "-p", pubPath, "-x", "SHA256.sig")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("signify -C accepted a tampered file:\n%s", out)
	}
}

// signify's own release signature (SHA256.sig over two files) opens in Baton.
func TestSignifyReleaseFixtureOpens(t *testing.T) {
	pub, err := signify.ParsePublicKey("signify-nopass.pub", chaintest.ReadInterop(t, "signify-nopass.pub"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := signify.OpenChecksumList(pub, "SHA256.sig", chaintest.ReadInterop(t, "SHA256.sig"))
	if err != nil {
		t.Fatal(err)
	}
	if err := signify.VerifyFiles(context.Background(), chaintest.InteropDir(t), list, nil); err != nil {
		t.Fatal(err)
	}
	rel := chain.Release{Version: "fixture", Checksums: sha256.Sum256(chaintest.ReadInterop(t, "SHA256.sig")), Key: pub}
	if err := chain.VerifyRelease(context.Background(), rel, "SHA256.sig", chaintest.ReadInterop(t, "SHA256.sig"), chaintest.InteropDir(t), nil); err != nil {
		t.Fatal(err)
	}
}

// Chain entries are C2SP signed notes: golang.org/x/mod/sumdb/note opens
// them with verifiers made from the same keys.
func TestEntriesAreSignedNotes(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	ho := story[6] // signed by K6, S1, SR and witness W1
	var vs []note.Verifier
	for _, label := range []string{"K6", "S1", "SR", "W1"} {
		p := vectors.Pub(label)
		vkey, err := note.NewEd25519VerifierKey(chain.NoteKeyName(p), p.Key)
		if err != nil {
			t.Fatal(err)
		}
		v, err := note.NewVerifier(vkey)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	n, err := note.Open(ho.Marshal(), note.VerifierList(vs...))
	if err != nil {
		t.Fatalf("x/mod/sumdb/note rejects a Baton entry: %v", err)
	}
	if len(n.Sigs) != 4 || n.Text != string(ho.Text) {
		t.Fatalf("note verified %d signatures", len(n.Sigs))
	}
}
