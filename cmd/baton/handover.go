package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// A supervised hand-over, in four commands (see ceremony/handover.go):
// the successor's request, each witness's co-signature, the outgoing
// signatory's signature, the successor's acceptance.
func cmdHandover(e *env, args []string) error {
	const say = "say request, witness, sign or accept"
	if len(args) == 0 {
		return usageErr("handover: "+say, "baton help handover")
	}
	e.verb, e.args = "handover "+args[0], args[1:]
	switch args[0] {
	case "request":
		return handoverRequest(e, args[1:])
	case "witness":
		return handoverWitness(e, args[1:])
	case "sign":
		return handoverSign(e, args[1:])
	case "accept":
		return handoverAccept(e, args[1:])
	case "-h", "-help", "--help", "help":
		return e.showHelp("handover")
	}
	return usageErr(fmt.Sprintf("handover: unknown sub-command %q: %s", args[0], say), "baton help handover")
}

// readHandoverChain reads a chain given with --chain, checks it against
// --package (which defaults to the chain's package) and verifies it from
// its genesis.
func readHandoverChain(e *env, path, pkgFlag string) ([]byte, *chain.Result, error) {
	if path == "" {
		return nil, nil, usageErr(e.verb+": --chain is missing: the package's chain as published", e.retry("--chain", "CHAIN"))
	}
	data, err := readInput(e, "chain", path)
	if err != nil {
		return nil, nil, err
	}
	pkg, err := chainPackage(path, data)
	if err != nil {
		return nil, nil, refused(err)
	}
	if pkgFlag != "" && pkgFlag != pkg {
		return nil, nil, usageErr(fmt.Sprintf("%s: --package %q, but %s is the chain of %q", e.verb, pkgFlag, path, pkg), e.retryReplacing("--package", pkg))
	}
	res, err := chain.FirstTrust(pkg, chain.NewReader(path, bytes.NewReader(data)))
	if err != nil {
		return nil, nil, refused(fmt.Errorf("the chain %s does not verify (%s): %w", path, explain(err), err))
	}
	return data, res, nil
}

// parseWitnessKey parses --witness-key NAME=KEY, where KEY is the
// witness's public key as its 56 base64 characters or a signify .pub file
// (ceremony.ParseWitnessKey).
func parseWitnessKey(e *env, v string) (chain.Witness, error) {
	w, err := ceremony.ParseWitnessKey(v)
	if err != nil {
		return chain.Witness{}, usageErr(fmt.Sprintf("%s: --witness-key %q: %v", e.verb, v, err),
			e.retryReplacing("--witness-key", "Witness Name=THEIR-56-CHARACTER-PUBLIC-KEY"))
	}
	return w, nil
}

// handoverRequestReport is what handover request prints with --json.
type handoverRequestReport struct {
	Ceremony        string   `json:"ceremony"`
	Package         string   `json:"package"`
	Successor       string   `json:"successor"`
	SignatoryID     string   `json:"signatory_id"` // the successor's, once the hand-over is signed
	From            string   `json:"from"`
	FromSignatoryID string   `json:"from_signatory_id"`
	Position        uint64   `json:"position"` // of the hand-over entry
	Recovery        *keyJSON `json:"recovery_key"`
	ReleaseKey      *keyJSON `json:"release_key"`
	Witnesses       []string `json:"witnesses"`
	Draft           string   `json:"draft"`
	Transcript      string   `json:"transcript"`

	operator string // --operator, for the command the successor runs last
}

// handoverRequestArgs is a hand-over request as the command line asks for it.
type handoverRequestArgs struct {
	pkg, name, chainPath string
	reason, out          string
	witnesses            []chain.Witness
	cf                   ceremonyFlags
}

