package app

// Drivers of the release wizard's review and publish pages, for the tests
// and the screenshots tool (see drivers.go).

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
)

// reviewButton is the review page's button on to the passphrase.
const reviewButton = "Sign these files: passphrase"

// passReview waits for the release's review page (after Next on the
// details) and goes on from it to the passphrase.
func passReview(t drive.T, st *appState, wz *wizard) {
	t.Helper()
	idle(st)
	if wz.page != pageReview {
		t.Fatalf("on page %d after the details, want the review; error %q", wz.page, wz.formErr.Text)
	}
	ui.Tap(findButton(t, wz.root, reviewButton))
	if wz.page != pagePassphrase {
		t.Fatalf("the review did not go on to the passphrase: page %d, %q", wz.page, wz.review.err.Text)
	}
}

// releaseDir writes a release directory of one file, plus a dotfile and
// a file in a subfolder when messy.
func releaseDir(t drive.T, version string, messy bool) string {
	t.Helper()
	dist := filepath.Join(t.TempDir(), "dist-"+version)
	files := map[string]string{"hello-" + version + ".tar.gz": "release " + version}
	if messy {
		files[".env"] = "TOKEN=not for publishing"
		files["docs/notes.txt"] = "notes"
	}
	for name, data := range files {
		path := filepath.Join(dist, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dist
}

// halfDoneRelease leaves a release of version in v's demo package
// unfinished after its entry step (the entry is the chain's head), its
// dotfiles included, as a power cut would; it returns the release folder.
func halfDoneRelease(t drive.T, v *ceremony.Vault, version string) string {
	t.Helper()
	dist := releaseDir(t, version, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := ceremony.Options{Operator: "Tester", Hook: func(point string) {
		if point == "entry:saved" {
			cancel()
		}
	}}
	ui := &ceremony.UI{Passphrase: func(string, bool) ([]byte, error) { return []byte(ceremony.DemoPassphrase), nil }}
	_, err := v.Release(ctx, ui, opts, ceremony.ReleaseParams{Package: ceremony.DemoPackage, Version: version, Dir: dist, IncludeDotfiles: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the release was to stop half done: %v", err)
	}
	return dist
}
