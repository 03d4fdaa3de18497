package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// firstTrust has the person compare the signatory's key with a copy they
// obtained another way before anything is pinned. The chain's own words
// are shown only after the comparison, so that nobody is invited to copy
// them back.
func (v *verification) firstTrust() error {
	res := v.check.Result()
	v.rep.FirstTrust = true
	w := v.e.show()
	fmt.Fprintf(w, "First trust: nothing about %s is pinned in %s yet.\n", v.pkg, v.trust.Path)
	fmt.Fprintf(w, "The chain (%s, every signature checked from its genesis) is held by %s\n(signatory %s).\n",
		plural(int(res.Head.Position), "entry"), untrusted.Quote(res.Name), res.Head.Signatory)
	for _, ev := range res.Events {
		j := eventOf(ev)
		j.Consent = "history"
		v.rep.Events = append(v.rep.Events, j.escaped())
		fmt.Fprintf(w, "History: %s\n", j.summary(v.pkg))
	}
	if v.expectKey == "" && v.expectWords == "" {
		if known, err := v.knownSignatory(res); known || err != nil {
			return err
		}
	}
	if err := v.compare(res); err != nil {
		return err
	}
	v.consent.KeyCompared = true
	fmt.Fprintf(w, "\nMATCH: this is the signatory's key, as you obtained it:\n\n  key:    %s\n  words:  %s\n\n", res.Recovery, res.Recovery.Fingerprint().WordString())
	if isTerminal(w) { // a QR code only helps where a camera can see it
		if q, err := qr.Terminal(qr.Payload(res.Recovery)); err == nil {
			fmt.Fprintf(w, "%s\n", q)
		}
	}
	return nil
}

// compare checks the person's copy of the signatory's key in force:
// --expect-key, --expect-words or typed at the terminal. A malformed copy
// (a typo, a wrong count) is an input error; MISMATCH only for a
// well-formed copy that differs.
func (v *verification) compare(res *chain.Result) error {
	switch {
	case v.expectKey != "":
		return v.judge(res, compareKeyText(res.Recovery, v.expectKey), "--expect-key")
	case v.expectWords != "":
		return v.judge(res, res.Recovery.Fingerprint().CheckWords(v.expectWords), "--expect-words")
	case v.e.tty == nil:
		v.rep.Reason = "first trust needs you to compare the signatory's key, and nobody can be asked (stdin is not a terminal); nothing was pinned"
		return undecided(fmt.Errorf("first trust of %s not confirmed: give the words or key the signatory published", v.pkg),
			v.e.retry("--expect-words", "'WORD1 WORD2 ... WORD12'")+"   (the words the signatory published on their own site)",
			v.e.retry("--expect-key", "KEY-TEXT-THE-SIGNATORY-PUBLISHED"))
	}
	for attempt := 1; ; attempt++ {
		a, err := v.e.ask("\nType the fingerprint words or paste the key from the signatory's web page, slide\nor phone call (empty to stop): ")
		if err != nil && !errors.Is(err, io.EOF) {
			return failure(err)
		}
		a = strings.TrimSpace(a)
		if a == "" {
			v.rep.Reason = "first trust not confirmed; nothing was pinned"
			return undecided(fmt.Errorf("first trust of %s not confirmed", v.pkg), v.e.retry())
		}
		var cmp error
		if !strings.ContainsAny(a, " \t") && len(a) >= 50 {
			cmp = compareKeyText(res.Recovery, a)
		} else {
			cmp = res.Recovery.Fingerprint().CheckWords(a)
		}
		if errors.Is(cmp, signify.ErrWordInput) && attempt < 3 {
			v.e.bar.Printf("%v; type them again\n", cmp)
			continue
		}
		return v.judge(res, cmp, "what you typed")
	}
}

