package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
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
}

func cmdRestore(e *env, args []string) error {
	fs := e.flagSet("restore")
	pkg := fs.String("package", "", "")
	var label string
	fs.StringVar(&label, "label", "", "")
	fs.StringVar(&label, "key", "", "") // as the paper sheet spells it
	from := fs.String("from", "", "")
	check := fs.Bool("check", false, "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *pkg == "":
		return usageErr("restore: --package is missing", e.retry("--package", "NAME"))
	case label == "":
		return usageErr("restore: --label is missing: which key the backup holds (recovery or K<n>)", e.retry("--label", "K1"))
	case *from == "":
		return usageErr("restore: --from is missing: the backup (a .sec copy, the typed paper text, or a photo or scan of the sheet's QR code)",
			e.retry("--from", "BACKUP-FILE"))
	}
	n, ok := normalLabel(label)
	if !ok {
		return usageErr(fmt.Sprintf("restore: --label %q is not a key label: say recovery or K<n>", label), e.retryReplacing("--label", "K1"))
	}
	label = n
	if st, err := os.Stat(*from); err != nil || st.IsDir() {
		return usageErr(fmt.Sprintf("restore: --from %s is not a file", *from), e.retryReplacing("--from", "BACKUP-FILE"))
	}
	v, p, err := e.ceremonyVault(*pkg, &cf)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(*from)
	if err != nil {
		return failure(err)
	}
	secPath := filepath.Join(p.Dir, "keys", label+".sec")
	rp := ceremony.RestoreParams{Package: *pkg, Label: label, From: abs, Check: *check}
	out, err := e.dropEmptyJournal(p, func() (*ceremony.Outcome, error) {
		return v.Restore(e.ctx, e.ui(), cf.options(), rp)
	})
	if err != nil {
		return e.restoreErr(err, p, label, abs, secPath, *check)
	}
	e.bar.Break()
	rep := restoreReport{Package: *pkg, Label: label, From: abs, Check: *check, Transcript: out.Transcript}
	if recs, err := recordsAt(p, []string{abs}); err == nil {
		for _, r := range recs {
			if r.Label == label {
				rep.Kind = r.Kind
			}
		}
	}
	if pub, err := p.PublicKey(label); err == nil {
		rep.Key = describeKey(label, pub)
	}
	if !*check {
		rep.Installed = secPath
	}
	if rep.Unproven, err = p.UnprovenBackups(); err != nil {
		return failure(err)
	}
	if rep.Unproven == nil {
		rep.Unproven = []string{}
	}
	if e.g.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	what := "backup"
	if rep.Kind != "" {
		what = string(rep.Kind) + " backup"
	}
	if *check {
		fmt.Fprintf(w, "Restore test passed: the %s %s of %s decrypts with the passphrase and is %s.\n", what, abs, *pkg, label)
		fmt.Fprintf(w, "It is recorded as a restore-tested backup; no key file was written.\n")
	} else {
		fmt.Fprintf(w, "Restored %s of %s from the %s %s: it decrypts with the passphrase and matches.\n", label, *pkg, what, abs)
		fmt.Fprintf(w, "wrote %s\n", secPath)
	}
	if rep.Key != nil {
		fmt.Fprintf(w, "\n  %s: %s\n      %s\n\nThese words must match the ones on the sheet or in baton keys show.\n", label, rep.Key.Key, rep.Key.Words)
	}
	printUnproven(e, *pkg, "", cf.operator, rep.Unproven)
	fmt.Fprintf(w, "transcript: %s\n", out.Transcript)
	return nil
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
	case errors.Is(err, chain.ErrWrongPassphrase):
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
