package ceremony

import (
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// LogProof is a chain head's transparency log proof, verified under a log
// policy and compared with what a trust store has seen of the log. The CLI,
// the app and deps check proofs through it, so they refuse the same things.
type LogProof struct {
	*tlog.Verified
	Path string // where the proof came from: a file or a URL
}

// CheckLogProof verifies that data (the proof file read from path) shows
// head, a chain's head entry, in a checkpoint that pol trusts at now, and
// that the checkpoint is not older than the newest store has seen from its
// log (tlog.ErrOlderThanSeen), nor another tree of the same size
// (tlog.ErrSplitView). Every error names path.
func CheckLogProof(pol *tlog.Policy, store *chain.TrustStore, path string, data []byte, head *chain.SignedEntry, now time.Time) (*LogProof, error) {
	p, err := tlog.ParseProof(path, data)
	if err != nil {
		return nil, err
	}
	v, err := pol.Verify(p, head.Marshal(), now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	lp := &LogProof{Verified: v, Path: path}
	if _, err := lp.newerThanSeen(store); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lp, nil
}

// newerThanSeen compares the proof's checkpoint with the newest store has
// seen from the same log.
func (lp *LogProof) newerThanSeen(store *chain.TrustStore) (bool, error) {
	cp := lp.Checkpoint
	seen, ok := store.Checkpoint(cp.Origin)
	return tlog.CheckSeen(tlog.Checkpoint{Origin: seen.Origin, Size: seen.Size, Root: seen.Root}, ok, lp.Verified)
}

// Record notes the proof's checkpoint in store as the newest seen from its
// log, when it is newer. It compares again, for a store re-read under its
// lock: one that has seen a newer checkpoint since the check keeps it, and
// a split view is refused.
func (lp *LogProof) Record(store *chain.TrustStore) error {
	if lp == nil {
		return nil
	}
	newer, err := lp.newerThanSeen(store)
	if err != nil {
		return fmt.Errorf("%s: %w", lp.Path, err)
	}
	if !newer {
		return nil
	}
	cp := lp.Checkpoint
	return store.SeeCheckpoint(chain.LogCheckpoint{Origin: cp.Origin, Size: cp.Size, Root: cp.Root})
}

// Cosigners is who cosigned the checkpoint and when, newest first: each
// "witness-name at 2026-11-29T10:00:00Z".
func (lp *LogProof) Cosigners() []string {
	var s []string
	for _, c := range lp.Cosigned {
		s = append(s, c.String())
	}
	return s
}
