package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/signify"
)

// backupReport is what backup prints with --json.
type backupReport struct {
	Ceremony   string                  `json:"ceremony"` // backup-files or backup-paper
	Package    string                  `json:"package"`
	Kind       ceremony.BackupKind     `json:"kind"`
	Folder     string                  `json:"folder"` // the package's backup directory inside --to
	Backups    []ceremony.BackupRecord `json:"backups"`
	Unproven   []string                `json:"unproven"` // keys still without a restore-tested backup
	Transcript string                  `json:"transcript"`

	req *backupRequest // for the text: the folder and operator to suggest
}

// backupListReport is what backup list prints with --json.
type backupListReport struct {
	Package  string                  `json:"package"`
	Backups  []ceremony.BackupRecord `json:"backups"`
	Unproven []string                `json:"unproven"`
}

// backupRequest is a backup ceremony as the command line asks for it.
type backupRequest struct {
	pkg, to string
	paper   bool
	labels  []string // normalised, each once; none for every key
	cf      ceremonyFlags
}

func cmdBackup(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "list", "ls":
			e.verb, e.args = "backup list", args[1:]
			return backupList(e, args[1:])
		case "destroyed":
			e.verb, e.args = "backup destroyed", args[1:]
			return backupDestroyed(e, args[1:])
		case "help":
			return e.showHelp("backup")
		}
	}
	req, err := parseBackup(e, args)
	if err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(req.pkg, &req.cf)
	if err != nil {
		return err
	}
	if err := checkSecrets(e, p, req.labels); err != nil {
		return err
	}
	bp := ceremony.BackupParams{Package: req.pkg, Folder: req.to, Labels: req.labels}
	backup := v.BackupFiles
	if req.paper {
		backup = v.BackupPaper
	}
	out, err := e.dropEmptyJournal(p, func() (*ceremony.Outcome, error) {
		return backup(e.ctx, e.ui(), req.cf.options(), bp)
	})
	if err != nil {
		return e.backupErr(err, p)
	}
	e.bar.Break()
	rep, err := newBackupReport(req, p, out)
	if err != nil {
		return failure(err)
	}
	return e.print(rep)
}

// parseBackup parses backup's flags and the labels of the keys to back up.
func parseBackup(e *env, args []string) (*backupRequest, error) {
	fs := e.flagSet("backup")
	req := &backupRequest{}
	fs.StringVar(&req.pkg, "package", "", "")
	fs.StringVar(&req.to, "to", "", "")
	fs.BoolVar(&req.paper, "paper", false, "")
	req.cf.register(fs)
	labels, err := e.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if req.pkg == "" {
		return nil, usageErr("backup: --package is missing", e.retry("--package", "NAME"))
	}
	if err := checkFolder(e, "--to", req.to, "FOLDER-ON-REMOVABLE-MEDIA"); err != nil {
		return nil, err
	}
	for _, l := range labels {
		n, ok := normalLabel(l)
		if !ok {
			return nil, usageErr(fmt.Sprintf("backup: %q is not a key label: "+
				"say recovery or K<n> (baton keys list shows them)", l),
				"baton keys list --package "+shellQuote(req.pkg))
		}
		if !slices.Contains(req.labels, n) {
			req.labels = append(req.labels, n)
		}
	}
	return req, nil
}

// newBackupReport describes a finished backup ceremony.
func newBackupReport(req *backupRequest, p *ceremony.Package, out *ceremony.Outcome) (*backupReport, error) {
	rep := &backupReport{Ceremony: "backup-files", Package: req.pkg, Kind: ceremony.BackupFile,
		Transcript: out.Transcript, req: req}
	if req.paper {
		rep.Ceremony, rep.Kind = "backup-paper", ceremony.BackupPaper
	}
	if abs, err := filepath.Abs(req.to); err == nil {
		rep.Folder = ceremony.BackupDir(abs, req.pkg)
	}
	var err error
	if rep.Backups, err = recordsAt(p, out.Files); err != nil {
		return nil, err
	}
	if rep.Unproven, err = p.UnprovenBackups(); err != nil {
		return nil, err
	}
	rep.Unproven = orEmpty(rep.Unproven)
	return rep, nil
}

func (rep *backupReport) text(e *env, w io.Writer) {
	pkg, operator := rep.Package, rep.req.cf.operator
	if rep.req.paper {
		fmt.Fprintf(w, "Wrote %s of %s in\n  %s\n"+
			"Each was restore-tested: its typed-restore text and its QR code were read back from\n"+
			"the PDF, decrypted with the passphrase and matched the key's public key.\n\n",
			plural(len(rep.Backups), "paper sheet"), pkg, rep.Folder)
	} else {
		fmt.Fprintf(w, "Backed up %s of %s as encrypted key file copies in\n  %s\n"+
			"Each copy was restore-tested: read back, decrypted with the passphrase and matched\n"+
			"the key's public key.\n\n",
			plural(len(rep.Backups), "key"), pkg, rep.Folder)
	}
	printRecords(e, rep.Backups)
	if rep.req.paper {
		l := "K1"
		if len(rep.Backups) > 0 {
			l = rep.Backups[0].Label
		}
		fmt.Fprintf(w, "\nPrint the sheets, then prove a printout: photograph or scan its QR code and run\n"+
			"  baton restore --package %s --label %s --from PHOTO.png --check --operator %s\n"+
			"then delete the PDF files: with the passphrase, each one restores its key.\n",
			shellQuote(pkg), l, shellQuote(operator))
	} else {
		fmt.Fprintf(w, "\nA copy is only as strong as the passphrase: keep the medium offline, apart from\n"+
			"this machine and from any written passphrase.\n")
	}
	printUnproven(e, pkg, rep.req.to, operator, rep.Unproven)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}