func handoverRequest(e *env, args []string) error {
	req, err := parseHandoverRequest(e, args)
	if err != nil {
		return err
	}
	data, res, err := readHandoverChain(e, req.chainPath, req.pkg)
	if err != nil {
		return err
	}
	pkg := res.Head.Package
	e.bar.Printf("baton: %s is held by %s (signatory %s, %d entries); preparing its hand-over to %s\n",
		pkg, untrusted.Quote(res.Name), res.Head.Signatory, res.Head.Position, untrusted.Quote(req.name))
	v, err := e.openVault()
	if err != nil {
		return err
	}
	v.KDFRounds = req.cf.kdfRounds
	o, err := v.HandoverRequest(e.ctx, e.ui(), req.cf.options(), ceremony.HandoverRequestParams{
		Package: pkg, Name: req.name, Reason: req.reason, Chain: data, Witnesses: req.witnesses, Draft: req.out,
	})
	if err != nil {
		return e.ceremonyErr(err, pkg)
	}
	e.bar.Break()
	p := v.Package(pkg)
	rec, err := p.PublicKey("recovery")
	if err != nil {
		return failure(err)
	}
	k1, err := p.PublicKey("K1")
	if err != nil {
		return failure(err)
	}
	rep := &handoverRequestReport{
		Ceremony: "handover-request", Package: pkg, Successor: req.name, SignatoryID: string(chain.SignatoryOf(rec)),
		From: res.Name, FromSignatoryID: string(res.Head.Signatory), Position: res.Head.Position + 1,
		Recovery: describeKey("recovery", rec), ReleaseKey: describeKey("K1", k1), Witnesses: []string{},
		Draft: req.out, Transcript: o.Transcript, operator: req.cf.operator,
	}
	for _, w := range req.witnesses {
		rep.Witnesses = append(rep.Witnesses, w.Name)
	}
	return e.print(rep)
}

// parseHandoverRequest parses handover request's flags and witness keys.
func parseHandoverRequest(e *env, args []string) (*handoverRequestArgs, error) {
	fs := e.flagSet("handover request")
	req := &handoverRequestArgs{}
	fs.StringVar(&req.pkg, "package", "", "")
	fs.StringVar(&req.name, "name", "", "")
	fs.StringVar(&req.chainPath, "chain", "", "")
	fs.StringVar(&req.reason, "reason", "", "")
	fs.StringVar(&req.out, "out", "", "")
	var wkeys stringList
	fs.Var(&wkeys, "witness-key", "")
	req.cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return nil, err
	}
	if err := checkSignatoryName(e, req.name); err != nil {
		return nil, err
	}
	if req.out == "" {
		return nil, usageErr(e.verb+": --out is missing: where to write the draft for the witnesses and the outgoing signatory",
			e.retry("--out", "handover.draft"))
	}
	if req.reason != "" {
		if err := chain.CheckName(req.reason); err != nil {
			return nil, usageErr(fmt.Sprintf("%s: --reason %q: %v", e.verb, req.reason, err), e.retryReplacing("--reason", "ONE LINE"))
		}
	}
	for _, v := range wkeys {
		w, err := parseWitnessKey(e, v)
		if err != nil {
			return nil, err
		}
		for _, o := range req.witnesses {
			if o.Name == w.Name || o.Key.Equal(w.Key) {
				return nil, usageErr(fmt.Sprintf("%s: --witness-key %q: the same witness twice", e.verb, v), "baton help handover")
			}
		}
		req.witnesses = append(req.witnesses, w)
	}
	if err := req.cf.check(e); err != nil {
		return nil, err
	}
	return req, nil
}

