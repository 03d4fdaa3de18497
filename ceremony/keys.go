package ceremony

import (
	"fmt"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// keyState is the vault as the chain sees it: the chain's entries and
// the vault's keys against them.
type keyState struct {
	entries  []*chain.SignedEntry
	keys     []Key
	inForce  string         // label of the key that must sign the next entry
	spares   []string       // release keys generated but not yet announced, oldest first
	announce map[string]int // label -> position whose entry announced it
	next     int            // the number the next generated release key gets
}

// currentKeys reads the vault's chain and its keys against it.
func (p *Package) currentKeys() (*keyState, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, err
	}
	return p.keyStates(entries)
}

// keyStates reads the vault's keys against the chain.
func (p *Package) keyStates(entries []*chain.SignedEntry) (*keyState, error) {
	keys, err := p.Keys()
	if err != nil {
		return nil, err
	}
	ks := &keyState{entries: entries, keys: keys, announce: map[string]int{}, next: 1}
	for _, k := range keys {
		if !strings.HasPrefix(k.Label, "K") {
			continue
		}
		if n := keyOrder(k.Label); n >= ks.next {
			ks.next = n + 1
		}
		for _, e := range entries {
			if e.Next.Equal(k.Public) {
				ks.announce[k.Label] = int(e.Position)
			}
		}
		if _, ok := ks.announce[k.Label]; !ok {
			ks.spares = append(ks.spares, k.Label)
		}
	}
	if n := len(entries); n > 0 {
		head := entries[n-1]
		for _, k := range keys {
			if head.Next.Equal(k.Public) {
				ks.inForce = k.Label
			}
		}
	}
	return ks, nil
}

// head is the chain's newest entry, or nil without a chain.
func (ks *keyState) head() *chain.SignedEntry {
	if len(ks.entries) == 0 {
		return nil
	}
	return ks.entries[len(ks.entries)-1]
}

func (ks *keyState) public(label string) *signify.PublicKey {
	for _, k := range ks.keys {
		if k.Label == label {
			return k.Public
		}
	}
	return nil
}

// HeldBy is the entry naming the signatory that holds the chain now: the
// newest genesis or hand-over (the newest entry with a recovery key), or
// nil without a chain. Its Name and Recovery are that signatory's.
func HeldBy(entries []*chain.SignedEntry) *chain.SignedEntry {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Recovery != nil {
			return entries[i]
		}
	}
	return nil
}

// keyComment is the untrusted comment of a vault key file: short, so a QR
// of the public key stays easy to scan.
func keyComment(pkg, label string) string {
	return fmt.Sprintf("baton %s %s", pkg, label)
}
