// Command baton-log is Baton's transparency log server: chain entries,
// exactly as signed, appended under the chain rules (first seen wins) to a
// C2SP tlog-tiles log on Tessera's POSIX storage, checkpoints cosigned by
// witnesses, and the evidence of refused forks served beside them.
//
//	baton-log keygen --origin example.org/log --key log.key
//	baton-log serve --dir DIR --key log.key [--listen ADDR] [--witness-policy FILE]
//
// See README.md, "Running a log and witnesses", and spec/log.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is a wrong command line: exit 2.
type usageError struct{ msg, hint string }

func (u *usageError) Error() string { return u.msg }

// hinted is a failure with the corrected command: exit 1.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return h.err.Error() }
func (h *hinted) Unwrap() error { return h.err }

const usage = `usage:
  baton-log keygen --origin ORIGIN --key FILE
  baton-log vkey --key FILE
  baton-log serve --dir DIR --key FILE [--listen ADDR] [--witness-policy FILE]
        [--checkpoint-interval 1s] [--republish-interval 1h] [--batch-max-age 50ms]`

func run(args []string, stdout, stderr io.Writer) int {
	err := dispatch(args, stdout, stderr)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "baton-log: error: %s\n", err)
	var u *usageError
	var h *hinted
	switch {
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "hint: %s\n", u.hint)
		return 2
	case errors.As(err, &h):
		fmt.Fprintf(stderr, "hint: %s\n", h.hint)
	}
	return 1
}

func dispatch(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{"no verb given", strings.ReplaceAll(usage, "\n", "\n      ")}
	}
	switch args[0] {
	case "keygen":
		return cmdKeygen(args[1:], stdout)
	case "vkey":
		return cmdVkey(args[1:], stdout)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return &usageError{fmt.Sprintf("unknown verb %q", args[0]), "baton-log help"}
}