func (rep *handoverRequestReport) text(e *env, w io.Writer) {
	pkg, from, draft := rep.Package, rep.From, rep.Draft
	fmt.Fprintf(w, "Prepared the hand-over of %s from \"%s\" to \"%s\" (position %d), signed with your\n"+
		"new keys as your acceptance. Once it is signed, you are signatory %s.\n\n",
		pkg, from, rep.Successor, rep.Position, rep.SignatoryID)
	fmt.Fprintf(w, "Read these words aloud with \"%s\" (a call, in person) before they sign; users asked\n"+
		"to consent to the hand-over compare the recovery key too, so publish it:\n\n", from)
	fmt.Fprintf(w, "  recovery key: %s\n  words:        %s\n  release key K1: %s\n  words:          %s\n\n",
		rep.Recovery.Key, rep.Recovery.Words, rep.ReleaseKey.Key, rep.ReleaseKey.Words)
	fmt.Fprintf(w, "The draft: %s\n\nNext:\n", draft)
	step := 1
	if len(rep.Witnesses) > 0 {
		fmt.Fprintf(w, "  %d. each witness co-signs it (%s):\n       baton handover witness --draft %s --key THEIR-KEY.sec\n",
			step, strings.Join(rep.Witnesses, ", "), shellQuote(draft))
		step++
	}
	fmt.Fprintf(w, "  %d. \"%s\" signs it and publishes the chain:\n"+
		"       baton handover sign --package %s --draft %s --operator THEM\n",
		step, from, shellQuote(pkg), shellQuote(draft))
	fmt.Fprintf(w, "  %d. you take the published chain into this vault:\n       %s\n", step+1,
		e.nextCommand("handover accept --package "+shellQuote(pkg)+" --chain PUBLISHED-CHAIN --operator "+shellQuote(rep.operator)))
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}

// nextCommand is a baton command line to run next in the same vault.
func (e *env) nextCommand(rest string) string {
	if e.g.vault != "" {
		return "baton --vault " + shellQuote(e.g.vault) + " " + rest
	}
	return "baton " + rest
}

// readDraft reads and parses a hand-over draft.
func readDraft(e *env, path string) (*chain.SignedEntry, error) {
	if path == "" {
		return nil, usageErr(e.verb+": --draft is missing: the hand-over draft the successor made", e.retry("--draft", "DRAFT"))
	}
	data, err := ceremony.ReadFile(path, ceremony.MaxDraftFile)
	if errors.Is(err, ceremony.ErrTooLarge) {
		return nil, refused(fmt.Errorf("%s is not a hand-over draft: %w", path, err))
	}
	if err != nil {
		return nil, failure(fmt.Errorf("reading the draft: %w", err), e.retryReplacing("--draft", "DRAFT"))
	}
	d, err := ceremony.ParseDraft(path, data)
	if err != nil {
		return nil, refused(fmt.Errorf("%s is not a hand-over draft: %w", path, err))
	}
	return d, nil
}

// witnessState splits a draft's witnesses into those whose signature is
// on it and those still to sign; a signature that does not verify is a
// refusal.
func witnessState(d *chain.SignedEntry) (signed, missing []string, err error) {
	signed, missing, err = ceremony.WitnessState(d)
	if err != nil {
		return nil, nil, refused(err)
	}
	return signed, missing, nil
}

// draftSummary says what a draft does, for a person about to sign it.
func draftSummary(d *chain.SignedEntry) string {
	s := fmt.Sprintf("hand-over of %s at position %d to \"%s\" (recovery key words: %s)", d.Package, d.Position, d.Name, d.Recovery.Fingerprint().WordString())
	if d.Reason != "" {
		s += "; reason: " + d.Reason
	}
	return s
}

