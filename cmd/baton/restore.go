package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

// restoreReport is what restore prints with --json.
type restoreReport struct {
	Package    string              `json:"package"`
	Label      string              `json:"label"`
	From       string              `json:"from"`
	Kind       ceremony.BackupKind `json:"kind"`  // file or paper (typed text, photo or scan)
	Check      bool                `json:"check"` // only restore-tested, no key written
	Key        *keyJSON            `json:"key"`
	Installed  string              `json:"installed,omitempty"` // the key file written into the vault
	Transcript string              `json:"transcript"`
	Unproven   []string            `json:"unproven"`

	operator string // --operator, for the backup command suggested
}

// restoreRequest is a restore as the command line asks for it.
type restoreRequest struct {
	pkg, label, from string // label normalised
	check            bool
	cf               ceremonyFlags
}

func cmdRestore(e *env, args []string) error {
	req, err := parseRestore(e, args)
	if err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(req.pkg, &req.cf)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(req.from)
	if err != nil {
		return failure(err)
	}
	rp := ceremony.RestoreParams{Package: req.pkg, Label: req.label, From: abs, Check: req.check}
	out, err := e.dropEmptyJournal(p, func() (*ceremony.Outcome, error) {
		return v.Restore(e.ctx, e.ui(), req.cf.options(), rp)
	})
	if err != nil {
		return e.restoreErr(err, p, req.label, abs, p.KeyPath(req.label), req.check)
	}
	e.bar.Break()
	rep := &restoreReport{Package: req.pkg, Label: req.label, From: abs, Check: req.check, Transcript: out.Transcript,
		operator: req.cf.operator}
	if recs, err := recordsAt(p, []string{abs}); err == nil {
		for _, r := range recs {
			if r.Label == req.label {
				rep.Kind = r.Kind
			}
		}
	}
	if pub, err := p.PublicKey(req.label); err == nil {
		rep.Key = describeKey(req.label, pub)
	}
	if !req.check {
		rep.Installed = p.KeyPath(req.label)
	}
	if rep.Unproven, err = p.UnprovenBackups(); err != nil {
		return failure(err)
	}
	rep.Unproven = orEmpty(rep.Unproven)
	return e.print(rep)
}

// parseRestore parses restore's flags.
func parseRestore(e *env, args []string) (*restoreRequest, error) {
	fs := e.flagSet("restore")
	req := &restoreRequest{}
	fs.StringVar(&req.pkg, "package", "", "")
	fs.StringVar(&req.label, "label", "", "")
	fs.StringVar(&req.label, "key", "", "") // as the paper sheet spells it
	fs.StringVar(&req.from, "from", "", "")
	fs.BoolVar(&req.check, "check", false, "")
	req.cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return nil, err
	}
	switch {
	case req.pkg == "":
		return nil, usageErr("restore: --package is missing", e.retry("--package", "NAME"))
	case req.label == "":
		return nil, usageErr("restore: --label is missing: which key the backup holds (recovery or K<n>)", e.retry("--label", "K1"))
	case req.from == "":
		return nil, usageErr("restore: --from is missing: the backup "+
			"(a .sec copy, the typed paper text, or a photo or scan of the sheet's QR code)",
			e.retry("--from", "BACKUP-FILE"))
	}
	n, ok := normalLabel(req.label)
	if !ok {
		return nil, usageErr(fmt.Sprintf("restore: --label %q is not a key label: say recovery or K<n>", req.label),
			e.retryReplacing("--label", "K1"))
	}
	req.label = n
	if st, err := os.Stat(req.from); err != nil || st.IsDir() {
		return nil, usageErr(fmt.Sprintf("restore: --from %s is not a file", req.from), e.retryReplacing("--from", "BACKUP-FILE"))
	}
	return req, nil
}

func (rep *restoreReport) text(e *env, w io.Writer) {
	what := "backup"
	if rep.Kind != "" {
		what = string(rep.Kind) + " backup"
	}
	if rep.Check {
		fmt.Fprintf(w, "Restore test passed: the %s %s of %s decrypts with the passphrase and is %s.\n",
			what, rep.From, rep.Package, rep.Label)
		fmt.Fprintf(w, "It is recorded as a restore-tested backup; no key file was written.\n")
	} else {
		fmt.Fprintf(w, "Restored %s of %s from the %s %s: it decrypts with the passphrase and matches.\n",
			rep.Label, rep.Package, what, rep.From)
		fmt.Fprintf(w, "wrote %s\n", rep.Installed)
	}
	if rep.Key != nil {
		fmt.Fprintf(w, "\n  %s: %s\n      %s\n\nThese words must match the ones on the sheet or in baton keys show.\n",
			rep.Label, rep.Key.Key, rep.Key.Words)
	}
	printUnproven(e, rep.Package, "", rep.operator, rep.Unproven)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}

// restoreErr adds hints to a failed restore.
func (e *env) restoreErr(err error, p *ceremony.Package, label, from, secPath string, check bool) error {
	pending, _, _, _ := p.Pending()
	if pending != "" {
		return e.ceremonyErr(err, p.Name)
	}
	if !check {
		if _, serr := os.Stat(secPath); serr == nil {
			return failure(fmt.Errorf("the vault already holds the secret key %s of %s (%s): a restore never overwrites a key", label, p.Name, secPath),
				"to restore-test the backup without writing a key: "+e.retry("--check"),
				"to replace a damaged key file, move it out of the vault first: mv "+shellQuote(secPath)+" "+shellQuote(secPath+".damaged"))
		}
	}
	switch {
	case errors.Is(err, signify.ErrWrongPassphrase):
		return failure(fmt.Errorf("%w: either the passphrase is not this key's, or the backup was altered or damaged", err),
			e.retry("--passphrase-file", "FILE-WITH-THE-RIGHT-PASSPHRASE"),
			"with the right passphrase this backup is bad: restore from another one, then make a new backup (baton backup list --package "+shellQuote(p.Name)+")")
	case errors.Is(err, ceremony.ErrInGitWorkTree) && strings.HasPrefix(err.Error(), "the backup "):
		return failure(err, "move the backup out of the repository, then: "+e.retryReplacing("--from", "BACKUP-OUTSIDE-ANY-REPOSITORY"))
	case errors.Is(err, ceremony.ErrUnfinished), errors.Is(err, ceremony.ErrInGitWorkTree), errors.Is(err, ceremony.ErrOnline):
		return e.ceremonyErr(err, p.Name)
	}
	if errors.Is(err, ceremony.ErrOtherKey) {
		if other := p.BackupOf(from); other != "" && other != label {
			return failure(err, fmt.Sprintf("the backup has the key number of %s: %s", other, e.retryReplacing("--label", other)))
		}
	}
	return failure(err, "the backup is not usable: restore from another one (baton backup list --package "+shellQuote(p.Name)+")")
}
