package ceremony

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// ErrNoLogProof: a log policy applies and the chain has no proof.
var ErrNoLogProof = errors.New("no log proof")

// ReadLogProof reads the proof file at path, at most tlog.MaxProofSize
// bytes. None there is ErrNoLogProof; one that cannot be read, or is too
// large, is tlog.ErrMalformed.
func ReadLogProof(path string) ([]byte, error) {
	data, err := ReadFile(path, tlog.MaxProofSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s (it does not exist)", ErrNoLogProof, untrusted.Quote(path))
	case err != nil:
		return nil, fmt.Errorf("%w: %v", tlog.ErrMalformed, err)
	}
	return data, nil
}

// LogProof is a chain head's transparency log proof, verified under a log
// policy and compared with what a trust store has seen of the log. The CLI,
// the app and deps check proofs through it, so they refuse the same things.
type LogProof struct {
	*tlog.Verified
	Path string // where the proof came from: a file or a URL
	// Within is the newer checkpoint of the same log that this proof's
	// checkpoint was proven a prefix of (ConsistentWith); nil until then.
	Within *tlog.Checkpoint

	consistent Consistency
}

// Consistency proves that a log's tree older is a prefix of its tree
// newer (older.Size < newer.Size), both from checkpoints the policy
// verified: nil when it is; an error wrapping tlog.ErrSplitView when the
// log's own tiles show it is not (the log forked its history); another
// error when it could not be shown (no URL for the log, offline). A client
// that is online asks the log (logclient.Prover); ceremony does not use
// the network itself.
type Consistency func(log *tlog.Log, older, newer tlog.Checkpoint) error

// LogProofOption tunes CheckLogProof.
type LogProofOption func(*LogProof)

// ProveConsistency lets a proof whose checkpoint is older than the newest
// the store has seen from its log count when c proves the older tree a
// prefix of the newer one: packages are published at different times.
// Without it such a proof is refused (tlog.ErrOlderThanSeen). Record uses
// c too.
func ProveConsistency(c Consistency) LogProofOption {
	return func(lp *LogProof) { lp.consistent = c }
}

// CheckLogProof verifies that data (the proof file read from path) shows
// head, a chain's head entry, in a checkpoint that pol trusts at now, and
// that the checkpoint is not older than the newest store has seen from its
// log (tlog.ErrOlderThanSeen) unless ProveConsistency proves it a prefix of
// that one, nor another tree of the same size (tlog.ErrSplitView). Every
// error names path.
func CheckLogProof(pol *tlog.Policy, store *chain.TrustStore, path string, data []byte, head *chain.SignedEntry, now time.Time, opts ...LogProofOption) (*LogProof, error) {
	p, err := tlog.ParseProof(path, data)
	if err != nil {
		return nil, err
	}
	v, err := pol.Verify(p, head.Marshal(), now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	lp := &LogProof{Verified: v, Path: path}
	for _, o := range opts {
		o(lp)
	}
	if _, err := lp.newerThanSeen(store); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lp, nil
}

// newerThanSeen compares the proof's checkpoint with the newest store has
// seen from the same log; an older one counts when it is proven a prefix
// of it.
func (lp *LogProof) newerThanSeen(store *chain.TrustStore) (bool, error) {
	cp := lp.Checkpoint
	seen, ok := store.Checkpoint(cp.Origin)
	s := tlog.Checkpoint{Origin: seen.Origin, Size: seen.Size, Root: seen.Root}
	newer, err := tlog.CheckSeen(s, ok, lp.Verified)
	if errors.Is(err, tlog.ErrOlderThanSeen) && lp.consistent != nil {
		if cerr := lp.ConsistentWith(s); cerr != nil {
			return false, cerr
		}
		return false, nil
	}
	return newer, err
}

// ConsistentWith proves the proof's checkpoint a prefix of newer, a
// checkpoint of the same log with no fewer entries, with the Consistency
// given to CheckLogProof, and remembers it in Within. Without one, an
// older checkpoint is refused (tlog.ErrOlderThanSeen).
func (lp *LogProof) ConsistentWith(newer tlog.Checkpoint) error {
	cp := lp.Checkpoint
	switch {
	case lp.Within != nil && *lp.Within == newer, cp == newer:
		return nil
	case cp.Origin != newer.Origin:
		return fmt.Errorf("%w: a checkpoint of %q compared with one of %q", tlog.ErrWrongLog, cp.Origin, newer.Origin)
	case cp.Size > newer.Size:
		return fmt.Errorf("the proof's checkpoint of %d entries is newer than the one of %d it is compared with", cp.Size, newer.Size)
	case cp.Size == newer.Size:
		return fmt.Errorf("%w: %s showed root %s and root %s for %d entries", tlog.ErrSplitView, cp.Origin, newer.Root, cp.Root, cp.Size)
	}
	older := fmt.Errorf("%w: this proof's checkpoint has %d entries, but %s had %d in a checkpoint seen before", tlog.ErrOlderThanSeen, cp.Size, cp.Origin, newer.Size)
	if lp.consistent == nil {
		return fmt.Errorf("%w (a fresh proof is needed: its publisher renews it)", older)
	}
	err := lp.consistent(lp.Log, cp, newer)
	switch {
	case err == nil:
		lp.Within = &newer
		return nil
	case errors.Is(err, tlog.ErrSplitView):
		return err
	}
	return fmt.Errorf("%w, and the log could not show the older tree is a prefix of the newer: %v (a fresh proof is needed: its publisher renews it)", older, err)
}

// Record notes the proof's checkpoint in store as the newest seen from its
// log, when it is newer. It compares again, for a store re-read under its
// lock: one that has seen a newer checkpoint since the check keeps it (an
// older proof counts only when proven a prefix of it, with the
// Consistency CheckLogProof was given), and a split view is refused.
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

// RecordLogProofs records the checkpoints of proofs in store, the newest
// of each log first, so that the older ones (proven prefixes of it) leave
// it in place. It stops at the first refusal.
func RecordLogProofs(store *chain.TrustStore, proofs []*LogProof) error {
	sorted := slices.Clone(proofs)
	slices.SortStableFunc(sorted, func(a, b *LogProof) int { return cmp.Compare(b.Checkpoint.Size, a.Checkpoint.Size) })
	for _, lp := range sorted {
		if err := lp.Record(store); err != nil {
			return err
		}
	}
	return nil
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