// judge turns a comparison's outcome into the verdict.
func (v *verification) judge(res *chain.Result, cmp error, what string) error {
	switch {
	case cmp == nil:
		return nil
	case errors.Is(cmp, signify.ErrWordInput):
		v.rep.Reason = "the words as given cannot be compared (" + cmp.Error() + "); nothing was pinned"
		return usageErr(fmt.Sprintf("%s: %v", what, cmp), v.e.retry()+"   (with the twelve words exactly as the signatory published them)")
	}
	v.rep.Recovery = describeKey("recovery", res.Recovery)
	v.rep.Reason = "MISMATCH: this is not the key you expected; nothing was pinned. Do not use this package until you know why"
	fmt.Fprintf(v.e.show(), "\nMISMATCH: the signatory's key in this chain is\n\n  key:    %s\n  words:  %s\n\nand %s is not it.\n", res.Recovery, res.Recovery.Fingerprint().WordString(), what)
	return refused(fmt.Errorf("MISMATCH: %s: %w", what, cmp))
}

// compareKeyText compares a pasted key text with k: an input error when it
// is not a key at all, a mismatch when it is another key.
func compareKeyText(k *signify.PublicKey, text string) error {
	got, err := signify.ParsePublicKeyText(strings.TrimSpace(text))
	if err != nil {
		return fmt.Errorf("%w: not a signify public key: %v", signify.ErrWordInput, err)
	}
	if !got.Equal(k) {
		return fmt.Errorf("%w: the key %s is not the signatory's key", signify.ErrWordMismatch, got)
	}
	return nil
}

// knownSignatory offers first trust without comparing the key when the
// trust store already trusts the chain's signatory: for every package it
// signs (no question), or for other pinned packages (asked, or named by
// --accept SIGNATORY-ID). known is false when the person is to compare
// the key instead.
func (v *verification) knownSignatory(res *chain.Result) (known bool, err error) {
	pkgs, all := v.check.Vouched()
	if len(pkgs) == 0 && !all {
		return false, nil
	}
	w, id := v.e.show(), res.Head.Signatory
	v.rep.VouchedBy, v.rep.EveryPackage = pkgs, all
	if all {
		fmt.Fprintf(w, "\nKNOWN SIGNATORY: %s is signed by %s (signatory %s), whom you trust for every package it signs.\n", v.pkg, untrusted.Quote(res.Name), id)
		v.consent.SignatoryTrusted = true
		return true, nil
	}
	fmt.Fprintf(w, "\nKNOWN SIGNATORY: %s is signed by %s (signatory %s), whom you already trust for %s.\n", v.pkg, untrusted.Quote(res.Name), id, strings.Join(pkgs, ", "))
	switch {
	case slices.Contains(v.accept, string(id)):
	case v.ask && v.e.tty != nil:
		ok, err := v.e.askYes(fmt.Sprintf("Trust %s for %s as you do for %s? (no: compare the signatory's key instead)", untrusted.Quote(res.Name), v.pkg, pkgs[0]))
		if err != nil || !ok {
			return false, err
		}
	default:
		v.rep.Reason = "the signatory is one you trust for another package, and nobody can be asked whether to trust it for this one too (stdin is not a terminal); nothing was pinned"
		return true, undecided(fmt.Errorf("first trust of %s not confirmed", v.pkg),
			v.e.retry("--accept", string(id))+"   (to trust this signatory for "+v.pkg+" too)",
			v.wordsHint()+"   (to compare its key instead)")
	}
	v.consent.SignatoryTrusted = true
	return true, nil
}

// wordsHint is the command that compares the signatory's key: deps has no
// --expect-words (each package has its own), so it names verify.
func (v *verification) wordsHint() string {
	if v.e.verb == "deps" {
		return "baton verify --package " + shellQuote(v.pkg) + " --chain " + shellQuote(v.chainPath) + " --expect-words 'WORD1 WORD2 ... WORD12'"
	}
	return v.e.retry("--expect-words", "'WORD1 WORD2 ... WORD12'")
}
