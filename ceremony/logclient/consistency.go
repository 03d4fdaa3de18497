package logclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"filippo.io/torchwood"
	stlog "golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// Consistent proves from the log's tiles (C2SP tlog-tiles) that the tree
// of older is a prefix of the tree of newer, two checkpoints of this log
// that a policy verified: the tiles are read as newer's tree holds them
// (each checked against newer's root), a consistency proof is computed
// from them and checked against both roots. An error wrapping
// tlog.ErrSplitView means the log's history does not hold older: it forked.
// Any other error means the log could not be asked.
func (c *Client) Consistent(ctx context.Context, older, newer tlog.Checkpoint) error {
	switch {
	case older.Origin != newer.Origin:
		return fmt.Errorf("checkpoints of two logs: %s and %s", untrusted.Quote(older.Origin), untrusted.Quote(newer.Origin))
	case older.Size > newer.Size:
		return fmt.Errorf("the older checkpoint has more entries (%d) than the newer (%d)", older.Size, newer.Size)
	case older.Size == newer.Size && older.Root == newer.Root:
		return nil
	case older.Size == newer.Size:
		return fmt.Errorf("%w: %s showed root %s and root %s for %d entries", tlog.ErrSplitView, untrusted.Quote(older.Origin), older.Root, newer.Root, older.Size)
	case older.Size == 0:
		return errors.New("a checkpoint of an empty tree")
	}
	tr := &tileReader{ctx: ctx, c: c}
	hr := stlog.TileHashReader(stlog.Tree{N: int64(newer.Size), Hash: newer.Root}, tr)
	proof, err := stlog.ProveTree(int64(newer.Size), int64(older.Size), hr)
	if err != nil {
		return fmt.Errorf("reading the tiles of %s for its trees of %d and %d entries: %w", c.base.Redacted(), older.Size, newer.Size, err)
	}
	if err := stlog.CheckTree(proof, int64(newer.Size), newer.Root, int64(older.Size), older.Root); err != nil {
		return fmt.Errorf("%w: the log's tree of %d entries (root %s) is not a prefix of its tree of %d entries (root %s): the log forked its history", tlog.ErrSplitView, older.Size, older.Root, newer.Size, newer.Root)
	}
	return nil
}

// maxHashTile bounds a hash tile: 256 hashes.
const maxHashTile = (1 << torchwood.TileHeight) * stlog.HashSize

// tileReader reads hash tiles from the log for stlog.TileHashReader. A
// partial tile the log no longer serves (a log may delete it once the full
// tile exists, C2SP tlog-tiles) is read as the start of the full tile.
type tileReader struct {
	ctx context.Context
	c   *Client
}

func (r *tileReader) Height() int { return torchwood.TileHeight }

func (r *tileReader) ReadTiles(tiles []stlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := r.c.Get(r.ctx, "/"+torchwood.TilePath(t), maxHashTile)
		var se *StatusError
		if errors.As(err, &se) && se.Code == http.StatusNotFound && t.W < 1<<t.H {
			full := t
			full.W = 1 << t.H
			if data, err = r.c.Get(r.ctx, "/"+torchwood.TilePath(full), maxHashTile); err == nil && len(data) >= t.W*stlog.HashSize {
				data = data[:t.W*stlog.HashSize]
			}
		}
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r *tileReader) SaveTiles([]stlog.Tile, [][]byte) {}

// Prover proves checkpoints of a policy's logs consistent, for
// ceremony.ProveConsistency: it asks the log at the URL of the policy's
// log line, remembers each answer (packages of a set share checkpoints),
// and is safe for concurrent use. It is for a client that is online.
type Prover struct {
	ctx     context.Context
	timeout time.Duration
	mu      sync.Mutex
	clients map[string]*Client
	answers map[[2]tlog.Checkpoint]*answer
}

type answer struct {
	once sync.Once
	err  error
}

// NewProver returns a Prover whose requests end with ctx, each exchange
// bounded by timeout (0: DefaultTimeout).
func NewProver(ctx context.Context, timeout time.Duration) *Prover {
	return &Prover{ctx: ctx, timeout: timeout, clients: map[string]*Client{}, answers: map[[2]tlog.Checkpoint]*answer{}}
}

// Consistent is a ceremony.Consistency: it proves older a prefix of newer
// from the tiles of l, which needs a URL in the policy.
func (p *Prover) Consistent(l *tlog.Log, older, newer tlog.Checkpoint) error {
	if l.URL == "" {
		return fmt.Errorf("the policy gives no URL for the log %s to ask", untrusted.Quote(l.Origin))
	}
	p.mu.Lock()
	c, ok := p.clients[l.URL]
	if !ok {
		var err error
		if c, err = New(l.URL, p.timeout); err != nil {
			p.mu.Unlock()
			return err
		}
		p.clients[l.URL] = c
	}
	key := [2]tlog.Checkpoint{older, newer}
	a, ok := p.answers[key]
	if !ok {
		a = &answer{}
		p.answers[key] = a
	}
	p.mu.Unlock()
	a.once.Do(func() { a.err = c.Consistent(p.ctx, older, newer) })
	return a.err
}
