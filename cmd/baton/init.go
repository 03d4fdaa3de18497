package main

import (
	"flag"
	"fmt"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// ceremonyFlags are the flags every ceremony takes.
type ceremonyFlags struct {
	operator       string
	witnesses      stringList
	requireOffline bool
	kdfRounds      int
}

func (c *ceremonyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.operator, "operator", "", "")
	fs.Var(&c.witnesses, "witness", "")
	fs.BoolVar(&c.requireOffline, "require-offline", false, "")
	fs.IntVar(&c.kdfRounds, "kdf-rounds", 0, "")
}

// check validates the flags; placeholder is how hints spell a missing
// operator.
func (c *ceremonyFlags) check(e *env) error {
	if c.operator == "" {
		return usageErr(e.verb+": --operator is missing: the transcript records who ran the ceremony", e.retry("--operator", "YOUR-NAME"))
	}
	if err := chain.CheckName(c.operator); err != nil {
		return usageErr(fmt.Sprintf("%s: --operator %q: %v", e.verb, c.operator, err), e.retryReplacing("--operator", "YOUR-NAME"))
	}
	for _, w := range c.witnesses {
		if err := chain.CheckName(w); err != nil {
			return usageErr(fmt.Sprintf("%s: --witness %q: %v", e.verb, w, err), "baton help "+e.verb)
		}
	}
	if c.kdfRounds < 0 || c.kdfRounds > signify.MaxKDFRounds {
		return usageErr(fmt.Sprintf("%s: --kdf-rounds %d: use 1 to %d (signify's default is %d)", e.verb, c.kdfRounds, signify.MaxKDFRounds, signify.DefaultKDFRounds),
			e.retryReplacing("--kdf-rounds", fmt.Sprint(signify.DefaultKDFRounds)))
	}
	if c.kdfRounds > 0 && c.kdfRounds < signify.DefaultKDFRounds {
		e.bar.Printf("baton: warning: --kdf-rounds %d is below signify's default of %d: fine for tests, weak for real keys\n", c.kdfRounds, signify.DefaultKDFRounds)
	}
	return nil
}

func (c *ceremonyFlags) options() ceremony.Options {
	return ceremony.Options{
		Operator:       c.operator,
		Witnesses:      c.witnesses,
		RequireOffline: c.requireOffline,
		Hook:           crashHook(),
	}
}

// crashHook returns the hook ceremonies call at their crash points. The
// shipped binary has none: crashhook_test.go, compiled only into the test
// binary that the testscripts run as baton, installs one that kills the
// process where BATON_TEST_CRASH_AT says.
var crashHook = func() func(string) { return nil }

func cmdInit(e *env, args []string) error {
	fs := e.flagSet("init")
	pkg := fs.String("package", "", "")
	name := fs.String("name", "", "")
	emergency := fs.Bool("emergency-key", false, "")
	signatoryOf := fs.String("signatory-of", "", "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr("init: --package is missing: which package does this chain sign?", e.retry("--package", "NAME"))
	}
	if err := chain.CheckPackage(*pkg); err != nil {
		return usageErr(fmt.Sprintf("init: --package %q: %v", *pkg, err), e.retryReplacing("--package", "NAME"))
	}
	if *signatoryOf != "" {
		held, err := e.signatoryName(*signatoryOf)
		if err != nil {
			return err
		}
		if *name == "" {
			*name = held
		}
	}
	if err := checkSignatoryName(e, *name); err != nil {
		return err
	}
	if err := cf.check(e); err != nil {
		return err
	}
	return e.genesis(cf, ceremony.GenesisParams{Package: *pkg, Name: *name, EmergencyKey: *emergency, SignatoryOf: *signatoryOf}, "")
}

