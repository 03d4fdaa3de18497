// Package chaingen builds valid chains from fixed seeds, for benchmarks:
// the long chain of chain's verify benchmarks and the ecosystems of
// chain/internal/ecosystem (bench/deps.sh). Every key is drawn from the
// seed, so the same options always give the same bytes. Never use it for
// real keys.
package chaingen

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// Options describe one chain: a genesis, releases, and optionally one
// witnessed hand-over.
type Options struct {
	Package string
	Name    string // the signatory's name ("Bench Signatory" when empty)
	Entries int    // entries in all, the genesis included (at least 1)
	Seed    string // every key is drawn from it
	// Handover is the position of a hand-over to a second signatory (0:
	// none; it must be 2 or more), co-signed by Witnesses witnesses.
	Handover  int
	Witnesses int
	// Start is the genesis's time (2026-01-01 when zero); each entry
	// after it is Step later (one day when zero).
	Start time.Time
	Step  time.Duration
}

// Build makes the chain o describes and hands each entry to emit, in order.
// It returns the first signatory's recovery key (what a user compares on
// first trust).
func Build(o Options, emit func(*chain.SignedEntry) error) (*signify.PublicKey, error) {
	if o.Entries < 1 {
		return nil, fmt.Errorf("chaingen: %d entries: a chain has at least its genesis", o.Entries)
	}
	if o.Handover == 1 || o.Handover > o.Entries {
		return nil, fmt.Errorf("chaingen: a hand-over at position %d of %d", o.Handover, o.Entries)
	}
	if o.Name == "" {
		o.Name = "Bench Signatory"
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Step == 0 {
		o.Step = 24 * time.Hour
	}
	seed := sha256.Sum256([]byte("baton chaingen\x00" + o.Seed))
	rng := rand.NewChaCha8(seed)
	key := func() (*signify.SecretKey, error) { return signify.GenerateKey(rng) }
	rec, err := key()
	if err != nil {
		return nil, err
	}
	cur, err := key()
	if err != nil {
		return nil, err
	}
	prev, err := chain.SignEntry(chain.NewGenesis(o.Package, o.Name, rec.Public(""), cur.Public(""), o.Start), rec, cur)
	if err != nil {
		return nil, err
	}
	if err := emit(prev); err != nil {
		return nil, err
	}
	first := rec.Public("")
	for pos := 2; pos <= o.Entries; pos++ {
		next, err := key()
		if err != nil {
			return nil, err
		}
		at := o.Start.Add(time.Duration(pos-1) * o.Step)
		signers := []*signify.SecretKey{cur}
		var e *chain.Entry
		if pos == o.Handover {
			succRec, err := key()
			if err != nil {
				return nil, err
			}
			e = chain.Follow(prev, chain.KindHandover, next.Public(""), at)
			e.Name, e.Recovery, e.Reason = o.Name+" (successor)", succRec.Public(""), "hands the package over"
			signers = append(signers, next, succRec)
			for i := range o.Witnesses {
				wk, err := key()
				if err != nil {
					return nil, err
				}
				e.Witnesses = append(e.Witnesses, chain.Witness{Key: wk.Public(""), Name: fmt.Sprintf("Witness %d", i+1)})
				signers = append(signers, wk)
			}
		} else {
			e = chain.Follow(prev, chain.KindRelease, next.Public(""), at)
			e.Version = fmt.Sprintf("1.%d", pos-1)
			e.Checksums = sha256.Sum256([]byte(o.Package + " " + e.Version))
		}
		if prev, err = chain.SignEntry(e, signers...); err != nil {
			return nil, err
		}
		if err := emit(prev); err != nil {
			return nil, err
		}
		cur = next
	}
	return first, nil
}

// Write writes the chain o describes as a chain file to w and returns the
// first signatory's recovery key.
func Write(w io.Writer, o Options) (*signify.PublicKey, error) {
	n := 0
	return Build(o, func(s *chain.SignedEntry) error {
		if n > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil { // entries are separated by a blank line
				return err
			}
		}
		n++
		_, err := w.Write(s.Marshal())
		return err
	})
}
