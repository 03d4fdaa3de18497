package ceremony

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

const testPass = "correct horse battery staple"

// scriptUI answers every question the same way and records messages.
func scriptUI(t *testing.T, retire bool) *UI {
	return &UI{
		Passphrase: func(string, bool) ([]byte, error) { return []byte(testPass), nil },
		Confirm:    func(q string) (bool, error) { t.Logf("confirm? %s -> %v", q, retire); return retire, nil },
		Message:    func(l Level, s string) { t.Log(s) },
	}
}

func testVault(t *testing.T) *Vault {
	v, err := OpenVault(filepath.Join(t.TempDir(), "vault"))
	if err != nil {
		t.Fatal(err)
	}
	v.KDFRounds = 4 // fast tests; the format is the same
	return v
}

func clock() func() time.Time {
	t := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

func writeRelease(t *testing.T, version string) string {
	dir := filepath.Join(t.TempDir(), "dist-"+version)
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "hello-"+version+".tar.gz"), []byte("tarball of "+version), 0o644)
	os.WriteFile(filepath.Join(dir, "hello-"+version+".zip"), []byte("zip of "+version), 0o644)
	return dir
}

func TestGenesisThenReleasesPlusTwo(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Witnesses: []string{"Carol"}, Now: clock()}
	ui := scriptUI(t, true)
	out, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: "example.org/hello", Name: "Alice Maintainer"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Head.Position != 1 {
		t.Fatalf("genesis at %d", out.Head.Position)
	}
	p := v.Package("example.org/hello")
	for n := 1; n <= 5; n++ {
		version := fmt.Sprintf("1.%d", n)
		out, err := v.Release(ctx, ui, opts, ReleaseParams{Package: "example.org/hello", Version: version, Dir: writeRelease(t, version)})
		if err != nil {
			t.Fatalf("release %s: %v", version, err)
		}
		if out.Head.Position != uint64(n+1) {
			t.Fatalf("release %s at position %d", version, out.Head.Position)
		}
		keys, _ := p.Keys()
		var labels []string
		for _, k := range keys {
			s := k.Label
			if k.HasSecret {
				s += "*"
			}
			labels = append(labels, s)
		}
		// After release N: K_N, which signed it, is wiped; K_{N+1}
		// (announced) and K_{N+2} (spare) keep their secrets.
		if !slices.Equal(out.Wiped, []string{fmt.Sprintf("K%d", n)}) {
			t.Fatalf("release %s wiped %v", version, out.Wiped)
		}
		want := []string{"recovery*"}
		for i := 1; i <= n+2; i++ {
			if i > n {
				want = append(want, fmt.Sprintf("K%d*", i))
			} else {
				want = append(want, fmt.Sprintf("K%d", i))
			}
		}
		if strings.Join(labels, " ") != strings.Join(want, " ") {
			t.Fatalf("after release %s keys are %v, want %v", version, labels, want)
		}
		// The transcript verifies and names no secret.
		tr, text, err := p.OpenTranscript(out.Transcript)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Ceremony != "release" || !strings.Contains(text, "hello-"+version+".zip") {
			t.Fatalf("transcript:\n%s", text)
		}
	}
	entries, err := p.Chain()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p.ChainPath())
	res, err := chain.FirstTrust("example.org/hello", chain.NewReader("chain", bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Head.Position != 6 || len(res.Releases) != 5 || len(entries) != 6 {
		t.Fatalf("head %d, %d releases", res.Head.Position, len(res.Releases))
	}
}

func TestReleaseVerifiesWithSignify(t *testing.T) {
	signifyTool := chaintest.RequireTool(t, "signify-openbsd")
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	ui := scriptUI(t, false)
	if _, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: "hello", Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	dir := writeRelease(t, "1.0")
	out, err := v.Release(ctx, ui, opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	sig := out.Signature
	cmd := exec.Command(signifyTool, "-C", "-p", v.Package("hello").path("keys", "K1.pub"), "-x", sig)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("signify -C: %v\n%s", err, b)
	}
}

func TestWrongPassphraseStopsRelease(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, false), opts, GenesisParams{Package: "hello", Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	bad := scriptUI(t, false)
	bad.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	_, err := v.Release(ctx, bad, opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: writeRelease(t, "1.0")})
	if !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("got %v, want ErrWrongPassphrase", err)
	}
	// The ceremony resumes with the right passphrase and makes one entry.
	out, err := v.Release(ctx, scriptUI(t, false), opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: writeRelease(t, "1.0")})
	if err == nil || !errors.Is(err, ErrUnfinished) {
		// the release dir differs (new temp dir): a different ceremony
		t.Fatalf("got %v, want ErrUnfinished for other parameters", err)
	}
	_ = out
}

func TestVaultRefusedInGitWorkTree(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	_, err := OpenVault(filepath.Join(dir, "vault"))
	if !errors.Is(err, ErrInGitWorkTree) {
		t.Fatalf("got %v", err)
	}
}

func TestSecretKeyFilesAre0600(t *testing.T) {
	v := testVault(t)
	if _, err := v.Genesis(context.Background(), scriptUI(t, false), Options{Operator: "A", Now: clock()}, GenesisParams{Package: "hello", Name: "A"}); err != nil {
		t.Fatal(err)
	}
	m, _ := filepath.Glob(filepath.Join(v.Package("hello").Dir, "keys", "*.sec"))
	if len(m) != 3 {
		t.Fatalf("%d secret keys", len(m))
	}
	for _, f := range m {
		st, _ := os.Stat(f)
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v", f, st.Mode())
		}
		data, _ := os.ReadFile(f)
		enc, err := signify.ParseSecretKey(f, data)
		if err != nil || !enc.Encrypted() {
			t.Fatalf("%s is not encrypted", f)
		}
	}
}

// Release plus two with a backup: the new spare key is copied to the
// backup folder and restore-tested before the ceremony ends.
func TestReleaseBacksUpTheNewKey(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, true), opts, GenesisParams{Package: "hello", Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	media := t.TempDir()
	if _, err := v.Release(ctx, scriptUI(t, true), opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: writeRelease(t, "1.0"), BackupFolder: media}); err != nil {
		t.Fatal(err)
	}
	p := v.Package("hello")
	recs, err := p.Backups()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Label != "K3" || !recs[0].RestoreTested {
		t.Fatalf("backups: %+v", recs)
	}
	if _, err := os.Stat(filepath.Join(BackupDir(media, "hello"), "K3.sec")); err != nil {
		t.Fatal(err)
	}
	un, _ := p.UnprovenBackups()
	for _, l := range un {
		if l == "K3" {
			t.Fatalf("K3 still listed as not backed up: %v", un)
		}
	}
}
