package tlog

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	flog "github.com/transparency-dev/formats/log"
	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// What Verify refuses; each error it returns wraps one of these.
var (
	ErrMalformed   = errors.New("the log proof is malformed")
	ErrWrongLog    = errors.New("the checkpoint is not signed by a log the policy trusts")
	ErrNotIncluded = errors.New("the log proof does not show this entry in the log")
	ErrNoQuorum    = errors.New("the checkpoint is not cosigned by a quorum of the policy's witnesses")
	ErrTooOld      = errors.New("the checkpoint's cosignatures are older than the policy allows")
	// ErrOlderThanSeen and ErrSplitView are CheckSeen's.
	ErrOlderThanSeen = errors.New("the checkpoint is older than one this client has already seen from the log")
	ErrSplitView     = errors.New("the log showed two different trees of one size: a split view")
	// ErrNewerHead: the log holds a newer head of the chain than the copy
	// verified (a mirror froze it, or it is old).
	ErrNewerHead = errors.New("the log holds a newer head of this chain")
)

// maxSkew is how far in the future a cosignature's time may be: clocks
// differ a little.
const maxSkew = 10 * time.Minute

// Checkpoint is a checkpoint's body (C2SP tlog-checkpoint).
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   tlog.Hash
}

// Cosignature is a witness's valid cosignature and its time.
type Cosignature struct {
	Witness *Witness
	Time    time.Time
}

// String is the witness's key name and the time.
func (c Cosignature) String() string {
	return c.Witness.KeyName() + " at " + c.Time.UTC().Format(time.RFC3339)
}

// Verified is what a proof showed.
type Verified struct {
	Log        *Log
	Checkpoint Checkpoint
	Index      uint64
	Cosigned   []Cosignature // every valid cosignature by a policy witness, newest first
	Fresh      time.Time     // the quorum held at this time: the oldest of the newest cosignatures that satisfy it
}

// Verify checks that proof shows leaf (a chain entry exactly as signed)
// in a checkpoint signed by one of the policy's logs and cosigned by a
// quorum of its witnesses, each cosignature at most MaxAge old at now.
func (p *Policy) Verify(proof *Proof, leaf []byte, now time.Time) (*Verified, error) {
	v, err := p.VerifyCheckpoint(proof.Checkpoint, now)
	if err != nil {
		return nil, err
	}
	v.Index = proof.Index
	cp := v.Checkpoint
	if proof.Index >= cp.Size {
		return nil, fmt.Errorf("%w: index %d is outside the checkpoint's tree of %d entries", ErrNotIncluded, proof.Index, cp.Size)
	}
	if err := tlog.CheckRecord(proof.Hashes, int64(cp.Size), cp.Root, int64(proof.Index), tlog.RecordHash(leaf)); err != nil {
		return nil, fmt.Errorf("%w: the inclusion proof for index %d does not lead from this entry to the checkpoint's root (a tampered proof, or a proof of another entry)", ErrNotIncluded, proof.Index)
	}
	return v, nil
}

// VerifyCheckpoint checks a checkpoint note: signed by one of the policy's
// logs, cosigned by a quorum of its witnesses no older than MaxAge at now.
// A monitor follows the tree it commits to.
func (p *Policy) VerifyCheckpoint(raw []byte, now time.Time) (*Verified, error) {
	l, cp, err := p.openCheckpoint(raw)
	if err != nil {
		return nil, err
	}
	v := &Verified{Log: l, Checkpoint: cp, Cosigned: p.cosignatures(raw)}
	if err := p.quorum(v, now); err != nil {
		return nil, err
	}
	return v, nil
}

// openCheckpoint verifies the log's signature and parses the body.
func (p *Policy) openCheckpoint(raw []byte) (*Log, Checkpoint, error) {
	var vs []note.Verifier
	for _, l := range p.Logs {
		vs = append(vs, l.v)
	}
	n, err := note.Open(raw, note.VerifierList(vs...))
	if err != nil {
		origin, _, _ := strings.Cut(string(raw), "\n")
		return nil, Checkpoint{}, fmt.Errorf("%w (origin %q): %v", ErrWrongLog, truncate(origin, 80), err)
	}
	var l *Log
	for _, c := range p.Logs {
		for _, s := range n.Sigs {
			if s.Name == c.v.Name() && s.Hash == c.v.KeyHash() {
				l = c
			}
		}
	}
	var c flog.Checkpoint
	if _, err := c.Unmarshal([]byte(n.Text)); err != nil {
		return nil, Checkpoint{}, fmt.Errorf("%w: checkpoint: %v", ErrMalformed, err)
	}
	if c.Origin != l.Origin {
		return nil, Checkpoint{}, fmt.Errorf("%w: the checkpoint's origin %q is not the log's %q", ErrWrongLog, truncate(c.Origin, 80), l.Origin)
	}
	cp := Checkpoint{Origin: c.Origin, Size: c.Size}
	copy(cp.Root[:], c.Hash)
	return l, cp, nil
}

