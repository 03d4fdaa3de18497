package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func TestExitCodes(t *testing.T) {
	chainErr := &chain.Error{File: "chain", Position: 4, Err: chain.ErrFork, Detail: "another signatory"}
	badFiles := fmt.Errorf("%w: release 1.0: %w", chain.ErrArtifact, &signify.BadFilesError{
		Bad: []signify.BadFile{{Name: "a.zip", Err: signify.ErrChecksumMismatch}}, Listed: 2})
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"fork", chainErr, exitRefused},
		{"wrapped fork", fmt.Errorf("verify: %w", chainErr), exitRefused},
		{"rollback sentinel", fmt.Errorf("x: %w", chain.ErrRollback), exitRefused},
		{"bad files", badFiles, exitRefused},
		{"bad signature", fmt.Errorf("sig: %w", signify.ErrBadSignature), exitRefused},
		{"malformed chain", &signify.ParseError{File: "chain", Line: 3, Msg: "bad"}, exitRefused},
		{"usage", usageErr("verify: --chain is missing"), exitUsage},
		{"undecided", undecided(errors.New("nobody to ask")), exitDecide},
		{"refused wins over its cause", refused(errors.New("MISMATCH")), exitRefused},
		{"unfinished ceremony", fmt.Errorf("release: %w", ceremony.ErrUnfinished), exitFailure},
		{"wrong passphrase", fmt.Errorf("K1.sec: %w", signify.ErrWrongPassphrase), exitFailure},
		{"missing file", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, exitFailure},
		{"cancelled", context.Canceled, exitFailure},
		{"plain", errors.New("disk full"), exitFailure},
		// A ceremony error keeps the code of the UI error inside it.
		{"failure keeps inner code", failure(fmt.Errorf("step: %w", usageErr("x"))), exitUsage},
		{"failure of a chain error", failure(chainErr), exitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestHintsAndExplanations(t *testing.T) {
	inner := usageErr("no passphrase", "baton init --passphrase-file FILE")
	err := failure(fmt.Errorf("genesis ceremony, step %q: %w", "generate-recovery", inner), "baton status", "baton init --passphrase-file FILE")
	hints := hintsOf(err)
	// The inner error's hints come first, and none repeats.
	if len(hints) != 2 || hints[0] != "baton init --passphrase-file FILE" || hints[1] != "baton status" {
		t.Errorf("hints = %q", hints)
	}

	bad := &signify.BadFilesError{Listed: 3, Bad: []signify.BadFile{
		{Name: "docs/README", Err: signify.ErrFileMissing},
		{Name: "hello.zip", Err: signify.ErrChecksumMismatch},
	}}
	if got, want := explain(fmt.Errorf("%w: %w", chain.ErrArtifact, bad)), "2 of 3 release files do not match their signed checksums: docs/README (missing), hello.zip (altered)"; got != want {
		t.Errorf("explain(bad files) = %q, want %q", got, want)
	}
	for _, r := range refusals {
		ce := &chain.Error{File: "c", Position: 2, Err: r.err}
		if got := explain(ce); got != r.text {
			t.Errorf("explain(%v) = %q, want %q", r.err, got, r.text)
		}
	}
	if got := explain(errors.New("x")); got != "verification failed" {
		t.Errorf("explain(other) = %q", got)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"hello":             "hello",
		"vault/hello/chain": "vault/hello/chain",
		"Alice Maintainer":  "'Alice Maintainer'",
		"it's":              `'it'\''s'`,
		"":                  "''",
		"$HOME":             "'$HOME'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
