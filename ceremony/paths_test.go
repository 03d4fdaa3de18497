package ceremony

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPathsAreWhereCeremoniesWrite checks the typed vault paths against
// the files a genesis and a release write.
func TestPathsAreWhereCeremoniesWrite(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	ui := scriptUI(t, true)
	const pkg = "example.org/hello"
	if _, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: pkg, Name: "Alice Maintainer"}); err != nil {
		t.Fatal(err)
	}
	dist := writeRelease(t, "1.1")
	out, err := v.Release(ctx, ui, opts, ReleaseParams{Package: pkg, Version: "1.1", Dir: dist})
	if err != nil {
		t.Fatal(err)
	}
	p := v.Package(pkg)
	for _, path := range []string{p.ChainPath(), p.KeyPath("recovery"), p.KeyPath("K2"), p.PublicKeyPath("K1"),
		p.ChecksumsPath("1.1"), p.SignaturePath("1.1")} {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%v", err)
		}
		if !strings.HasPrefix(path, p.Dir+string(filepath.Separator)) {
			t.Errorf("%s is not under %s", path, p.Dir)
		}
	}
	if !p.HasSecret("K2") || p.HasSecret("K1") {
		t.Errorf("HasSecret disagrees with KeyPath")
	}
	if _, err := os.Stat(p.KeyPath("K1")); err == nil {
		t.Errorf("%s: the used key's secret is still there", p.KeyPath("K1"))
	}
	// SHA256.sig is published beside the release files: the outcome names
	// that copy, the same bytes as the vault's.
	beside := filepath.Join(dist, SignatureName)
	if out.Signature != beside || out.Chain != p.ChainPath() {
		t.Errorf("the release wrote the signature %s and chain %s; want %s beside the files, ChainPath %s", out.Signature, out.Chain, beside, p.ChainPath())
	}
	if a, _ := os.ReadFile(beside); len(a) == 0 || string(a) != string(must(os.ReadFile(p.SignaturePath("1.1")))) {
		t.Errorf("%s is not a copy of the vault's %s", beside, p.SignaturePath("1.1"))
	}
	if files, err := ReleaseFiles(dist, nil, false); err != nil || len(files) != 2 {
		t.Errorf("the release directory with SHA256.sig beside its files lists %v, %v: want the two release files", files, err)
	}
	if !slices.Equal(out.Files, []string{p.ChainPath(), beside}) {
		t.Errorf("the release lists %q to publish, want the chain and the signature", out.Files)
	}
	ts, err := p.Transcripts()
	if err != nil || len(ts) != 2 {
		t.Fatalf("transcripts %q, %v", ts, err)
	}
	for _, tr := range ts {
		if filepath.Dir(tr) != p.TranscriptsDir() {
			t.Errorf("transcript %s is not in %s", tr, p.TranscriptsDir())
		}
	}
	if _, err := os.Stat(p.JournalPath()); err == nil {
		t.Errorf("%s left after a finished ceremony", p.JournalPath())
	}
	if ents, err := os.ReadDir(p.KeysDir()); err != nil || len(ents) == 0 {
		t.Errorf("KeysDir %s: %v", p.KeysDir(), err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
