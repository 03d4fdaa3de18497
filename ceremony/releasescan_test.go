package ceremony

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/baton-signing/baton/chain/signify"
)

func TestScanReleaseListsWhatToReview(t *testing.T) {
	dir := writeRelease(t, "1.0")
	os.WriteFile(filepath.Join(dir, ".env"), []byte("SECRET=1"), 0o644)
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("notes"), 0o644)
	os.Symlink("sub/notes.txt", filepath.Join(dir, "link"))
	os.WriteFile(filepath.Join(dir, SignatureName), []byte("an old signature"), 0o644)
	s, err := ScanRelease(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Dotfiles, []string{".env"}) || !slices.Equal(s.Symlinks, []string{"link"}) || !slices.Equal(s.Subfolders, []string{"sub/"}) || !s.Refused() {
		t.Errorf("scan %+v", s)
	}
	if len(s.Files) != 4 || len(s.Signed(false)) != 3 {
		t.Errorf("files %v, signed without dotfiles %v", s.Files, s.Signed(false))
	}
}

// A wrong passphrase fails before a single byte is hashed.
func TestReleaseChecksPassphraseBeforeHashing(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, true), opts, GenesisParams{Package: "example.org/hello", Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	ui := scriptUI(t, true)
	ui.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	hashed := false
	ui.Progress = func(string, int64, int64) { hashed = true }
	_, err := v.Release(ctx, ui, opts, ReleaseParams{Package: "example.org/hello", Version: "1.0", Dir: writeRelease(t, "1.0")})
	if !errors.Is(err, signify.ErrWrongPassphrase) || hashed {
		t.Errorf("release with a wrong passphrase: %v, hashed %v", err, hashed)
	}
}