// cosignatures returns the policy witnesses' valid cosignatures, newest
// first. A line that does not verify counts for nothing.
func (p *Policy) cosignatures(raw []byte) []Cosignature {
	var out []Cosignature
	for _, w := range p.Witnesses {
		wn, err := note.Open(raw, note.VerifierList(w.v))
		if err != nil {
			continue
		}
		for _, s := range wn.Sigs {
			if t, err := fnote.CoSigV1Timestamp(s); err == nil && s.Name == w.v.Name() && s.Hash == w.v.KeyHash() {
				out = append(out, Cosignature{Witness: w, Time: t})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out
}

// quorum requires the policy's quorum among cosignatures no older than
// MaxAge (and not far in the future): ErrTooOld when only older ones
// reach it, ErrNoQuorum when none do.
func (p *Policy) quorum(v *Verified, now time.Time) error {
	if p.Quorum == nil {
		v.Fresh = now
		return nil
	}
	ok := map[*Witness]bool{}
	for _, c := range v.Cosigned { // newest first
		if c.Time.After(now.Add(maxSkew)) {
			continue
		}
		ok[c.Witness] = true
		if p.Quorum.satisfied(ok) {
			v.Fresh = c.Time
			if now.Sub(c.Time) > p.MaxAge {
				return fmt.Errorf("%w: the quorum %s was last reached %s ago, at %s; the policy allows %s (a fresh proof is needed: its publisher renews it)", ErrTooOld, p.Quorum.Name, now.Sub(c.Time).Round(time.Second), c.Time.UTC().Format(time.RFC3339), p.MaxAge)
			}
			return nil
		}
	}
	var names []string
	for _, c := range v.Cosigned {
		names = append(names, c.Witness.KeyName())
	}
	return fmt.Errorf("%w: quorum %s needs %d of its members; cosigned by %d of the policy's witnesses (%s)", ErrNoQuorum, p.Quorum.Name, p.Quorum.K, len(v.Cosigned), strings.Join(names, ", "))
}

// CheckSeen compares a verified checkpoint with the newest one a client
// saw from the same log before (seen, when ok): a smaller tree is refused
// (ErrOlderThanSeen), another root at the same size is a split view
// (ErrSplitView). It reports whether v is newer than seen.
func CheckSeen(seen Checkpoint, ok bool, v *Verified) (newer bool, err error) {
	cp := v.Checkpoint
	switch {
	case !ok || cp.Size > seen.Size:
		return true, nil
	case cp.Size < seen.Size:
		return false, fmt.Errorf("%w: this proof's checkpoint has %d entries, but %s had %d in a checkpoint seen before (a fresh proof is needed: its publisher renews it)", ErrOlderThanSeen, cp.Size, cp.Origin, seen.Size)
	case cp.Root != seen.Root:
		return false, fmt.Errorf("%w: %s showed root %s and root %s for %d entries", ErrSplitView, cp.Origin, seen.Root, cp.Root, cp.Size)
	}
	return false, nil
}

// ParseCheckpointNote reads the body of a checkpoint note without checking
// any signature: for a log reading its own checkpoint.
func ParseCheckpointNote(raw []byte) (Checkpoint, error) {
	body, _, ok := strings.Cut(string(raw), "\n\n")
	if !ok {
		return Checkpoint{}, fmt.Errorf("%w: checkpoint has no signatures", ErrMalformed)
	}
	var c flog.Checkpoint
	if _, err := c.Unmarshal([]byte(body + "\n")); err != nil {
		return Checkpoint{}, fmt.Errorf("%w: checkpoint: %v", ErrMalformed, err)
	}
	cp := Checkpoint{Origin: c.Origin, Size: c.Size}
	copy(cp.Root[:], c.Hash)
	return cp, nil
}
