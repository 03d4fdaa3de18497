package logclient

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// ErrUnanswered: the log could not be asked (offline, or it failed). It
// is not a refusal: nothing about the chain was learnt.
var ErrUnanswered = errors.New("the log did not answer")

// CheckHead asks the log for the newest logged head of pkg's chain whose
// genesis is g, and refuses a copy whose head is older: a mirror that
// froze the chain. The log's answer counts only as an entry of pkg proven
// in a checkpoint pol accepts at now. It returns an error wrapping
// tlog.ErrNewerHead when the log holds a later position than head,
// tlog.ErrSplitView when it holds another entry as the head, another
// tlog error when its answer does not verify, and ErrUnanswered when it
// could not be asked.
func (c *Client) CheckHead(ctx context.Context, pol *tlog.Policy, pkg string, g chain.Hash, head chain.Pin, now time.Time) error {
	h, err := c.Head(ctx, g)
	if err != nil {
		return fmt.Errorf("%w: asking for the chain's head: %v", ErrUnanswered, err)
	}
	if h == nil || h.Entry == "" || h.Proof == "" {
		return fmt.Errorf("%w: the log does not show the head of this chain that the proof shows it holds", tlog.ErrNotIncluded)
	}
	e, err := chain.ParseSignedEntry("the log's head", 1, []byte(h.Entry))
	if err != nil || e.Hash().String() != h.Hash || e.Position != h.Position || e.Package != pkg {
		return fmt.Errorf("%w: the log's answer about the head is not an entry of %s", tlog.ErrMalformed, pkg)
	}
	p, err := tlog.ParseProof("the log's head proof", []byte(h.Proof))
	if err == nil {
		_, err = pol.Verify(p, e.Marshal(), now)
	}
	if err != nil {
		return fmt.Errorf("the log's head of %s: %w", pkg, err)
	}
	switch {
	case e.Position > head.Position:
		return fmt.Errorf("%w: the log holds position %d (entry %s), this copy ends at %d: a mirror serves an old copy, or froze it", tlog.ErrNewerHead, e.Position, e.Hash(), head.Position)
	case e.Hash() != head.Entry:
		return fmt.Errorf("%w: the log answers head %s at position %d, but its proof shows this copy's head %s logged", tlog.ErrSplitView, e.Hash(), e.Position, head.Entry)
	}
	return nil
}
