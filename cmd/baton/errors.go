package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// Exit codes; see `baton help`, EXIT CODES.
const (
	exitOK      = 0 // success
	exitRefused = 1 // verification refused: bad chain, signature, files, mismatch
	exitUsage   = 2 // the command line is wrong
	exitDecide  = 3 // a person must decide and nobody could be asked (or they declined)
	exitFailure = 4 // ceremony or I/O failure: vault, passphrase, unfinished ceremony...
)

// exitError is an error with its exit code and hints: corrected commands
// printed after it as "hint: ..." lines.
type exitError struct {
	code  int
	err   error
	hints []string
}

func (x *exitError) Error() string { return x.err.Error() }
func (x *exitError) Unwrap() error { return x.err }

func usageErr(msg string, hints ...string) error {
	return &exitError{code: exitUsage, err: errors.New(msg), hints: hints}
}

// failure marks err as a ceremony or I/O failure (exit 4), unless it
// already carries a code.
func failure(err error, hints ...string) error {
	var x *exitError
	if errors.As(err, &x) {
		if len(hints) == 0 {
			return err
		}
		return &exitError{code: x.code, err: err, hints: append(append([]string(nil), x.hints...), hints...)}
	}
	return &exitError{code: exitFailure, err: err, hints: hints}
}

// refused marks err as a verification refusal (exit 1).
func refused(err error, hints ...string) error {
	return &exitError{code: exitRefused, err: err, hints: hints}
}

// undecided marks a decision nobody could make (exit 3).
func undecided(err error, hints ...string) error {
	return &exitError{code: exitDecide, err: err, hints: hints}
}

// exitCode maps an error to the exit code: the code it carries, else 1
// for the chain's refusals, else 4.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var x *exitError
	if errors.As(err, &x) {
		return x.code
	}
	if isRefusal(err) {
		return exitRefused
	}
	return exitFailure
}

// hintsOf collects the hints of every exitError in err's chain, outermost
// first, without repeats.
func hintsOf(err error) []string {
	var out []string
	seen := map[string]bool{}
	for err != nil {
		if x, ok := err.(*exitError); ok {
			for _, h := range x.hints {
				if !seen[h] {
					seen[h] = true
					out = append(out, h)
				}
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				for _, h := range hintsOf(e) {
					if !seen[h] {
						seen[h] = true
						out = append(out, h)
					}
				}
			}
			err = nil
		default:
			err = nil
		}
	}
	return out
}

// refusals are the chain's reasons to refuse, with what they mean for a
// person, most specific first.
var refusals = []struct {
	err  error
	text string
}{
	{chain.ErrFork, "this chain belongs to another signatory than the one you trust: it is a fork of the package (someone else's chain for the same name) or an impostor"},
	{chain.ErrRollback, "this copy of the chain is older than what you already trust: a stale mirror, or someone is rolling you back"},
	{chain.ErrEquivocation, "the signatory published two different histories for the same position"},
	{chain.ErrBrokenLink, "an entry of the chain was altered, reordered or taken from another chain"},
	{chain.ErrOrder, "entries of the chain are missing, duplicated or out of order"},
	{chain.ErrUnannounced, "an entry is signed by a key the chain never announced"},
	{chain.ErrOtherPackage, "the chain contains an entry for another package"},
	{chain.ErrKeyReuse, "the chain announces the same key twice"},
	{chain.ErrWrongIdentity, "an entry names the wrong signatory"},
	{signify.ErrChecksumMismatch, "release files were altered after they were signed"},
	{signify.ErrFileMissing, "release files are missing"},
	{signify.ErrNotRegularFile, "a release file is not a regular file"},
	{signify.ErrFileChanged, "a release file changed while it was being checked"},
	{signify.ErrBadSignature, "a signature does not verify: the file was altered or signed by another key"},
	{chain.ErrNotSigned, "an entry lacks a signature it needs"},
	{chain.ErrArtifact, "the release files do not match the chain"},
}

func isRefusal(err error) bool {
	var ce *chain.Error
	var bf *signify.BadFilesError
	var pe *signify.ParseError
	if errors.As(err, &ce) || errors.As(err, &bf) || errors.As(err, &pe) {
		return true
	}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			return true
		}
	}
	return isLogRefusal(err)
}

// explain returns one line saying what a refusal means.
func explain(err error) string {
	var bf *signify.BadFilesError
	if errors.As(err, &bf) {
		var parts []string
		for _, b := range bf.Bad {
			what := "unreadable"
			switch {
			case errors.Is(b.Err, signify.ErrChecksumMismatch):
				what = "altered"
			case errors.Is(b.Err, signify.ErrFileMissing):
				what = "missing"
			case errors.Is(b.Err, signify.ErrNotRegularFile):
				what = "not a regular file"
			case errors.Is(b.Err, signify.ErrFileChanged):
				what = "changed while read"
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", untrusted.Escape(b.Name), what))
			if len(parts) == 10 && len(bf.Bad) > 10 {
				parts = append(parts, fmt.Sprintf("and %d more", len(bf.Bad)-10))
				break
			}
		}
		return fmt.Sprintf("%d of %d release files do not match their signed checksums: %s", len(bf.Bad), bf.Listed, strings.Join(parts, ", "))
	}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	for _, r := range logRefusals {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	var pe *signify.ParseError
	if errors.As(err, &pe) {
		return "the file is malformed: " + pe.Msg
	}
	return "verification failed"
}

// ceremonyErr adds hints to a ceremony's error and marks it exit 4.
func (e *env) ceremonyErr(err error, pkg string) error {
	var hints []string
	switch {
	case errors.Is(err, ceremony.ErrUnfinished):
		var ue *ceremony.UnfinishedError
		if errors.As(err, &ue) {
			pkg = ue.Package
		}
		hints = append(hints, "run the unfinished ceremony again with the same arguments to resume it (baton status shows them)",
			"baton abort --package "+shellQuote(pkg))
	case errors.Is(err, signify.ErrWrongPassphrase):
		hints = append(hints, e.retry("--passphrase-file", "FILE-WITH-THE-RIGHT-PASSPHRASE"))
	case errors.Is(err, ceremony.ErrInGitWorkTree):
		hints = append(hints, e.retry("--vault", "DIR-OUTSIDE-ANY-REPOSITORY"))
	case errors.Is(err, ceremony.ErrSecretInRepo):
		hints = append(hints, "treat the key as compromised: remove it from the repository's history and replace it with the recovery key")
	case errors.Is(err, ceremony.ErrKeyLost):
		hints = append(hints, "drop this ceremony: baton abort --package "+shellQuote(pkg),
			"replace the lost key with the recovery key: baton rekey --package "+shellQuote(pkg)+" --reason 'the release key was lost' --operator YOUR-NAME")
	case errors.Is(err, ceremony.ErrOnline):
		hints = append(hints, "disconnect the network, then: "+e.retry())
	case errors.Is(err, ceremony.ErrNoEmergencyKey):
		hints = append(hints, "an emergency key is made only with a new chain (baton init --emergency-key)",
			"to replace a lost or stolen key in force: baton rekey --package "+shellQuote(pkg)+" --reason 'WHAT HAPPENED' --operator YOUR-NAME")
	}
	return failure(err, hints...)
}
