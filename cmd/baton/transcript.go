package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func cmdTranscript(e *env, args []string) error {
	fs := e.flagSet("transcript")
	pkg := fs.String("package", "", "")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr("transcript: --package is missing", e.retry("--package", "NAME"))
	}
	if len(rest) > 1 {
		return usageErr("transcript: name at most one transcript", "baton transcript --package "+shellQuote(*pkg))
	}
	v, err := e.existingVault()
	if err != nil {
		return err
	}
	p := v.Package(*pkg)
	list, err := p.Transcripts()
	if err != nil {
		return failure(err)
	}
	if len(rest) == 0 {
		if e.g.json {
			if list == nil {
				list = []string{}
			}
			return e.printJSON(map[string]any{"package": *pkg, "transcripts": list})
		}
		if len(list) == 0 {
			fmt.Fprintf(e.stdout, "no transcripts for %s in %s\n", *pkg, v.Dir)
		}
		for _, t := range list {
			fmt.Fprintln(e.stdout, t)
		}
		return nil
	}
	path := rest[0]
	if _, err := os.Stat(path); err != nil {
		// A name from the list, with or without its directory and suffix.
		base := filepath.Base(path)
		for _, t := range list {
			if filepath.Base(t) == base || strings.TrimSuffix(filepath.Base(t), ".txt.sig") == base {
				path = t
			}
		}
	}
	if _, err := os.Stat(path); err != nil {
		return failure(fmt.Errorf("no transcript %s for %s", rest[0], *pkg), "baton transcript --package "+shellQuote(*pkg))
	}
	t, text, err := p.OpenTranscript(path)
	if err != nil {
		return refused(fmt.Errorf("transcript %s does not verify: %w", rest[0], err), "baton transcript --package "+shellQuote(*pkg))
	}
	if e.g.json {
		return e.printJSON(t)
	}
	fmt.Fprint(e.stdout, text)
	fmt.Fprintf(e.stdout, "\n(signature checked with %s: %s)\n", t.SignedBy.Label, t.SignedBy.Words)
	return nil
}
