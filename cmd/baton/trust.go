package main

import (
	"errors"
	"fmt"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

func cmdTrust(e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("trust: say list, add, remove or signatory", "baton trust list")
	}
	e.verb, e.args = "trust "+args[0], args[1:]
	switch args[0] {
	case "list", "ls":
		return trustList(e, args[1:])
	case "add":
		return trustAdd(e, args[1:])
	case "remove", "rm":
		return trustRemove(e, args[1:])
	case "signatory":
		return trustSignatory(e, args[1:])
	case "-h", "-help", "--help", "help":
		return e.showHelp("trust")
	}
	return usageErr(fmt.Sprintf("trust: unknown sub-command %q: say list, add, remove or signatory", args[0]), "baton trust list")
}

type pinJSON struct {
	Package   string   `json:"package"`
	Signatory string   `json:"signatory_id"`
	Position  uint64   `json:"position"`
	Entry     string   `json:"entry"`
	Next      *keyJSON `json:"next_key"`
}

func trustList(e *env, args []string) error {
	fs := e.flagSet("trust list")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	path, err := e.trustPath()
	if err != nil {
		return err
	}
	ts, err := loadTrustStore(e, path)
	if err != nil {
		return err
	}
	pins := []pinJSON{}
	for _, p := range ts.List() {
		pins = append(pins, pinJSON{Package: p.Package, Signatory: string(p.Signatory), Position: p.Position, Entry: p.Entry.String(), Next: describeKey("", p.Key)})
	}
	signatories := []string{}
	for _, id := range ts.Signatories() {
		signatories = append(signatories, string(id))
	}
	if e.g.json {
		return e.printJSON(map[string]any{"trust_store": path, "pins": pins, "every_package": signatories})
	}
	w := e.stdout
	fmt.Fprintf(w, "trust store %s\n", path)
	if len(pins) == 0 {
		fmt.Fprintf(w, "\nnothing pinned yet: baton trust add --package NAME --chain CHAIN, or baton verify --package NAME --chain CHAIN\n")
	}
	for _, p := range pins {
		fmt.Fprintf(w, "\n%s\n  signatory %s, pinned at position %d\n  next key  %s\n", p.Package, p.Signatory, p.Position, p.Next.Words)
	}
	for _, id := range signatories {
		fmt.Fprintf(w, "\nsignatory %s: trusted for every package it signs\n", id)
	}
	return nil
}

// trustSignatory trusts the signatory of a pinned package for every
// package it signs (--package), or stops doing so (--remove ID).
func trustSignatory(e *env, args []string) error {
	fs := e.flagSet("trust signatory")
	pkg := fs.String("package", "", "")
	remove := fs.String("remove", "", "")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("trust signatory", rest); err != nil {
		return err
	}
	if (*pkg == "") == (*remove == "") {
		return usageErr("trust signatory: give --package (to trust its signatory for every package it signs) or --remove SIGNATORY-ID", "baton trust signatory --package PACKAGE")
	}
	path, err := e.trustPath()
	if err != nil {
		return err
	}
	var id chain.SignatoryID
	err = ceremony.UpdateTrust(path, func(s *chain.TrustStore) error { // a refusal saves nothing
		if *remove != "" {
			if !s.Distrust(chain.SignatoryID(*remove)) {
				return usageErr(fmt.Sprintf("trust signatory: %s is not trusted for every package in %s", untrusted.Quote(*remove), path), "baton trust list")
			}
			return nil
		}
		var err error
		if id, err = s.TrustEveryPackage(*pkg); err != nil {
			return usageErr("trust signatory: "+err.Error(), "baton verify --package "+shellQuote(*pkg)+" --chain CHAIN")
		}
		return nil
	})
	if err != nil {
		return failure(err)
	}
	if *remove != "" {
		fmt.Fprintf(e.stdout, "Signatory %s is no longer trusted for every package; its pins stay.\n", *remove)
		return nil
	}
	if e.g.json {
		return e.printJSON(map[string]any{"trust_store": path, "every_package": string(id)})
	}
	fmt.Fprintf(e.stdout, "Signatory %s, who holds %s, is now trusted for every package it signs:\na first trust of another of its packages needs no key comparison. Its hand-overs\nand re-keys still need your consent, package by package.\n", id, *pkg)
	return nil
}

func trustAdd(e *env, args []string) error {
	fs := e.flagSet("trust add")
	v := &verification{e: e, firstOnly: true}
	fs.StringVar(&v.pkg, "package", "", "")
	fs.StringVar(&v.chainPath, "chain", "", "")
	v.flags(fs)
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 1 && v.chainPath == "" {
		v.chainPath = rest[0]
	} else if err := noArgs("trust add", rest); err != nil {
		return err
	}
	if err := v.checkFlags(); err != nil {
		return err
	}
	defer v.close()
	err = v.run()
	if err == nil {
		err = v.commit()
	}
	return v.verdict(err)
}

func trustRemove(e *env, args []string) error {
	fs := e.flagSet("trust remove")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("trust remove: name one package", "baton trust remove PACKAGE")
	}
	pkg := rest[0]
	path, err := e.trustPath()
	if err != nil {
		return err
	}
	t, err := ceremony.OpenTrust(path, nil)
	if err != nil {
		return failure(err)
	}
	defer t.Close()
	old, ok := t.Store.Get(pkg)
	if !ok {
		return usageErr(fmt.Sprintf("trust remove: %s is not pinned in %s", untrusted.Quote(pkg), path), "baton trust list")
	}
	removed := *old
	t.Store.Remove(pkg)
	if err := t.Save(); err != nil {
		return failure(err)
	}
	if e.g.json {
		return e.printJSON(map[string]any{"trust_store": path, "removed": pinJSON{Package: removed.Package, Signatory: string(removed.Signatory),
			Position: removed.Position, Entry: removed.Entry.String(), Next: describeKey("", removed.Key)}})
	}
	fmt.Fprintf(e.stdout, "Removed the pin of %s (signatory %s, position %d).\nThe next verify of %s is a first trust: you compare the signatory's key again.\n",
		pkg, removed.Signatory, removed.Position, pkg)
	return nil
}

// loadTrustStore reads a snapshot of the trust store, unlocked, to show;
// a missing file is an empty store.
func loadTrustStore(e *env, path string) (*chain.TrustStore, error) {
	ts, err := ceremony.ReadTrust(path)
	if errors.Is(err, ceremony.ErrTrustDamaged) {
		return nil, failure(err, "fix or move aside "+shellQuote(path)+" (every pin in it would have to be trusted again)")
	}
	if err != nil {
		return nil, failure(err, e.retry("--trust", "FILE"))
	}
	return ts, nil
}