// signatoryName is the name of the signatory holding pkg's chain in the
// vault: what init --signatory-of calls the new chain's signatory.
func (e *env) signatoryName(pkg string) (string, error) {
	v, err := e.openVault()
	if err != nil {
		return "", err
	}
	es, err := v.Package(pkg).Chain()
	if err != nil {
		return "", failure(err)
	}
	if h := ceremony.HeldBy(es); h != nil {
		return h.Name, nil
	}
	return "", usageErr(fmt.Sprintf("init: --signatory-of %s: that package has no chain in this vault", untrusted.Quote(pkg)), "baton status   (lists the vault's packages)")
}

func checkSignatoryName(e *env, name string) error {
	if name == "" {
		return usageErr(e.verb+": --name is missing: the signatory's name, as users will see it", e.retry("--name", "'Signatory Name'"))
	}
	if err := chain.CheckName(name); err != nil {
		return usageErr(fmt.Sprintf("%s: --name %q: %v", e.verb, name, err), e.retryReplacing("--name", "Signatory Name"))
	}
	return nil
}

// genesisReport is what init and adopt print with --json.
type genesisReport struct {
	Ceremony    string   `json:"ceremony"`
	Package     string   `json:"package"`
	Signatory   string   `json:"signatory"`
	SignatoryID string   `json:"signatory_id"`
	AdoptedFrom string   `json:"adopted_from,omitempty"`
	Chain       string   `json:"chain"`
	Transcript  string   `json:"transcript"`
	Recovery    *keyJSON `json:"recovery_key"`
	Emergency   string   `json:"emergency_key,omitempty"` // the committed key's algorithm and SHA-256
	Publish     []string `json:"publish"`
}

// genesis runs the genesis (or adopt) ceremony and reports it.
func (e *env) genesis(cf ceremonyFlags, gp ceremony.GenesisParams, origin string) error {
	v, err := e.openVault()
	if err != nil {
		return err
	}
	v.KDFRounds = cf.kdfRounds
	out, err := v.Genesis(e.ctx, e.ui(), cf.options(), gp)
	if err != nil {
		return e.ceremonyErr(err, gp.Package)
	}
	e.bar.Break()
	gen := out.Head
	rep := genesisReport{
		Ceremony: "genesis", Package: gp.Package, Signatory: gen.Name, SignatoryID: string(gen.Signatory),
		Chain: v.Package(gp.Package).ChainPath(), Transcript: out.Transcript,
		Recovery: describeKey("recovery", gen.Recovery), Publish: out.Files,
	}
	if gp.AdoptedFrom != "" {
		rep.Ceremony, rep.AdoptedFrom = "adopt", string(gp.AdoptedFrom)
	}
	for _, c := range gen.Commits {
		rep.Emergency = c.Alg + " " + c.Hash.String()
	}
	if e.g.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "Started the chain of %s for \"%s\" (signatory %s).\n", gp.Package, gen.Name, gen.Signatory)
	if origin != "" {
		fmt.Fprintf(w, "It adopts %s, forked from signatory %s: a new, independent chain.\n", gp.Package, gp.AdoptedFrom)
		fmt.Fprintf(w, "Users who trust that signatory will be refused this chain until they remove their pin\n(baton trust remove %s) and trust yours deliberately.\n", shellQuote(gp.Package))
	}
	fmt.Fprintf(w, "\nUsers compare this key the first time they trust %s. Publish it where they can\ncheck it another way (your web page, a talk slide, read out on a call):\n\n", gp.Package)
	fmt.Fprintf(w, "  recovery key: %s\n  words:        %s\n\n", gen.Recovery, gen.Recovery.Fingerprint().WordString())
	fmt.Fprintf(w, "Publish the chain file where the package is distributed:\n  %s\n\n", rep.Chain)
	if rep.Emergency != "" {
		fmt.Fprintf(w, "The genesis commits to an emergency key (%s): keys/emergency.sec stays\noffline with the vault and is revealed only if Ed25519 falls (baton emergency).\n\n", rep.Emergency)
	}
	fmt.Fprintf(w, "Keep the vault on an offline machine and back it up.\n")
	fmt.Fprintf(w, "transcript: %s\n", out.Transcript)
	return nil
}
