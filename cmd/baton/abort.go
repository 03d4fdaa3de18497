package main

import (
	"fmt"
	"strings"
)

func cmdAbort(e *env, args []string) error {
	fs := e.flagSet("abort")
	pkg := fs.String("package", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr("abort: --package is missing", e.retry("--package", "NAME"))
	}
	v, err := e.existingVault()
	if err != nil {
		return err
	}
	p := v.Package(*pkg)
	name, params, steps, err := p.Pending()
	if err != nil {
		return failure(err)
	}
	if name == "" {
		return failure(fmt.Errorf("no unfinished ceremony for %s in the vault %s", *pkg, v.Dir), "baton status")
	}
	if err := p.Abort(); err != nil {
		return failure(err)
	}
	if e.g.json {
		return e.printJSON(map[string]any{"package": *pkg, "aborted": name, "params": params, "steps_done": steps})
	}
	fmt.Fprintf(e.stdout, "Aborted the unfinished %s ceremony of %s", name, *pkg)
	if v := params["version"]; v != "" {
		fmt.Fprintf(e.stdout, " (version %s)", v)
	}
	fmt.Fprintf(e.stdout, ".\nSteps it had done: %s\n", orNone(strings.Join(steps, ", ")))
	fmt.Fprintf(e.stdout, "Keys it generated stay in the vault; the chain is unchanged unless its entry was already appended.\n")
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
