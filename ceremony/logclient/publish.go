package logclient

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// What Publish refuses.
var (
	// ErrLogAhead: the log holds more entries of this chain than the file.
	ErrLogAhead = errors.New("the log holds more of this chain than this file")
	// ErrRefusedByLog: the log refused an entry (Refusal says why).
	ErrRefusedByLog = errors.New("the log refused an entry")
)

// Published is what Publish did.
type Published struct {
	Head     *chain.SignedEntry
	Sent     int // entries the log logged now
	Logged   int // entries it held before
	Proof    *tlog.Proof
	Verified *tlog.Verified
}

// RefusedError is a refusal by the log.
type RefusedError struct{ tlog.Refusal }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%v: position %d: %s", ErrRefusedByLog, e.Position, untrusted.Escape(e.Reason))
}

func (e *RefusedError) Unwrap() error { return ErrRefusedByLog }

// Publish submits the entries of a chain that the log lacks, waits for a
// published checkpoint that holds the head, and verifies the head's proof
// with the policy at now. The chain is not verified here: the log does
// that, and a client does.
func Publish(ctx context.Context, c *Client, entries []*chain.SignedEntry, pol *tlog.Policy, now func() time.Time) (*Published, error) {
	head := entries[len(entries)-1]
	p := &Published{Head: head}
	logged, err := c.Head(ctx, entries[0].Hash())
	if err != nil {
		return nil, err
	}
	from := resumeAt(entries, logged)
	p.Logged = from
	for _, batch := range batches(entries[from:]) {
		ar, err := c.Add(ctx, batch)
		if err != nil {
			return nil, err
		}
		if ar.Refused != nil {
			return nil, &RefusedError{*ar.Refused}
		}
		for _, a := range ar.Entries {
			if !a.Present {
				p.Sent++
			}
		}
	}
	if logged != nil && logged.Position > uint64(len(entries)) {
		return nil, fmt.Errorf("%w: the log holds %d entries of it, the file %d: publish the newest copy of the chain", ErrLogAhead, logged.Position, len(entries))
	}
	if p.Proof, err = c.Proof(ctx, head.Hash(), true); err != nil {
		return nil, err
	}
	p.Verified, err = pol.Verify(p.Proof, head.Marshal(), now())
	return p, err
}

// resumeAt is the number of entries the log holds already, when its head
// of the chain is the file's entry at that position. Otherwise everything
// is sent again: the log answers "present" for the entries it holds and
// refuses the first that conflicts, keeping it as evidence when a key in
// force signed it (a thief's entry was logged first).
func resumeAt(entries []*chain.SignedEntry, logged *tlog.Head) int {
	if logged == nil || logged.Position == 0 || logged.Position > uint64(len(entries)) {
		return 0
	}
	if entries[logged.Position-1].Hash().String() != logged.Hash {
		return 0
	}
	return int(logged.Position)
}

// batches cuts entries into submissions of at most tlog.MaxSubmission
// bytes (an entry is far smaller).
func batches(entries []*chain.SignedEntry) [][]*chain.SignedEntry {
	var out [][]*chain.SignedEntry
	var cur []*chain.SignedEntry
	size := 0
	for _, e := range entries {
		n := len(e.Marshal()) + 1
		if len(cur) > 0 && size+n > tlog.MaxSubmission {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