func handoverWitness(e *env, args []string) error {
	fs := e.flagSet("handover witness")
	draftPath := fs.String("draft", "", "")
	keyPath := fs.String("key", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *keyPath != "" && *draftPath != "" {
		// Before anything is read: a key inside a work tree is refused
		// whatever the draft says.
		if err := ceremony.CheckSecretKeyFile("the witness key", *keyPath); err != nil {
			return failure(err, "move the key out of the repository, then: "+e.retryReplacing("--key", "YOUR-KEY.sec"))
		}
	}
	d, err := readDraft(e, *draftPath)
	if err != nil {
		return err
	}
	shown := d.Hash() // only this draft is signed, whatever is at the path by then
	if *keyPath == "" {
		return usageErr(e.verb+": --key is missing: your signify secret key (the public half is the one the draft names)", e.retry("--key", "YOUR-KEY.sec"))
	}
	switch err := ceremony.CheckWitnessable(d); {
	case errors.Is(err, ceremony.ErrNoWitnesses):
		return failure(fmt.Errorf("%s: %w", *draftPath, err))
	case err != nil:
		return refused(fmt.Errorf("%s: %w", *draftPath, err))
	}
	data, err := ceremony.ReadFile(*keyPath, ceremony.MaxKeyFile)
	if err != nil {
		return failure(fmt.Errorf("reading the witness key: %w", err), e.retryReplacing("--key", "YOUR-KEY.sec"))
	}
	enc, err := signify.ParseSecretKey(*keyPath, data)
	clear(data)
	if err != nil {
		return usageErr(fmt.Sprintf("%s: --key %s is not a signify secret key: %v", e.verb, *keyPath, err), e.retryReplacing("--key", "YOUR-KEY.sec"))
	}
	var pass []byte
	if enc.Encrypted() {
		if pass, err = e.passphrase("passphrase of the witness key "+*keyPath, false); err != nil {
			return err
		}
	}
	k, err := ceremony.OpenKeyFile(e.ctx, e.ui(), enc, pass)
	clear(pass)
	if err != nil {
		return e.ceremonyErr(fmt.Errorf("%s: %w", *keyPath, err), d.Package)
	}
	defer clear(k.Key)
	res, err := ceremony.WitnessDraftFile(ceremony.WitnessParams{Draft: *draftPath, Key: k, Shown: &shown})
	if err != nil {
		if errors.Is(err, ceremony.ErrNotWitness) {
			var named []string
			for _, w := range d.Witnesses {
				named = append(named, fmt.Sprintf("%s (%s)", w.Name, w.Key.Fingerprint().WordString()))
			}
			return failure(fmt.Errorf("%s: %w", *keyPath, err), "the draft names: "+strings.Join(named, ", "))
		}
		if errors.Is(err, ceremony.ErrNotAccepted) {
			return refused(err)
		}
		return failure(err)
	}
	return e.witnessDone(res.Draft, *draftPath, res.Name, res.Already)
}

// witnessDone reports a witness's signature on a draft.
func (e *env) witnessDone(d *chain.SignedEntry, path, name string, already bool) error {
	signed, missing, err := witnessState(d)
	if err != nil {
		return err
	}
	return e.print(witnessReport{Already: already, Draft: path, Missing: orEmpty(missing), Package: d.Package,
		Position: d.Position, Signed: orEmpty(signed), Successor: d.Name, Witness: name, draft: d})
}

// witnessReport is what handover witness prints: with --json, its fields
// in the order of their names.
type witnessReport struct {
	Already   bool     `json:"already_signed"`
	Draft     string   `json:"draft"`
	Missing   []string `json:"missing"`
	Package   string   `json:"package"`
	Position  uint64   `json:"position"`
	Signed    []string `json:"signed"`
	Successor string   `json:"successor"`
	Witness   string   `json:"witness"`

	draft *chain.SignedEntry
}

func (rep witnessReport) text(_ *env, w io.Writer) {
	if rep.Already {
		fmt.Fprintf(w, "%s had already co-signed %s: nothing changed.\n", rep.Witness, rep.Draft)
	} else {
		fmt.Fprintf(w, "%s co-signed the draft %s:\n  %s\n", rep.Witness, rep.Draft, draftSummary(rep.draft))
	}
	if len(rep.Missing) > 0 {
		fmt.Fprintf(w, "Still to co-sign: %s\n", strings.Join(rep.Missing, ", "))
	} else {
		fmt.Fprintf(w, "Every witness has co-signed; the outgoing signatory can sign it:\n"+
			"  baton handover sign --package %s --draft %s --operator THEM\n", shellQuote(rep.Package), shellQuote(rep.Draft))
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func handoverSign(e *env, args []string) error {
	fs := e.flagSet("handover sign")
	pkg := fs.String("package", "", "")
	draftPath := fs.String("draft", "", "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if *pkg == "" {
		return usageErr(e.verb+": --package is missing", e.retry("--package", "NAME"))
	}
	if err := cf.check(e); err != nil {
		return err
	}
	d, err := readDraft(e, *draftPath)
	if err != nil {
		return err
	}
	if d.Package != *pkg {
		return usageErr(fmt.Sprintf("%s: --package %q, but the draft %s hands over %q", e.verb, *pkg, *draftPath, d.Package), e.retryReplacing("--package", d.Package))
	}
	v, err := e.openVault()
	if err != nil {
		return err
	}
	p, err := e.vaultPackage(v, *pkg)
	if err != nil {
		return err
	}
	signed, missing, err := witnessState(d)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		hints := []string{fmt.Sprintf("baton handover witness --draft %s --key WITNESS-KEY.sec   (run by %s, then: %s)",
			shellQuote(*draftPath), strings.Join(missing, ", "), e.retry())}
		return failure(fmt.Errorf("witness %q has not signed the draft %s yet; nothing was signed (witnesses still to sign: %s)",
			missing[0], *draftPath, strings.Join(missing, ", ")), hints...)
	}
	e.bar.Printf("baton: the draft: %s\n", draftSummary(d))
	out, err := e.signHandover(v, &cf, d)
	if err != nil {
		return err
	}
	e.bar.Break()
	entries, err := p.Chain()
	if err != nil {
		return failure(err)
	}
	var signer string
	if n := len(entries); n >= 2 {
		signer = labelOf(p, entries[n-2].Next)
	}
	head := out.Head
	return e.print(handoverSignReport{
		Ceremony: "handover-sign", Chain: p.ChainPath(), Entry: head.Hash().String(), Package: *pkg, Position: head.Position,
		Publish: out.Files, Recovery: describeKey("recovery", head.Recovery), SignatoryID: string(chain.SignatoryOf(head.Recovery)),
		SignedWith: signer, Successor: head.Name, Transcript: out.Transcript, Witnesses: orEmpty(signed),
	})
}

// signHandover runs the outgoing signatory's ceremony; a confirmation
// declined (or nobody to ask) is a decision left undone, not a failure.
func (e *env) signHandover(v *ceremony.Vault, cf *ceremonyFlags, d *chain.SignedEntry) (*ceremony.Outcome, error) {
	ui := e.ui()
	declined := false
	confirm := ui.Confirm
	ui.Confirm = func(q string) (bool, error) {
		ok, err := confirm(q)
		if err == nil && !ok {
			declined = true
		}
		return ok, err
	}
	pkg := d.Package
	out, err := v.HandoverSign(e.ctx, ui, cf.options(), ceremony.HandoverSignParams{Package: pkg, Draft: d})
	switch {
	case err == nil:
		return out, nil
	case !declined:
		return nil, e.ceremonyErr(err, pkg)
	}
	resume := "the unfinished ceremony resumes when you run it again; baton abort --package " + shellQuote(pkg) + " drops it"
	if e.tty == nil {
		return nil, undecided(fmt.Errorf("hand-over of %s to \"%s\" not confirmed: nobody could be asked "+
			"whether the successor's words were compared (stdin is not a terminal); nothing was signed", pkg, d.Name),
			e.retry("--yes")+"   (only after you read the words aloud with the successor and they matched)", resume)
	}
	return nil, undecided(fmt.Errorf("hand-over of %s to \"%s\" not confirmed; nothing was signed", pkg, d.Name), resume)
}

// handoverSignReport is what handover sign prints: with --json, its
// fields in the order of their names.
type handoverSignReport struct {
	Ceremony    string   `json:"ceremony"`
	Chain       string   `json:"chain"`
	Entry       string   `json:"entry"`
	Package     string   `json:"package"`
	Position    uint64   `json:"position"`
	Publish     []string `json:"publish"`
	Recovery    *keyJSON `json:"recovery_key"`
	SignatoryID string   `json:"signatory_id"`
	SignedWith  string   `json:"signed_with"`
	Successor   string   `json:"successor"`
	Transcript  string   `json:"transcript"`
	Witnesses   []string `json:"witnesses"`
}

func (rep handoverSignReport) text(_ *env, w io.Writer) {
	pkg := rep.Package
	fmt.Fprintf(w, "Handed %s over to \"%s\" at position %d", pkg, rep.Successor, rep.Position)
	if rep.SignedWith != "" {
		fmt.Fprintf(w, ", signed with %s", rep.SignedWith)
	}
	if len(rep.Witnesses) > 0 {
		fmt.Fprintf(w, "; witnessed by %s", strings.Join(rep.Witnesses, ", "))
	}
	fmt.Fprintf(w, ".\nThe chain now belongs to signatory %s; this vault's keys for %s no longer sign anything.\n",
		rep.SignatoryID, pkg)
	fmt.Fprintf(w, "\nPublish the chain file where the package is distributed:\n  %s\n\n", rep.Chain)
	fmt.Fprintf(w, "Then \"%s\" takes it into their vault:\n"+
		"  baton handover accept --package %s --chain PUBLISHED-CHAIN --operator THEM\n\n", rep.Successor, shellQuote(pkg))
	fmt.Fprintf(w, "Every user who trusts %s will be asked to consent to the hand-over before they\n"+
		"accept a release \"%s\" signs.\n", pkg, rep.Successor)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}

func handoverAccept(e *env, args []string) error {
	fs := e.flagSet("handover accept")
	pkgFlag := fs.String("package", "", "")
	chainPath := fs.String("chain", "", "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if err := cf.check(e); err != nil {
		return err
	}
	data, res, err := readHandoverChain(e, *chainPath, *pkgFlag)
	if err != nil {
		return err
	}
	pkg := res.Head.Package
	if _, err := e.existingVault(); err != nil {
		return err
	}
	v, err := e.openVault()
	if err != nil {
		return err
	}
	out, err := v.HandoverAccept(e.ctx, e.ui(), cf.options(), ceremony.HandoverAcceptParams{Package: pkg, Chain: data})
	if err != nil {
		return e.ceremonyErr(err, pkg)
	}
	e.bar.Break()
	p := v.Package(pkg)
	head := out.Head
	next := labelOf(p, head.Next)
	return e.print(handoverAcceptReport{
		Ceremony: "handover-accept", Chain: p.ChainPath(), Entry: head.Hash().String(), Next: describeKey(next, head.Next),
		Package: pkg, Position: head.Position, Publish: out.Files, Signatory: res.Name, SignatoryID: string(res.Head.Signatory),
		Transcript: out.Transcript, operator: cf.operator,
	})
}

// handoverAcceptReport is what handover accept prints: with --json, its
// fields in the order of their names.
type handoverAcceptReport struct {
	Ceremony    string   `json:"ceremony"`
	Chain       string   `json:"chain"`
	Entry       string   `json:"entry"`
	Next        *keyJSON `json:"next_key"`
	Package     string   `json:"package"`
	Position    uint64   `json:"position"`
	Publish     []string `json:"publish"`
	Signatory   string   `json:"signatory"`
	SignatoryID string   `json:"signatory_id"`
	Transcript  string   `json:"transcript"`

	operator string
}

func (rep handoverAcceptReport) text(e *env, w io.Writer) {
	next := ""
	if rep.Next != nil {
		next = rep.Next.Label
	}
	fmt.Fprintf(w, "You now hold %s: its chain (%d entries) is in your vault, signatory %s (\"%s\").\n",
		rep.Package, rep.Position, rep.SignatoryID, rep.Signatory)
	fmt.Fprintf(w, "Your next release is signed with %s:\n  %s --package %s --version V --dir DIR --operator %s\n",
		labelOr(next, "the key the hand-over announced"), e.nextCommand("release"), shellQuote(rep.Package), shellQuote(rep.operator))
	fmt.Fprintf(w, "Keep publishing the chain from %s.\n", rep.Chain)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}
