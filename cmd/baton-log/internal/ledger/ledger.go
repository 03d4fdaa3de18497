// Package ledger holds the chain rules of a Baton transparency log: which
// submitted entry may be appended, first seen wins. An entry is appended
// only if it is the genesis of a (package, signatory) the log has not
// seen, or verifies as the next entry of a logged chain, from that chain's
// logged head, with the chain package's own verification (chain.Walk). A
// validly signed entry that conflicts with a logged one is evidence.
//
// The ledger holds no entries, only what the rules need per chain and
// where each logged entry is; the log (Tessera) holds the entries. Its
// state is rebuilt at start-up by replaying the log (Replay).
package ledger

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/baton-signing/baton/chain"
)

// Ledger is the state of the chain rules over a log.
type Ledger struct {
	mu      sync.Mutex
	at      map[chain.Hash]loc    // every logged entry, by entry hash
	geneses map[genesisKey]*Chain // every logged chain, by its genesis
	entries uint64                // logged entries the ledger holds
	read    EntryReader
}

// EntryReader reads the logged entries at increasing log indices, in
// order, and passes each to each, stopping at the first error: conflicts
// are judged against the entries as logged.
type EntryReader func(ctx context.Context, indices []uint64, each func(index uint64, e *chain.SignedEntry) error) error

type genesisKey struct {
	pkg       string
	signatory chain.SignatoryID
}

// loc is where an entry is: its chain, its position, its log index.
type loc struct {
	c     *Chain
	pos   uint64
	index uint64
}

// Chain is one logged chain: the walk from its genesis to its logged head,
// and the log index of each position.
type Chain struct {
	walk    *chain.Walk
	indices []uint64
	// busy is set while an entry of this chain is being logged: every other
	// submission for the chain waits for it, so that two entries are never
	// checked against the same head.
	busy chan struct{}
}

// New returns an empty ledger that judges conflicts with entries read by
// read.
func New(read EntryReader) *Ledger {
	return &Ledger{at: map[chain.Hash]loc{}, geneses: map[genesisKey]*Chain{}, read: read}
}

// Errors that refuse an entry without evidence.
var (
	// ErrUnknownPrev: the entry's previous entry is not logged.
	ErrUnknownPrev = errors.New("its previous entry is not in the log")
	// ErrRefused wraps a chain verification refusal (a *chain.Error).
	ErrRefused = errors.New("refused by the chain rules")
)

// Kind is what Admit decided.
type Kind int

const (
	// Present: the entry is logged already (Ticket.Index).
	Present Kind = iota
	// Append: the entry may be appended; log it, then Commit or Abort.
	Append
	// Conflict: another entry is logged at its position; Judge it.
	Conflict
)

// Ticket is Admit's decision about one entry.
type Ticket struct {
	Kind  Kind
	Index uint64 // Present: where the entry is; Conflict: where the logged entry is
	Entry *chain.SignedEntry
	c     *Chain
	fresh bool     // Append of a genesis: c is new
	prior []uint64 // Conflict: the log indices of positions 1 to the entry's
}

// Entries is the number of entries the ledger holds.
func (l *Ledger) Entries() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entries
}

// Admit decides about entry e: present already, appendable (the chain is
// then busy until Commit or Abort), or in conflict with a logged entry.
// It waits while e's chain is busy with another entry. A refusal wraps
// ErrUnknownPrev or ErrRefused.
func (l *Ledger) Admit(ctx context.Context, e *chain.SignedEntry) (*Ticket, error) {
	for {
		l.mu.Lock()
		t, wait, err := l.admit(e, true)
		l.mu.Unlock()
		if wait == nil {
			return t, err
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// admit decides under the lock; a non-nil wait says the chain is busy.
// Without check, an appendable entry is not verified here: Commit's
// Append verifies it (replay verifies each logged entry once).
func (l *Ledger) admit(e *chain.SignedEntry, check bool) (*Ticket, <-chan struct{}, error) {
	h := e.Hash()
	if at, ok := l.at[h]; ok {
		return &Ticket{Kind: Present, Index: at.index, Entry: e}, nil, nil
	}
	c, err := l.locate(e)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return l.admitGenesis(e, check)
	}
	if c.busy != nil {
		return nil, c.busy, nil
	}
	if e.Position <= c.walk.Len() {
		return &Ticket{Kind: Conflict, Index: c.indices[e.Position-1], Entry: e, c: c, prior: append([]uint64(nil), c.indices[:e.Position]...)}, nil, nil
	}
	if check {
		if err := c.walk.Check(e); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrRefused, err)
		}
	}
	c.busy = make(chan struct{})
	return &Ticket{Kind: Append, Entry: e, c: c}, nil, nil
}