// backupList lists a package's proven backups and the keys without one.
func backupList(e *env, args []string) error {
	fs := e.flagSet("backup list")
	pkg := fs.String("package", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	p, err := existingPackage(e, "backup list", *pkg)
	if err != nil {
		return err
	}
	rep := backupListReport{Package: *pkg}
	if rep.Backups, err = p.Backups(); err != nil {
		return failure(err)
	}
	if rep.Unproven, err = p.UnprovenBackups(); err != nil {
		return failure(err)
	}
	rep.Backups, rep.Unproven = orNoRecords(rep.Backups), orEmpty(rep.Unproven)
	return e.print(rep)
}

func (rep backupListReport) text(e *env, w io.Writer) {
	if len(rep.Backups) == 0 {
		fmt.Fprintf(w, "%s has no restore-tested backup yet.\n", rep.Package)
	} else {
		fmt.Fprintf(w, "Backups of %s, oldest first:\n\n", rep.Package)
		printRecords(e, rep.Backups)
	}
	printUnproven(e, rep.Package, "", "", rep.Unproven)
}

// backupDestroyed records that the backups of retired keys were
// destroyed, so that status stops reminding about them.
func backupDestroyed(e *env, args []string) error {
	fs := e.flagSet("backup destroyed")
	pkg := fs.String("package", "", "")
	labels, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr("backup destroyed: --package is missing", e.retry("--package", "NAME"))
	}
	if len(labels) == 0 {
		return usageErr("backup destroyed: name the retired keys whose backups you destroyed (K1 ...)", e.retry("K1"))
	}
	p, err := existingPackage(e, "backup destroyed", *pkg)
	if err != nil {
		return err
	}
	var marked []ceremony.BackupRecord
	for _, l := range labels {
		n, ok := normalLabel(l)
		if !ok {
			return usageErr(fmt.Sprintf("backup destroyed: %q is not a key label: say K<n> (baton keys list shows them)", l),
				"baton keys list --package "+shellQuote(*pkg))
		}
		recs, err := p.MarkBackupsDestroyed(n, time.Now())
		if err != nil {
			var hints []string
			if todo, terr := p.BackupsToDestroy(); terr == nil && len(todo) > 0 {
				left := recordLabels(todo)
				hints = append(hints, "backups of retired keys still to destroy: "+strings.Join(left, ", ")+
					": baton backup destroyed --package "+shellQuote(*pkg)+" "+strings.Join(left, " "))
			}
			return failure(err, hints...)
		}
		marked = append(marked, recs...)
	}
	return e.print(destroyedReport{Destroyed: marked, Package: *pkg})
}

// destroyedReport is what backup destroyed prints: with --json, its
// fields in the order of their names.
type destroyedReport struct {
	Destroyed []ceremony.BackupRecord `json:"destroyed"`
	Package   string                  `json:"package"`
}

func (rep destroyedReport) text(e *env, w io.Writer) {
	fmt.Fprintf(w, "Recorded as destroyed:\n")
	printRecords(e, rep.Destroyed)
}

// printRecords prints backup records, one line each: label, kind, whether
// a restore test proved it, when, and where it is.
func printRecords(e *env, recs []ceremony.BackupRecord) {
	w := e.stdout
	fmt.Fprintf(w, "  %-9s %-6s %-15s %-17s %s\n", "KEY", "KIND", "RESTORE-TESTED", "TIME (UTC)", "WHERE")
	for _, r := range recs {
		tested := "NO"
		if r.RestoreTested {
			tested = "restore-tested"
		}
		if r.Destroyed != nil {
			tested = "DESTROYED"
		}
		fmt.Fprintf(w, "  %-9s %-6s %-15s %-17s %s\n", r.Label, r.Kind, tested, r.Time.UTC().Format("2006-01-02 15:04"), r.Location)
		if r.Kind == ceremony.BackupShares && r.Detail != "" {
			d, _, _ := strings.Cut(r.Detail, ";")
			fmt.Fprintf(w, "  %-9s %s\n", "", d)
		}
	}
}

