package chain

import (
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// NewGenesis returns the genesis entry of a new chain for pkg: signatory
// name, its recovery key, and first, the key that will sign release 1.
// Sign it with SignEntry(e, recoveryKey, firstKey).
func NewGenesis(pkg, name string, recovery, first *signify.PublicKey, t time.Time) *Entry {
	return &Entry{
		Package:   pkg,
		Signatory: SignatoryOf(recovery),
		Position:  1,
		Kind:      KindGenesis,
		Time:      t.UTC().Truncate(time.Second),
		Name:      name,
		Recovery:  recovery,
		Next:      next(first),
	}
}

// Follow returns the skeleton of the entry after prev: same package and
// signatory, the next position, prev's hash, and next as the key for the
// entry after it. The caller fills in the kind's own fields (Version and
// Checksums for a release; Name, Recovery and Witnesses for a hand-over;
// Reason for a re-key).
func Follow(prev *SignedEntry, kind Kind, nextKey *signify.PublicKey, t time.Time) *Entry {
	sig := prev.Signatory
	if prev.Kind == KindHandover {
		sig = SignatoryOf(prev.Recovery)
	}
	return &Entry{
		Package:   prev.Package,
		Signatory: sig,
		Position:  prev.Position + 1,
		Kind:      kind,
		Time:      t.UTC().Truncate(time.Second),
		Prev:      prev.Hash(),
		Next:      next(nextKey),
	}
}

// next strips the comment: entries carry only the key.
func next(p *signify.PublicKey) *signify.PublicKey {
	if p == nil {
		return nil
	}
	q := *p
	q.Comment = ""
	return &q
}
