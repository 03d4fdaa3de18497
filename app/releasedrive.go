package app

// Drivers of the release wizard's review and publish pages, for the tests
// and the screenshots tool (see drivers.go).

import (
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/app/internal/drive"
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