// printUnproven says which keys have no restore-tested backup yet, and
// how to make one.
func printUnproven(e *env, pkg, to, operator string, unproven []string) {
	w := e.stdout
	if len(unproven) == 0 {
		fmt.Fprintf(w, "\nEvery key whose secret is in the vault has a restore-tested backup.\n")
		return
	}
	if to == "" {
		to = "FOLDER"
	}
	if operator == "" {
		operator = "YOUR-NAME"
	}
	parts := []string{"baton"}
	if len(e.pre) > 0 {
		parts = append(parts, quoteArgs(e.pre))
	}
	parts = append(parts, "backup --package", shellQuote(pkg), "--to", shellQuote(to), "--operator", shellQuote(operator), strings.Join(unproven, " "))
	fmt.Fprintf(w, "\nNOT restore-tested: %s: the vault holds the only copy, lost with its disk. Back up:\n  %s\n",
		strings.Join(unproven, ", "), strings.Join(parts, " "))
}

// recordsAt returns the backup records whose location is one of files
// (the copies or sheets a backup ceremony wrote), in the order of files.
func recordsAt(p *ceremony.Package, files []string) ([]ceremony.BackupRecord, error) {
	recs, err := p.Backups()
	if err != nil {
		return nil, err
	}
	out := []ceremony.BackupRecord{}
	for _, f := range files {
		i := slices.IndexFunc(recs, func(r ceremony.BackupRecord) bool { return r.Location == f })
		if i >= 0 {
			out = append(out, recs[i])
		}
	}
	return out, nil
}

var keyLabelRE = regexp.MustCompile(`^[Kk]([1-9][0-9]{0,8})$`)

// normalLabel accepts a key label in any case: recovery or K<n>.
func normalLabel(l string) (string, bool) {
	if strings.EqualFold(l, "recovery") {
		return "recovery", true
	}
	if m := keyLabelRE.FindStringSubmatch(l); m != nil {
		return "K" + m[1], true
	}
	return "", false
}

// checkFolder checks a folder flag: given, and an existing directory.
func checkFolder(e *env, flagName, dir, placeholder string) error {
	if dir == "" {
		return usageErr(fmt.Sprintf("%s: %s is missing: the folder the backups go to, on removable media", e.verb, flagName), e.retry(flagName, placeholder))
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return usageErr(fmt.Sprintf("%s: %s %s is not a directory (mount the medium, or create the folder first)", e.verb, flagName, dir),
			e.retryReplacing(flagName, placeholder))
	}
	return nil
}

// checkSecrets checks that the vault holds the secret of every key named.
func checkSecrets(e *env, p *ceremony.Package, labels []string) error {
	keys, err := p.Keys()
	if err != nil {
		return failure(err)
	}
	var have []string
	for _, k := range keys {
		if k.HasSecret {
			have = append(have, k.Label)
		}
	}
	if len(have) == 0 {
		return failure(fmt.Errorf("%s has no secret key in the vault %s to back up", p.Name, p.Dir), "baton keys list --package "+shellQuote(p.Name))
	}
	for _, l := range labels {
		if slices.Contains(have, l) {
			continue
		}
		msg := fmt.Sprintf("%s: %s has no secret key %s in the vault (it holds the secrets of %s)", e.verb, p.Name, l, strings.Join(have, ", "))
		if slices.ContainsFunc(keys, func(k ceremony.Key) bool { return k.Label == l }) {
			msg = fmt.Sprintf("%s: the secret of %s is not in the vault (retired, lost or kept offline): there is nothing to back up", e.verb, l)
		}
		return failure(errors.New(msg), "baton keys list --package "+shellQuote(p.Name))
	}
	return nil
}

// dropEmptyJournal runs a backup or restore ceremony through
// Package.DropEmptyJournal and says when it dropped a journal.
func (e *env) dropEmptyJournal(p *ceremony.Package, run func() (*ceremony.Outcome, error)) (*ceremony.Outcome, error) {
	out, dropped, err := p.DropEmptyJournal(run)
	if dropped != "" {
		e.bar.Printf("baton: the %s ceremony stopped before it wrote anything: nothing to resume\n", dropped)
	}
	return out, err
}

// backupErr adds hints to the error of a backup or shares ceremony.
func (e *env) backupErr(err error, p *ceremony.Package) error {
	pending, _, _, _ := p.Pending()
	switch {
	case errors.Is(err, ceremony.ErrInGitWorkTree) && strings.Contains(err.Error(), "backup folder"):
		return failure(err, e.retryReplacing("--to", "FOLDER-OUTSIDE-ANY-REPOSITORY"))
	case errors.Is(err, signify.ErrWrongPassphrase) && pending != "":
		return failure(err, "run it again with the right passphrase to resume: "+e.retry("--passphrase-file", "FILE-WITH-THE-RIGHT-PASSPHRASE"),
			"or drop the unfinished "+pending+" ceremony: baton abort --package "+shellQuote(p.Name))
	case strings.Contains(err.Error(), "Baton never overwrites a backup"):
		return failure(e.ceremonyErr(err, p.Name), e.retryReplacing("--to", "ANOTHER-FOLDER"))
	}
	return e.ceremonyErr(err, p.Name)
}
