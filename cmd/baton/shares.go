package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
)

// sharesReport is what shares prints with --json.
type sharesReport struct {
	Package       string       `json:"package"`
	Threshold     int          `json:"threshold"`
	Total         int          `json:"total"`
	Split         string       `json:"split"`
	Folder        string       `json:"folder"` // the split's folder of sheets
	Sheets        []shareSheet `json:"sheets"`
	RestoreTested bool         `json:"restore_tested"`
	Detail        string       `json:"detail,omitempty"`
	Recovery      *keyJSON     `json:"recovery_key"`
	Transcript    string       `json:"transcript"`
}

// shareSheet is one share's sheet and who it is for.
type shareSheet struct {
	Index  int    `json:"index"`
	Holder string `json:"holder,omitempty"`
	File   string `json:"file"`
}

func cmdShares(e *env, args []string) error {
	fs := e.flagSet("shares")
	pkg := fs.String("package", "", "")
	to := fs.String("to", "", "")
	threshold := fs.Int("threshold", 0, "")
	total := fs.Int("total", 0, "")
	var holders stringList
	fs.Var(&holders, "holder", "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr("shares: --package is missing", e.retry("--package", "NAME"))
	}
	if err := checkFolder(e, "--to", *to, "FOLDER"); err != nil {
		return err
	}
	if err := checkSplit(e, *threshold, *total, holders); err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(*pkg, &cf)
	if err != nil {
		return err
	}
	if !p.HasSecret("recovery") {
		return failure(fmt.Errorf("the recovery key's secret is not in the vault %s (kept offline?): a split needs it", v.Dir),
			"restore it from a backup first: baton restore --package "+shellQuote(*pkg)+" --label recovery --from BACKUP-FILE --operator "+shellQuote(cf.operator))
	}
	sp := ceremony.SharesParams{Package: *pkg, Folder: *to, Threshold: *threshold, Total: *total, Holders: holders}
	out, err := e.dropEmptyJournal(p, func() (*ceremony.Outcome, error) {
		return v.BackupShares(e.ctx, e.ui(), cf.options(), sp)
	})
	if err != nil {
		return e.backupErr(err, p)
	}
	e.bar.Break()
	if len(out.Sheets) == 0 {
		return failure(errors.New("the split wrote no sheets"))
	}
	rep := sharesReport{Package: *pkg, Threshold: *threshold, Total: *total, Folder: out.Folder, Transcript: out.Transcript}
	rep.Split = strings.TrimPrefix(filepath.Base(rep.Folder), "recovery-shares-")
	for _, f := range out.Sheets {
		sh := shareSheet{File: f}
		var n int
		fmt.Sscanf(filepath.Base(f), "share-%d-of-%d.pdf", &sh.Index, &n)
		if len(holders) > 0 && sh.Index >= 1 && sh.Index <= len(holders) {
			sh.Holder = holders[sh.Index-1]
		}
		rep.Sheets = append(rep.Sheets, sh)
	}
	if recs, err := recordsAt(p, []string{rep.Folder}); err == nil && len(recs) > 0 {
		rep.RestoreTested, rep.Detail = recs[0].RestoreTested, recs[0].Detail
	}
	if pub, err := p.PublicKey("recovery"); err == nil {
		rep.Recovery = describeKey("recovery", pub)
	}
	if e.g.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "Split the recovery key of %s %d of %d (split %s): any %d shares rebuild it;\nfewer reveal nothing about it.\n",
		*pkg, *threshold, *total, rep.Split, *threshold)
	if rep.RestoreTested {
		fmt.Fprintf(w, "Restore-tested: %s.\n", rep.Detail)
	}
	fmt.Fprintf(w, "\n")
	for _, sh := range rep.Sheets {
		fmt.Fprintf(w, "  share %d of %d  %-20s %s\n", sh.Index, *total, labelOr(sh.Holder, "(no holder named)"), sh.File)
	}
	fmt.Fprintf(w, "\nPrint each sheet and give it to its holder in person, then delete the folder\n  %s\nEvery file there is a share: %d of them rebuild the recovery key.\n", rep.Folder, *threshold)
	fmt.Fprintf(w, "\nAfter a lost key, gather %d shares (their typed text, or photos of their QR codes) and run\n  baton rekey --package %s --reason 'WHAT HAPPENED' --operator %s --shares SHARE-FILE...\n",
		*threshold, shellQuote(*pkg), shellQuote(cf.operator))
	fmt.Fprintf(w, "transcript: %s\n", out.Transcript)
	return nil
}

// checkSplit checks --threshold, --total and --holder.
func checkSplit(e *env, m, n int, holders []string) error {
	switch {
	case m == 0:
		return usageErr("shares: --threshold is missing: how many shares rebuild the recovery key (M, at least 2)", e.retry("--threshold", "M"))
	case n == 0:
		return usageErr("shares: --total is missing: how many shares to make (N, one per holder)", e.retry("--total", "N"))
	case m < 2:
		return usageErr(fmt.Sprintf("shares: --threshold %d: at least 2 shares must be needed, or one holder alone holds the key", m), e.retryReplacing("--threshold", "2"))
	case n > backup.MaxShares:
		return usageErr(fmt.Sprintf("shares: --total %d: at most %d shares", n, backup.MaxShares), e.retryReplacing("--total", "N"))
	case m > n:
		return usageErr(fmt.Sprintf("shares: --threshold %d is more than --total %d: the key could never be rebuilt", m, n), e.retryReplacing("--threshold", fmt.Sprint(n)))
	}
	if len(holders) != 0 && len(holders) != n {
		return usageErr(fmt.Sprintf("shares: %d --holder names for %d shares: name every holder, in order, or none", len(holders), n), "baton help shares")
	}
	for _, h := range holders {
		if err := chain.CheckName(h); err != nil {
			return usageErr(fmt.Sprintf("shares: --holder %q: %v", h, err), "baton help shares")
		}
	}
	return nil
}
