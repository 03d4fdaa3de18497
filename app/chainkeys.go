package app

import (
	"fmt"
	"os"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// chainKey is a key a chain names besides the key of the signatory in
// force: a release key, a former signatory's recovery key or a witness's
// key. Comparing one of them with the signatory's key is a mix-up, not
// evidence of a forgery, and the Verify screen names it for what it is.
type chainKey struct {
	key  *signify.PublicKey
	what string // e.g. "release key K1 of this chain (announced at position 1)"
}

// chainKeys lists the keys of the chain file at path other than res's
// signatory key. The chain verified already; a chain that cannot be read
// again gives the keys read so far (they only name a mix-up).
func chainKeys(path string, res *chain.Result) []chainKey {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []chainKey
	add := func(k *signify.PublicKey, what string) {
		if k != nil && !k.Equal(res.Recovery) {
			out = append(out, chainKey{key: k, what: what})
		}
	}
	r := chain.NewReader(path, f)
	var holder string               // the signatory whose keys are being counted
	var recovery *signify.PublicKey // that signatory's recovery key
	first := true                   // still the genesis signatory
	n := 0                          // release keys that signatory announced
	for {
		se, err := r.Next()
		if err != nil {
			break
		}
		e := se.Entry
		switch e.Kind {
		case chain.KindGenesis:
			holder, recovery, n = e.Name, e.Recovery, 0
		case chain.KindHandover:
			add(recovery, fmt.Sprintf("the recovery key of %s, who handed the package over at position %d", untrusted.Quote(holder), e.Position))
			for _, w := range e.Witnesses {
				add(w.Key, fmt.Sprintf("the key of %s, a witness of the hand-over at position %d", untrusted.Quote(w.Name), e.Position))
			}
			holder, recovery, n, first = e.Name, e.Recovery, 0, false
		}
		if e.Next != nil {
			n++
			of := "this chain"
			if !first {
				of = untrusted.Quote(holder) + " in this chain"
			}
			add(e.Next, fmt.Sprintf("release key K%d of %s (announced at position %d)", n, of, e.Position))
		}
	}
	return out
}

// sameChainKey returns what k is when the chain names it as another key.
func sameChainKey(keys []chainKey, k *signify.PublicKey) (string, bool) {
	for _, c := range keys {
		if c.key.Equal(k) {
			return c.what, true
		}
	}
	return "", false
}

// nearMiss returns the 1-based positions at which got's key text differs
// from want's when they differ in at most two characters. Each character
// carries six bits of the key: no forger can make a working key that
// close to another's, so such a difference is a copying error.
func nearMiss(got, want *signify.PublicKey) []int {
	g, w := got.String(), want.String()
	if len(g) != len(w) {
		return nil
	}
	var diff []int
	for i := range len(g) {
		if g[i] != w[i] {
			diff = append(diff, i+1)
			if len(diff) > 2 {
				return nil
			}
		}
	}
	return diff
}
