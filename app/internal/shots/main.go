// Command shots draws the desktop app's wizard pages that the README and
// docs/screenshots show, headlessly with Fyne's test driver, and writes
// them as PNG files:
//
//	go run ./app/internal/shots -out docs/screenshots
//
// Run it from the repository's root (it reads the verify vectors in
// testdata/), or name that directory with -testdata. It needs no display
// and no cgo. Any error (a wizard that does not reach its page, a blank
// picture, a page missing, a file not written) makes it exit with status
// 1 and say which; it never skips a page. make screenshots runs it; the
// main screens come from the real app under Xvfb (scripts/smoke.sh).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/app"
	"github.com/baton-signing/baton/app/internal/drive"
)

// pages are the pages the tool writes, as name.png: every one must be
// drawn.
var pages = []string{
	"handover-request-done",
	"handover-witness-done",
	"handover-sign-question",
	"backup-shares-done",
	"restore-refused",
	"verify-refused-equivocation",
	"verify-consent-handover",
	"verify-release-ok",
	"verify-release-refused",
	"trust-screen",
	"trust-unpin-confirm",
	"release-review",
	"release-publish",
	"dependencies",
	"dependencies-package",
}

// timeout bounds a run: a wizard that waits for an answer nobody gives
// fails the tool instead of hanging it.
const timeout = 5 * time.Minute

func main() {
	out := flag.String("out", "", "the `directory` to write the PNG files to (docs/screenshots)")
	testdata := flag.String("testdata", "testdata", "the repository's testdata `directory`, with the verify vectors")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./app/internal/shots -out docs/screenshots [-testdata testdata]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	time.AfterFunc(timeout, func() {
		fmt.Fprintf(os.Stderr, "shots: FAIL: not done after %v (a wizard waits for something?)\n", timeout)
		os.Exit(1)
	})
	if err := run(*out, *testdata); err != nil {
		fmt.Fprintf(os.Stderr, "shots: FAIL: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("shots: wrote %d pages to %s\n", len(pages), *out)
}

// run draws every page into dir, which it makes if need be.
func run(dir, testdata string) error {
	if _, err := os.Stat(filepath.Join(testdata, "vectors.json")); err != nil {
		return fmt.Errorf("the verify vectors: %w (run from the repository's root, or pass -testdata)", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d := drive.Driver{Tap: test.Tap, Type: test.Type, Renderer: test.WidgetRenderer, NewApp: test.NewApp}
	defer drive.RemoveDemoVault()
	var shot []string
	err := app.Screenshots(d, testdata, func(name string, w fyne.Window) error {
		if !slices.Contains(pages, name) {
			return fmt.Errorf("a page this tool does not know: add it to pages")
		}
		if slices.Contains(shot, name) {
			return fmt.Errorf("drawn twice")
		}
		shot = append(shot, name)
		png, err := drive.EncodePNG(d.Capture(w))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	for _, name := range pages {
		if !slices.Contains(shot, name) {
			errs = append(errs, fmt.Errorf("%s: not drawn", name))
		}
	}
	return errors.Join(errs...)
}
