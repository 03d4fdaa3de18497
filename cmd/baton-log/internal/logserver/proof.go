package logserver

import (
	"context"
	"errors"
	"fmt"

	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/chain"
	btlog "github.com/baton-signing/baton/chain/tlog"
)

// ErrNotPublished is returned for an entry that no published checkpoint
// holds yet.
var ErrNotPublished = errors.New("no published checkpoint holds this entry yet")

// Proof returns a proof of the logged entry with hash h in the newest
// published checkpoint. With wait, it first waits until a published
// checkpoint holds the entry (or ctx ends).
func (l *Log) Proof(ctx context.Context, h chain.Hash, wait bool) (*btlog.Proof, error) {
	idx, ok := l.ledger.Lookup(h)
	if !ok {
		return nil, ErrNotLogged
	}
	var raw []byte
	var err error
	if wait {
		known := func() (tessera.Index, error) { return tessera.Index{Index: idx}, nil }
		_, raw, err = l.awaiter.Await(ctx, known)
	} else {
		raw, err = l.reader.ReadCheckpoint(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the published checkpoint: %w", err)
	}
	cp, err := btlog.ParseCheckpointNote(raw)
	if err != nil {
		return nil, err
	}
	if idx >= cp.Size {
		return nil, ErrNotPublished
	}
	pb, err := client.NewProofBuilder(ctx, cp.Size, l.reader.ReadTile)
	if err != nil {
		return nil, err
	}
	hashes, err := pb.InclusionProof(ctx, idx)
	if err != nil {
		return nil, fmt.Errorf("inclusion proof of entry %d: %w", idx, err)
	}
	p := &btlog.Proof{Index: idx, Checkpoint: raw}
	for _, b := range hashes {
		var th tlog.Hash
		copy(th[:], b)
		p.Hashes = append(p.Hashes, th)
	}
	return p, nil
}