// locate finds the logged chain e belongs to: by its genesis's package and
// signatory, else by its prev. A genesis of an unseen (package, signatory)
// has none.
func (l *Ledger) locate(e *chain.SignedEntry) (*Chain, error) {
	if e.Kind == chain.KindGenesis {
		return l.geneses[genesisKey{e.Package, e.Signatory}], nil
	}
	at, ok := l.at[e.Prev]
	if !ok {
		return nil, fmt.Errorf("%w: entry %d of %s links %s, which the log does not hold: submit the chain from its genesis", ErrUnknownPrev, e.Position, e.Package, e.Prev)
	}
	if e.Position != at.pos+1 {
		return nil, fmt.Errorf("%w: %w", ErrRefused, &chain.Error{File: e.Package, Position: e.Position, Err: chain.ErrOrder, Detail: fmt.Sprintf("its prev is the logged entry at position %d", at.pos)})
	}
	return at.c, nil
}

// admitGenesis checks the genesis of a new chain and reserves its
// (package, signatory).
func (l *Ledger) admitGenesis(e *chain.SignedEntry, check bool) (*Ticket, <-chan struct{}, error) {
	w := chain.NewWalk(e.Package, e.Package)
	if check {
		if err := w.Check(e); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrRefused, err)
		}
	}
	c := &Chain{walk: w, busy: make(chan struct{})}
	l.geneses[genesisKey{e.Package, e.Signatory}] = c
	return &Ticket{Kind: Append, Entry: e, c: c, fresh: true}, nil, nil
}

// Commit records that t's entry was logged at index, and frees its chain.
func (l *Ledger) Commit(t *Ticket, index uint64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.free(t.c)
	if err := t.c.walk.Append(t.Entry); err != nil {
		return fmt.Errorf("%w: the entry does not follow its logged chain: %w", ErrRefused, err)
	}
	t.c.indices = append(t.c.indices, index)
	l.at[t.Entry.Hash()] = loc{c: t.c, pos: t.Entry.Position, index: index}
	l.entries++
	return nil
}

// Abort frees t's chain when its entry could not be logged; a new chain
// is forgotten.
func (l *Ledger) Abort(t *Ticket) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.fresh {
		delete(l.geneses, genesisKey{t.Entry.Package, t.Entry.Signatory})
	}
	l.free(t.c)
}

func (l *Ledger) free(c *Chain) {
	if c.busy != nil {
		close(c.busy)
		c.busy = nil
	}
}

// Judge decides about a Conflict: it walks the logged chain up to the
// entry's position, as logged, and checks the entry as a second entry
// there. It returns nil when a key in force there signed it
// (chain.ErrEquivocation: evidence to keep), else the refusal
// (chain.ErrAltered: nobody's key signed it).
func (l *Ledger) Judge(ctx context.Context, t *Ticket) error {
	w := chain.NewWalk(t.Entry.Package, t.Entry.Package)
	err := l.read(ctx, t.prior, func(idx uint64, e *chain.SignedEntry) error {
		if err := w.Append(e); err != nil {
			return fmt.Errorf("ledger: logged entry %d does not verify: %w", idx, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = w.Check(t.Entry)
	if errors.Is(err, chain.ErrEquivocation) {
		return nil
	}
	if err == nil {
		err = errors.New("ledger: a conflicting entry verified as the next one")
	}
	return fmt.Errorf("%w: %w", ErrRefused, err)
}

// Replay applies an entry read back from the log at index, at start-up.
// The log holds only entries the ledger admitted, in an order it allowed,
// so a refusal here means the log is not this ledger's.
func (l *Ledger) Replay(index uint64, e *chain.SignedEntry) error {
	l.mu.Lock()
	t, wait, err := l.admit(e, false)
	l.mu.Unlock()
	switch {
	case err != nil:
		return fmt.Errorf("logged entry %d: %w", index, err)
	case wait != nil:
		return fmt.Errorf("logged entry %d: its chain is busy during replay", index)
	case t.Kind != Append:
		return fmt.Errorf("logged entry %d: already logged at %d, or in conflict with it", index, t.Index)
	}
	if err := l.Commit(t, index); err != nil {
		l.Abort(t)
		return fmt.Errorf("logged entry %d: %w", index, err)
	}
	return nil
}

// Lookup returns the log index of the entry with hash h.
func (l *Ledger) Lookup(h chain.Hash) (uint64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.at[h]
	return at.index, ok
}

// Head returns the logged head of the chain whose genesis has hash g: its
// position, entry hash and log index.
func (l *Ledger) Head(g chain.Hash) (pos uint64, h chain.Hash, index uint64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.at[g]
	if !ok || at.pos != 1 {
		return 0, chain.Hash{}, 0, false
	}
	c := at.c
	head := c.walk.Head()
	return head.Position, head.Entry, c.indices[len(c.indices)-1], true
}
