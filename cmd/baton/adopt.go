package main

import (
	"bytes"
	"fmt"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

func cmdAdopt(e *env, args []string) error {
	fs := e.flagSet("adopt")
	chainPath := fs.String("chain", "", "")
	name := fs.String("name", "", "")
	pkgFlag := fs.String("package", "", "")
	emergency := fs.Bool("emergency-key", false, "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *chainPath == "" {
		return usageErr("adopt: --chain is missing: the chain of the package you adopt", e.retry("--chain", "ORIGINAL-CHAIN"))
	}
	if err := checkSignatoryName(e, *name); err != nil {
		return err
	}
	if err := cf.check(e); err != nil {
		return err
	}
	data, err := readInput(e, "chain", *chainPath)
	if err != nil {
		return err
	}
	pkg, err := chainPackage(*chainPath, data)
	if err != nil {
		return refused(fmt.Errorf("%s: %w", *chainPath, err))
	}
	if *pkgFlag != "" && *pkgFlag != pkg {
		return usageErr(fmt.Sprintf("adopt: --package %q, but %s is the chain of %q", *pkgFlag, *chainPath, pkg), e.retryReplacing("--package", pkg))
	}
	// Adopt only what verifies: the fork must name the origin correctly.
	res, err := chain.FirstTrust(pkg, chain.NewReader(*chainPath, bytes.NewReader(data)))
	if err != nil {
		return refused(fmt.Errorf("the chain to adopt does not verify (%s): %w", explain(err), err))
	}
	e.bar.Printf("baton: adopting %s from %s (signatory %s, %d entries)\n", pkg, untrusted.Quote(res.Name), res.Head.Signatory, res.Head.Position)
	return e.genesis(cf, ceremony.GenesisParams{Package: pkg, Name: *name, AdoptedFrom: res.Head.Signatory, EmergencyKey: *emergency}, *chainPath)
}
