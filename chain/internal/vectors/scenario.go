// Package vectors generates Baton's test vectors (testdata/ at the
// repository root) from fixed seeds, and describes what each must do. The
// generator is cmd-like (chain/internal/vectorgen); the vector test in
// package chain runs every case and also regenerates them to prove that
// testdata/ is what this code makes.
package vectors

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

// Package is the package every vector chain is for.
const Package = "example.org/hello"

// Key returns the deterministic test key named label.
func Key(label string) *signify.SecretKey {
	k, err := signify.GenerateKey(chaintest.Seeded("baton test vector key " + label))
	if err != nil {
		panic(err)
	}
	return k
}

// Pub returns the public half of Key(label).
func Pub(label string) *signify.PublicKey { return Key(label).Public("") }

// T returns the fixed time of position n.
func T(n int) time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, 7*n) }

// digest returns a stand-in checksum list digest for a version whose files
// are not part of the vectors.
func digest(version string) chain.Hash { return sha256.Sum256([]byte("checksum list of " + version)) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Story builds the reference chain: genesis; releases 1.0, 1.1, 1.2; a
// re-key after K4 was lost; release 1.3; a supervised hand-over to a
// successor with one witness; release 2.0 by the successor.
//
//	pos kind      signed by            announces
//	1   genesis   R, K1                K1
//	2   release   K1 (1.0)             K2
//	3   release   K2 (1.1)             K3
//	4   release   K3 (1.2)             K4
//	5   rekey     R, K5                K5 (K4 lost)
//	6   release   K5 (1.3)             K6
//	7   handover  K6, S1, SR, W        S1 (successor, recovery SR)
//	8   release   S1 (2.0)             S2
func Story(release10 chain.Hash) []*chain.SignedEntry {
	var es []*chain.SignedEntry
	add := func(e *chain.Entry, signers ...string) {
		var ks []*signify.SecretKey
		for _, s := range signers {
			ks = append(ks, Key(s))
		}
		es = append(es, must(chain.SignEntry(e, ks...)))
	}
	last := func() *chain.SignedEntry { return es[len(es)-1] }
	add(chain.NewGenesis(Package, "Alice Maintainer", Pub("R"), Pub("K1"), T(1)), "R", "K1")
	rel := func(version string, d chain.Hash, signer, next string) {
		e := chain.Follow(last(), chain.KindRelease, Pub(next), T(len(es)+1))
		e.Version, e.Checksums = version, d
		add(e, signer)
	}
	rel("1.0", release10, "K1", "K2")
	rel("1.1", digest("1.1"), "K2", "K3")
	rel("1.2", digest("1.2"), "K3", "K4")
	rk := chain.Follow(last(), chain.KindRekey, Pub("K5"), T(5))
	rk.Reason = "K4 was lost with a stolen laptop"
	add(rk, "R", "K5")
	rel("1.3", digest("1.3"), "K5", "K6")
	ho := chain.Follow(last(), chain.KindHandover, Pub("S1"), T(7))
	ho.Name, ho.Recovery, ho.Reason = "Bob Successor", Pub("SR"), "Alice steps down"
	ho.Witnesses = []chain.Witness{{Key: Pub("W1"), Name: "Carol Witness"}}
	add(ho, "K6", "S1", "SR", "W1")
	rel("2.0", digest("2.0"), "S1", "S2")
	return es
}

// Fork is another signatory's chain for the same package and versions.
func Fork() []*chain.SignedEntry {
	var es []*chain.SignedEntry
	es = append(es, must(chain.SignEntry(chain.NewGenesis(Package, "Mallory Forker", Pub("MR"), Pub("M1"), T(1)), Key("MR"), Key("M1"))))
	for i, v := range []string{"1.0", "1.1", "1.2"} {
		e := chain.Follow(es[i], chain.KindRelease, Pub(fmt.Sprintf("M%d", i+2)), T(i+2))
		e.Version, e.Checksums = v, digest(v+" fork")
		es = append(es, must(chain.SignEntry(e, Key(fmt.Sprintf("M%d", i+1)))))
	}
	return es
}

// PinAt returns the pin a user holds after trusting es up to position p.
func PinAt(es []*chain.SignedEntry, p int) *chain.Pin {
	e := es[p-1]
	sig := e.Signatory
	if e.Kind == chain.KindHandover {
		sig = chain.SignatoryOf(e.Recovery)
	}
	return &chain.Pin{Package: e.Package, Signatory: sig, Position: e.Position, Entry: e.Hash(), Key: e.Next}
}
