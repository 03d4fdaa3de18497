package main

import (
	"errors"
	"fmt"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
)

// changeReport is what rekey and emergency print with --json: an entry
// that replaces the key in force and that every user must consent to.
type changeReport struct {
	Ceremony   string   `json:"ceremony"` // rekey or emergency
	Package    string   `json:"package"`
	Position   uint64   `json:"position"`
	Entry      string   `json:"entry"`
	Reason     string   `json:"reason"`
	Replaced   *keyJSON `json:"replaced_key,omitempty"`
	Next       *keyJSON `json:"next_key"`
	Revealed   string   `json:"revealed_key,omitempty"` // emergency: "alg sha256-of-key"
	Shares     int      `json:"shares_used,omitempty"`  // rekey from shares
	Chain      string   `json:"chain"`
	Transcript string   `json:"transcript"`
	Publish    []string `json:"publish"`
}

func cmdRekey(e *env, args []string) error {
	fs := e.flagSet("rekey")
	pkg := fs.String("package", "", "")
	reason := fs.String("reason", "", "")
	var shares stringList
	fs.Var(&shares, "shares", "")
	var cf ceremonyFlags
	cf.register(fs)
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	// --shares FILE... : the files after the first are positional.
	if len(shares) == 0 {
		if err := noArgs("rekey", rest); err != nil {
			return err
		}
	}
	shares = append(shares, rest...)
	if err := checkPackageReason(e, *pkg, *reason, "why the key in force is replaced"); err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(*pkg, &cf)
	if err != nil {
		return err
	}
	rp := ceremony.RekeyParams{Package: *pkg, Reason: *reason}
	if len(shares) == 0 && !p.HasSecret("recovery") {
		return failure(fmt.Errorf("the recovery key's secret is not in the vault %s (kept offline?): rebuild it from its shares", v.Dir),
			e.retry("--shares", "SHARE-FILE...")+"   (as many shares as the split's threshold)")
	}
	if len(shares) > 0 {
		// Checked now, so that bad shares stop the re-key before it starts;
		// the ceremony rebuilds the key again only to sign.
		if err := checkShares(e, p, shares); err != nil {
			return err
		}
		rp.RecoveryShares = shares
	}
	out, err := v.Rekey(e.ctx, e.ui(), cf.options(), rp)
	if err != nil {
		return e.ceremonyErr(err, *pkg)
	}
	e.bar.Break()
	rep, err := changeOf(p, "rekey", *reason, out)
	if err != nil {
		return err
	}
	rep.Shares = len(shares)
	if e.g.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "Re-keyed %s at position %d: the recovery key replaced %s with %s.\n", *pkg, rep.Position,
		labelOr(rep.Replaced.Label, "the lost key"), labelOr(rep.Next.Label, "a new key"))
	if rep.Shares > 0 {
		fmt.Fprintf(w, "The recovery key was rebuilt from %s and is not kept.\n", plural(rep.Shares, "share"))
	}
	fmt.Fprintf(w, "Reason users will read: %s\n", *reason)
	printChange(e, rep, "re-key")
	return nil
}

// checkPackageReason checks the --package and --reason of rekey and
// emergency.
func checkPackageReason(e *env, pkg, reason, why string) error {
	if pkg == "" {
		return usageErr(e.verb+": --package is missing", e.retry("--package", "NAME"))
	}
	if reason == "" {
		return usageErr(fmt.Sprintf("%s: --reason is missing: one line saying %s; every user reads it when asked to consent", e.verb, why),
			e.retry("--reason", "'WHAT HAPPENED, IN ONE LINE'"))
	}
	if err := chain.CheckName(reason); err != nil {
		return usageErr(fmt.Sprintf("%s: --reason %q: %v", e.verb, reason, err), e.retryReplacing("--reason", "WHAT HAPPENED, IN ONE LINE"))
	}
	return nil
}

// checkShares proves that share files (their text, a sheet's PDF, or a
// photo or scan of its QR code) rebuild the package's recovery key, and
// wipes the key at once.
func checkShares(e *env, p *ceremony.Package, files []string) error {
	k, err := p.RebuildFromFiles(files)
	if err != nil {
		var hints []string
		switch {
		case errors.Is(err, backup.ErrTooFewShares):
			hints = append(hints, e.retry("MORE-SHARE-FILES")+"   (gather as many shares as the split's threshold)")
		case errors.Is(err, backup.ErrOtherSplit), errors.Is(err, backup.ErrSharesMismatch):
			hints = append(hints, "give shares of one split only: each sheet names its split")
		default:
			hints = append(hints, "baton help rekey")
		}
		return failure(err, hints...)
	}
	clear(k.Key)
	return nil
}

// changeOf describes the head entry a rekey or emergency ceremony appended.
func changeOf(p *ceremony.Package, ceremonyName, reason string, out *ceremony.Outcome) (*changeReport, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, failure(err)
	}
	head := out.Head
	rep := &changeReport{
		Ceremony: ceremonyName, Package: p.Name, Position: head.Position, Entry: head.Hash().String(), Reason: reason,
		Next: describeKey(labelOf(p, head.Next), head.Next), Chain: p.ChainPath(), Transcript: out.Transcript, Publish: out.Files,
	}
	if n := len(entries); n >= 2 && entries[n-1].Hash() == head.Hash() {
		rep.Replaced = describeKey(labelOf(p, entries[n-2].Next), entries[n-2].Next)
	}
	if rep.Replaced == nil {
		rep.Replaced = &keyJSON{}
	}
	if head.Reveal != nil {
		c := head.Reveal.Commitment()
		rep.Revealed = c.Alg + " " + c.Hash.String()
	}
	return rep, nil
}

// printChange prints what to publish after a rekey or emergency, and that
// every user will be asked to consent.
func printChange(e *env, rep *changeReport, what string) {
	w := e.stdout
	fmt.Fprintf(w, "\nPublish the chain file where the package is distributed:\n  %s\n\n", rep.Chain)
	fmt.Fprintf(w, "Every user who trusts %s will be asked to consent to this %s (position %d)\nbefore they accept anything signed after it: tell them why, where they know it is you.\n",
		rep.Package, what, rep.Position)
	fmt.Fprintf(w, "\nNext release will be signed with the key this entry announced: %s\n  %s\n", labelOr(rep.Next.Label, "the new key"), rep.Next.Words)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}
