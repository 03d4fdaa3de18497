package logserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/transparency-dev/tessera"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/cmd/baton-log/internal/ledger"
)

// Submit logs entries in order, under the chain rules, and stops at the
// first it refuses. A refusal carries the HTTP status that names it: 409
// for a conflict kept as evidence, 422 for any other refusal. An error is
// the log's own failure (its storage), not the entry's.
func (l *Log) Submit(ctx context.Context, entries []*chain.SignedEntry) (*tlog.AddResponse, int, error) {
	resp := &tlog.AddResponse{Entries: []tlog.AddedEntry{}}
	for _, e := range entries {
		added, refusal, status, err := l.submit(ctx, e)
		if err != nil {
			return resp, http.StatusServiceUnavailable, err
		}
		if refusal != nil {
			resp.Refused = refusal
			return resp, status, nil
		}
		resp.Entries = append(resp.Entries, *added)
	}
	return resp, http.StatusOK, nil
}

// submit logs one entry.
func (l *Log) submit(ctx context.Context, e *chain.SignedEntry) (*tlog.AddedEntry, *tlog.Refusal, int, error) {
	h := e.Hash()
	t, err := l.ledger.Admit(ctx, e)
	if errors.Is(err, ledger.ErrUnknownPrev) || errors.Is(err, ledger.ErrRefused) {
		return nil, &tlog.Refusal{Position: e.Position, Hash: h.String(), Reason: err.Error()}, http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		return nil, nil, 0, err
	}
	switch t.Kind {
	case ledger.Present:
		return &tlog.AddedEntry{Position: e.Position, Hash: h.String(), Index: t.Index, Present: true}, nil, 0, nil
	case ledger.Conflict:
		r, status, err := l.conflict(ctx, t)
		return nil, r, status, err
	}
	idx, err := l.add(ctx, tessera.NewEntry(e.Marshal()))()
	if err != nil {
		l.ledger.Abort(t)
		return nil, nil, 0, fmt.Errorf("logging entry %d of %s: %w", e.Position, e.Package, err)
	}
	if err := l.ledger.Commit(t, idx.Index); err != nil {
		return nil, nil, 0, err
	}
	return &tlog.AddedEntry{Position: e.Position, Hash: h.String(), Index: idx.Index}, nil, 0, nil
}

// conflict judges an entry that conflicts with a logged one: evidence
// when a key in force signed it, else refused as altered.
func (l *Log) conflict(ctx context.Context, t *ledger.Ticket) (*tlog.Refusal, int, error) {
	e := t.Entry
	r := &tlog.Refusal{Position: e.Position, Hash: e.Hash().String()}
	if err := l.ledger.Judge(ctx, t); err != nil {
		if !errors.Is(err, ledger.ErrRefused) {
			return nil, 0, err
		}
		r.Reason = fmt.Sprintf("conflicts with the logged entry %d at position %d, and no key in force there signed it: %v", t.Index, e.Position, err)
		return r, http.StatusUnprocessableEntity, nil
	}
	seq, kept, err := l.evidence.Keep(e, t.Index)
	if err != nil {
		return nil, 0, err
	}
	r.Evidence = seq
	r.Reason = fmt.Sprintf("first seen wins: position %d of %s is logged already (entry %d), and this different entry is signed by a key in force there: a fork or an equivocation, kept as evidence %d", e.Position, e.Package, t.Index, seq)
	if !kept && seq == 0 {
		r.Reason = fmt.Sprintf("first seen wins: position %d of %s is logged already (entry %d); this conflicting entry is signed by a key in force there (enough evidence of this position is kept already)", e.Position, e.Package, t.Index)
	}
	l.cfg.Logf("evidence %d: %s position %d conflicts with entry %d", seq, e.Package, e.Position, t.Index)
	return r, http.StatusConflict, nil
}
