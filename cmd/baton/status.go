package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/baton-signing/baton/ceremony"
)

// startedPackages finds packages whose genesis was interrupted before the
// chain was written: a journal and no chain.
func startedPackages(v *ceremony.Vault, known []string) []string {
	ents, err := os.ReadDir(v.Dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name, err := url.PathUnescape(e.Name())
		if err != nil || !e.IsDir() || slices.Contains(known, name) {
			continue
		}
		if _, err := os.Stat(v.Package(name).JournalPath()); err == nil {
			out = append(out, name)
		}
	}
	return out
}

type pendingJSON struct {
	Ceremony  string            `json:"ceremony"`
	Params    map[string]string `json:"params,omitempty"`
	StepsDone []string          `json:"steps_done"`
}

type packageStatus struct {
	Package  string   `json:"package"`
	Chain    string   `json:"chain"`
	Position uint64   `json:"position,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Version  string   `json:"version,omitempty"`
	InForce  *keyJSON `json:"in_force,omitempty"`
	Spares   []string `json:"spares"`
	Unproven []string `json:"unproven_backups"` // keys with no restore-tested backup
	// Destroy are the backups of retired keys not yet said to be destroyed
	// (baton backup destroyed); Used, the used keys whose secret was kept.
	Destroy []ceremony.BackupRecord `json:"backups_to_destroy"`
	Used    []string                `json:"used_keys_kept"`
	Pending *pendingJSON            `json:"pending,omitempty"`
}

// statusReport is what status prints: as JSON with --json.
type statusReport struct {
	Packages []packageStatus `json:"packages"`
	Vault    string          `json:"vault"`
}

func cmdStatus(e *env, args []string) error {
	fs := e.flagSet("status")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	v, err := e.existingVault()
	if err != nil {
		return err
	}
	names, err := v.Packages()
	if err != nil {
		return failure(err)
	}
	names = append(names, startedPackages(v, names)...)
	rep := statusReport{Vault: v.Dir, Packages: []packageStatus{}}
	for _, name := range names {
		st, err := statusOf(v.Package(name))
		if err != nil {
			return failure(fmt.Errorf("%s: %w", name, err))
		}
		rep.Packages = append(rep.Packages, st)
	}
	return e.print(rep)
}

// statusOf reads one package's status from the vault.
func statusOf(p *ceremony.Package) (packageStatus, error) {
	st := packageStatus{Package: p.Name, Chain: p.ChainPath(), Spares: []string{}}
	entries, keys, err := packageKeys(p)
	if err != nil {
		return st, err
	}
	if n := len(entries); n > 0 {
		head := entries[n-1]
		st.Position, st.Kind, st.Version = head.Position, string(head.Kind), head.Version
		st.InForce = describeKey("", head.Next)
	}
	for _, k := range keys {
		if strings.HasPrefix(k.Status, stInForce) {
			st.InForce = &keyJSON{Label: k.Label, Key: k.Key, Words: k.Words, Fingerprint: k.Fingerprint}
		}
		if strings.HasPrefix(k.Status, stSpare) {
			st.Spares = append(st.Spares, k.Label)
		}
		if k.Status == stUsed {
			st.Used = append(st.Used, k.Label)
		}
	}
	st.Unproven, _ = p.UnprovenBackups()
	st.Destroy, _ = p.BackupsToDestroy()
	st.Destroy = orNoRecords(st.Destroy)
	st.Used, st.Unproven = orEmpty(st.Used), orEmpty(st.Unproven)
	cer, params, steps, err := p.Pending()
	if err != nil {
		return st, err
	}
	if cer != "" {
		st.Pending = &pendingJSON{Ceremony: cer, Params: params, StepsDone: append([]string{}, steps...)}
	}
	return st, nil
}

// orNoRecords is recs, or an empty list (JSON [], not null).
func orNoRecords(recs []ceremony.BackupRecord) []ceremony.BackupRecord {
	if recs == nil {
		return []ceremony.BackupRecord{}
	}
	return recs
}

func (r statusReport) text(_ *env, w io.Writer) {
	fmt.Fprintf(w, "vault %s\n", r.Vault)
	if len(r.Packages) == 0 {
		fmt.Fprintf(w, "\nno packages yet: start one with "+
			"baton init --package NAME --name \"Signatory Name\" --operator YOU\n")
	}
	for _, st := range r.Packages {
		st.text(w)
	}
}

// text prints one package's status.
func (st packageStatus) text(w io.Writer) {
	fmt.Fprintf(w, "\n%s\n", st.Package)
	if st.Position == 0 {
		fmt.Fprintf(w, "  head:     no chain yet\n")
	} else {
		fmt.Fprintf(w, "  head:     position %d, %s", st.Position, st.Kind)
		if st.Version != "" {
			fmt.Fprintf(w, " %s", st.Version)
		}
		fmt.Fprintf(w, "\n")
	}
	if st.InForce != nil {
		fmt.Fprintf(w, "  in force: %s %s\n", labelOr(st.InForce.Label, "(not in this vault)"), st.InForce.Words)
	}
	fmt.Fprintf(w, "  spares:   %s\n", orNone(strings.Join(st.Spares, ", ")))
	if len(st.Unproven) > 0 {
		fmt.Fprintf(w, "  backups:  NOT restore-tested: %s (baton backup --package %s --to FOLDER --operator YOU)\n",
			strings.Join(st.Unproven, ", "), shellQuote(st.Package))
	} else if st.Position > 0 {
		fmt.Fprintf(w, "  backups:  every key restore-tested\n")
	}
	if len(st.Used) > 0 {
		fmt.Fprintf(w, "  used:     %s: secret kept, signs nothing again; the next release wipes it\n", strings.Join(st.Used, ", "))
	}
	if len(st.Destroy) > 0 {
		fmt.Fprintf(w, "  DESTROY the backups of retired keys (their secret was wiped from the vault):\n")
		for _, r := range st.Destroy {
			fmt.Fprintf(w, "    %-9s %-6s %s\n", r.Label, r.Kind, r.Location)
		}
		fmt.Fprintf(w, "    once they are gone: baton backup destroyed --package %s %s\n",
			shellQuote(st.Package), strings.Join(recordLabels(st.Destroy), " "))
	}
	if st.Pending != nil {
		st.Pending.text(w, st.Package)
	}
}

// text prints an unfinished ceremony and how to resume or drop it.
func (pj *pendingJSON) text(w io.Writer, pkg string) {
	fmt.Fprintf(w, "  UNFINISHED %s ceremony", pj.Ceremony)
	var ps []string
	for k, v := range pj.Params {
		ps = append(ps, k+"="+v)
	}
	sort.Strings(ps)
	if len(ps) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(ps, "; "))
	}
	fmt.Fprintf(w, "\n    steps done: %s\n", orNone(strings.Join(pj.StepsDone, ", ")))
	fmt.Fprintf(w, "    run it again with the same arguments to resume, or: baton abort --package %s\n", shellQuote(pkg))
}

// recordLabels are the labels of recs, each once, in order.
func recordLabels(recs []ceremony.BackupRecord) []string {
	var labels []string
	for _, r := range recs {
		if !slices.Contains(labels, r.Label) {
			labels = append(labels, r.Label)
		}
	}
	return labels
}
