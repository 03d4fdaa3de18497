package vectors

import (
	"crypto/sha256"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// Case is one test vector: an input and the verdict Baton must reach.
type Case struct {
	Name string `json:"name"`
	// Type: "verify" (chain against Pin), "first-trust" (chain from
	// nothing), "release" (files against a verified chain's release) or
	// "parse" (a single file of Format).
	Type   string   `json:"type"`
	Chain  string   `json:"chain,omitempty"`
	Pin    string   `json:"pin,omitempty"` // a trust store line
	Expect string   `json:"expect"`        // "ok", an Err name from package chain, or "parse"
	Head   uint64   `json:"head,omitempty"`
	Events []uint64 `json:"events,omitempty"`

	Version string `json:"version,omitempty"` // release: which release
	Sig     string `json:"sig,omitempty"`     // release: the checksum list signature
	Root    string `json:"root,omitempty"`    // release: where its files are

	Format     string `json:"format,omitempty"` // parse: publickey, secretkey, signature, entry, chain, truststore, checksums
	File       string `json:"file,omitempty"`
	Contains   string `json:"contains,omitempty"` // parse: the error must contain this
	Passphrase string `json:"passphrase,omitempty"`
	Attack     string `json:"attack,omitempty"` // what the case models, for docs/ATTACKS.md
}

// chainCase is a chain vector before it is written out.
type chainCase struct {
	Case
	entries []*chain.SignedEntry
	raw     []byte // used instead of entries when set
}

func clone(es []*chain.SignedEntry) []*chain.SignedEntry {
	out := make([]*chain.SignedEntry, len(es))
	for i, e := range es {
		c := *e
		c.Sigs = append([]chain.NoteSig(nil), e.Sigs...)
		out[i] = &c
	}
	return out
}

// resign replaces entry i of es by a modified copy signed by signers.
func resign(es []*chain.SignedEntry, i int, edit func(*chain.Entry), signers ...string) []*chain.SignedEntry {
	out := clone(es)
	e := *out[i].Entry
	edit(&e)
	var ks []*signify.SecretKey
	for _, s := range signers {
		ks = append(ks, Key(s))
	}
	out[i] = must(chain.SignEntry(&e, ks...))
	return out
}

func pinLine(es []*chain.SignedEntry, p int) string {
	return PinAt(es, p).String()
}

// chainCases returns every chain vector. story is the reference chain.
func chainCases(story []*chain.SignedEntry) []chainCase {
	fork := Fork()
	ok := func(name, pinAt string, p int, head uint64, events ...uint64) chainCase {
		c := chainCase{Case: Case{Name: name, Type: "verify", Expect: "ok", Head: head, Events: events}, entries: story}
		if p == 0 {
			c.Type = "first-trust"
		} else {
			c.Pin = pinLine(story, p)
		}
		return c
	}
	bad := func(name string, p int, expect string, es []*chain.SignedEntry) chainCase {
		return chainCase{Case: Case{Name: name, Type: "verify", Pin: pinLine(story, p), Expect: expect}, entries: es}
	}
	var cs []chainCase
	cs = append(cs,
		ok("first-trust-whole-story", "", 0, 8, 5, 7),
		ok("pinned-at-release-1.0-skips-to-head", "", 2, 8, 5, 7),
		ok("pinned-after-rekey", "", 6, 8, 7),
		ok("pinned-at-head", "", 8, 8),
		ok("pinned-at-genesis", "", 1, 8, 5, 7),
	)
	// Two signatures on one entry in the other order still verify: order is
	// not significant, only presence.
	swapped := clone(story)
	swapped[6].Sigs[0], swapped[6].Sigs[1] = swapped[6].Sigs[1], swapped[6].Sigs[0]
	cs = append(cs, chainCase{Case: Case{Name: "signature-lines-in-any-order", Type: "verify", Pin: pinLine(story, 2), Expect: "ok", Head: 8, Events: []uint64{5, 7}}, entries: swapped})
	// An unknown extra signature (a late witness) is ignored.
	extra := clone(story)
	if err := extra[3].AddSignature(Key("W2")); err != nil {
		panic(err)
	}
	cs = append(cs, chainCase{Case: Case{Name: "extra-unknown-signature-ignored", Type: "verify", Pin: pinLine(story, 2), Expect: "ok", Head: 8, Events: []uint64{5, 7}}, entries: extra})

	cs = append(cs, bad("fork-by-another-signatory", 3, "ErrFork", fork))

	badSig := clone(story)
	badSig[3].Sigs[0].Sig = append([]byte(nil), badSig[3].Sigs[0].Sig...)
	badSig[3].Sigs[0].Sig[0] ^= 1
	cs = append(cs, bad("bad-signature", 2, "ErrBadSignature", badSig))

	cs = append(cs, bad("signed-by-unannounced-key", 2, "ErrUnannounced", resign(story, 3, func(e *chain.Entry) {}, "X1")))
	cs = append(cs, bad("rollback-truncated-chain", 5, "ErrRollback", story[:3]))
	cs = append(cs, bad("equivocation-against-pin", 4, "ErrEquivocation", resign(story[:4], 3, func(e *chain.Entry) { e.Version = "1.2-evil" }, "K3")))

	twoAt3 := append(clone(story[:3]), resign(story[:3], 2, func(e *chain.Entry) { e.Version = "1.1-other" }, "K2")[2])
	cs = append(cs, bad("equivocation-within-chain", 2, "ErrEquivocation", twoAt3))

	unsigned := append(clone(story[:3]), resign(story[:3], 2, func(e *chain.Entry) { e.Version = "1.1-other" }, "X1")[2])
	cs = append(cs, bad("second-entry-unsigned-is-altered", 2, "ErrAltered", unsigned))
	cs = append(cs, bad("altered-at-pin-is-not-equivocation", 4, "ErrUnannounced", resign(story[:4], 3, func(e *chain.Entry) { e.Version = "1.2-evil" }, "X1")))

	dup := append(clone(story[:3]), story[2])
	cs = append(cs, bad("duplicated-entry", 2, "ErrOrder", append(dup, story[3:]...)))

	reordered := clone(story)
	reordered[2], reordered[3] = reordered[3], reordered[2]
	cs = append(cs, bad("reordered-entries", 2, "ErrOrder", reordered))

	missing := append(clone(story[:2]), story[3:]...)
	cs = append(cs, bad("missing-entry", 2, "ErrOrder", missing))

	cs = append(cs, bad("entry-for-another-package", 2, "ErrOtherPackage", resign(story, 3, func(e *chain.Entry) { e.Package = "example.org/other" }, "K3")))
	cs = append(cs, bad("broken-prev-link", 2, "ErrBrokenLink", resign(story, 3, func(e *chain.Entry) { e.Prev = sha256.Sum256([]byte("elsewhere")) }, "K3")))

	replay := append(clone(story[:3]), resign(fork, 3, func(e *chain.Entry) { e.Position = 4 }, "M3")[3])
	cs = append(cs, bad("entry-replayed-from-another-chain", 2, "ErrBrokenLink", replay))

	cs = append(cs, bad("handover-not-signed-by-old-key", 2, "ErrUnannounced", resign(story, 6, func(e *chain.Entry) {}, "S1", "SR", "W1")))
	cs = append(cs, bad("handover-missing-successor-acceptance", 2, "ErrUnannounced", resign(story, 6, func(e *chain.Entry) {}, "K6", "SR", "W1")))
	forged := resign(story, 6, func(e *chain.Entry) {}, "K6", "S1", "SR", "X2")
	forged[6].Sigs[3].Name = chain.NoteKeyName(Pub("W1"))
	forged[6].Sigs[3].KeyID = chain.NoteKeyID(forged[6].Sigs[3].Name, Pub("W1").Key)
	cs = append(cs, bad("handover-forged-witness", 2, "ErrBadSignature", forged))
	cs = append(cs, bad("handover-witness-missing", 2, "ErrUnannounced", resign(story, 6, func(e *chain.Entry) {}, "K6", "S1", "SR")))
	cs = append(cs, bad("rekey-not-signed-by-recovery-key", 2, "ErrUnannounced", resign(story, 4, func(e *chain.Entry) {}, "K4", "K5")))
	cs = append(cs, bad("key-announced-twice", 2, "ErrKeyReuse", resign(story[:4], 3, func(e *chain.Entry) { e.Next = Pub("K2") }, "K3")))
	cs = append(cs, bad("wrong-signatory-id", 2, "ErrWrongIdentity", resign(story, 3, func(e *chain.Entry) { e.Signatory = chain.SignatoryOf(Pub("MR")) }, "K3")))

	cs = append(cs, bad("entry-signed-by-retired-key", 4, "ErrUnannounced", resign(story, 4, func(e *chain.Entry) {
		e.Kind, e.Reason, e.Version, e.Checksums = chain.KindRelease, "", "1.2.1", digest("1.2.1")
	}, "K2")))
	cs = append(cs, chainCase{Case: Case{Name: "freeze-old-head-not-detectable", Type: "verify", Pin: pinLine(story, 6), Expect: "ok", Head: 6}, entries: story[:6]})
	other := []*chain.SignedEntry{must(chain.SignEntry(chain.NewGenesis("example.org/other", "Alice Maintainer", Pub("R2"), Pub("K1"), T(1)), Key("R2"), Key("K1")))}
	cs = append(cs, bad("chain-of-another-package", 2, "ErrOtherPackage", other))

	cs = append(cs, emergencyCases()...)
	cs = append(cs, bad("version-released-twice", 2, "ErrVersionReuse", resign(story[:4], 3, func(e *chain.Entry) { e.Version = "1.1" }, "K3")))
	cs = append(cs, bad("handover-witnessed-by-outgoing-key", 2, "ErrWitness", resign(story, 6, func(e *chain.Entry) {
		e.Witnesses = []chain.Witness{{Key: Pub("K6"), Name: "Alice again"}}
	}, "K6", "S1", "SR")))
	cs = append(cs, bad("fork-shorter-than-pin", 6, "ErrFork", fork))
	cs = append(cs, bad("handover-witnessed-by-retired-key", 2, "ErrWitness", resign(story, 6, func(e *chain.Entry) {
		e.Witnesses = []chain.Witness{{Key: Pub("K2"), Name: "Alice's retired key"}}
	}, "K6", "S1", "SR", "K2")))

	truncated := chain.Marshal(story[:4])
	cs = append(cs, chainCase{Case: Case{Name: "truncated-file", Type: "verify", Pin: pinLine(story, 2), Expect: "parse", Contains: "chains/truncated-file.chain:51: file is truncated: the last line has no newline"}, raw: truncated[:len(truncated)-40]})
	return cs
}
