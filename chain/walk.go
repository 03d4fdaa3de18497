package chain

// A Walk verifies one package's chain an entry at a time, from its
// genesis, with the rules of FirstTrust: the same code, kept open between
// entries. A transparency log holds one Walk per logged chain, so that it
// verifies each new entry from the logged head without reading the chain
// again: Check says whether an entry may follow, and changes nothing;
// Append checks it again and advances.
//
// A Walk keeps no releases or events, only what the rules need: the keys
// announced so far, the versions released, the emergency commitments, and
// the head.
type Walk struct {
	w *walker
}

// NewWalk starts a walk of package pkg's chain; its first entry must be a
// genesis. name names the chain in errors.
func NewWalk(name, pkg string) *Walk {
	w := newWalker(Pin{Package: pkg}, name)
	w.lean = true
	return &Walk{w: w}
}

// Check reports whether s verifies as the next entry. It changes nothing.
// A second entry at the head's position is refused as ErrEquivocation when
// a key in force there signed it, else as ErrAltered.
func (k *Walk) Check(s *SignedEntry) error { return k.w.check(s, s.Hash()) }

// Append verifies s as the next entry and advances the walk past it. On a
// refusal the walk is unchanged. It is the walk's own step: a Walk's pin
// is at position 0, which no entry has, so no pin is checked.
func (k *Walk) Append(s *SignedEntry) error { return k.w.step(s) }

// Len is the number of entries appended: the head's position.
func (k *Walk) Len() uint64 { return k.w.pos }

// Head is the pin of the last entry appended (Position 0 before the
// genesis): the signatory in force after it, its entry hash and the key it
// announced.
func (k *Walk) Head() Pin { return k.w.headPin() }

// HeadEntry is the last entry appended, or nil.
func (k *Walk) HeadEntry() *SignedEntry { return k.w.head }
