package main

import (
	"fmt"
	"io"

	"github.com/baton-signing/baton/ceremony"
)

// versionReport is what baton version (or baton --version) prints.
type versionReport struct {
	Version string `json:"version"`
}

func (r versionReport) text(_ *env, w io.Writer) { fmt.Fprintf(w, "baton %s\n", r.Version) }

// cmdVersion prints Baton's version, ceremony.Version: the one the app's
// About screen shows and FyneApp.toml gives the packager.
func cmdVersion(e *env, args []string) error {
	fs := e.flagSet("version")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	return e.print(versionReport{Version: ceremony.Version})
}
