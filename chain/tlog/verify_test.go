package tlog_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
	stlog "golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/tlog"
)

// fixture is a log of a few leaves, its key and three witnesses' keys,
// drawn from fixed seeds.
type fixture struct {
	leaves  [][]byte
	hashes  []stlog.Hash // the tree's stored hashes
	logSkey string
	logVkey string
	wit     []*torchwood.CosignatureSigner
}

const origin = "example.org/test-log"

func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	f := &fixture{}
	var err error
	f.logSkey, f.logVkey, err = note.GenerateKey(chaintest.Seeded("log key"), origin)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		seed := make([]byte, ed25519.SeedSize)
		chaintest.Seeded(fmt.Sprintf("witness %d", i)).Read(seed)
		w, err := torchwood.NewCosignatureSigner(fmt.Sprintf("w%d.example", i+1), ed25519.NewKeyFromSeed(seed))
		if err != nil {
			t.Fatal(err)
		}
		f.wit = append(f.wit, w)
	}
	for i := range n {
		leaf := fmt.Appendf(nil, "leaf %d", i)
		f.leaves = append(f.leaves, leaf)
		hs, err := stlog.StoredHashes(int64(i), leaf, stlog.HashReaderFunc(f.read))
		if err != nil {
			t.Fatal(err)
		}
		f.hashes = append(f.hashes, hs...)
	}
	return f
}

func (f *fixture) read(idx []int64) ([]stlog.Hash, error) {
	out := make([]stlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = f.hashes[x]
	}
	return out, nil
}

// policy is the fixture's policy: k of the three witnesses, maxAge.
func (f *fixture) policy(t testing.TB, k int, extra string) *tlog.Policy {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "log %s\n", f.logVkey)
	for i, w := range f.wit {
		fmt.Fprintf(&b, "witness w%d %s https://w%d.example\n", i+1, w.Verifier(), i+1)
	}
	fmt.Fprintf(&b, "group witnesses %d w1 w2 w3\nquorum witnesses\nmax-age 24h\n%s", k, extra)
	p, err := tlog.ParsePolicy("policy", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// proof proves leaf index in a checkpoint signed by the log and cosigned
// by the witnesses numbered cosigners.
func (f *fixture) proof(t testing.TB, index int, cosigners ...int) *tlog.Proof {
	t.Helper()
	n := int64(len(f.leaves))
	rp, err := stlog.ProveRecord(n, int64(index), stlog.HashReaderFunc(f.read))
	if err != nil {
		t.Fatal(err)
	}
	root, err := stlog.TreeHash(n, stlog.HashReaderFunc(f.read))
	if err != nil {
		t.Fatal(err)
	}
	return &tlog.Proof{Index: uint64(index), Hashes: rp, Checkpoint: f.sign(t, torchwood.Checkpoint{Origin: origin, Tree: stlog.Tree{N: n, Hash: root}}.String(), cosigners...)}
}

func (f *fixture) sign(t testing.TB, body string, cosigners ...int) []byte {
	t.Helper()
	s, err := note.NewSigner(f.logSkey)
	if err != nil {
		t.Fatal(err)
	}
	signers := []note.Signer{s}
	for _, c := range cosigners {
		signers = append(signers, f.wit[c])
	}
	cp, err := note.Sign(&note.Note{Text: body}, signers...)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

func TestVerifyProofs(t *testing.T) {
	f := newFixture(t, 7)
	now := time.Now()
	pol := f.policy(t, 2, "")
	good := f.proof(t, 5, 0, 2)
	v, err := pol.Verify(good, f.leaves[5], now)
	if err != nil {
		t.Fatal(err)
	}
	if v.Index != 5 || v.Checkpoint.Size != 7 || len(v.Cosigned) != 2 {
		t.Fatalf("verified %+v", v)
	}
	// The proof file round-trips.
	back, err := tlog.ParseProof("proof", good.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pol.Verify(back, f.leaves[5], now); err != nil {
		t.Fatal(err)
	}
	tampered := *good
	tampered.Hashes = append([]stlog.Hash{{1}}, good.Hashes[1:]...)
	otherLog := newFixture(t, 7)
	otherLog.logSkey, otherLog.logVkey, _ = note.GenerateKey(chaintest.Seeded("another log key"), origin)
	for _, tc := range []struct {
		name  string
		proof *tlog.Proof
		leaf  []byte
		pol   *tlog.Policy
		now   time.Time
		want  error
	}{
		{"tampered inclusion proof", &tampered, f.leaves[5], pol, now, tlog.ErrNotIncluded},
		{"proof of another entry", good, f.leaves[4], pol, now, tlog.ErrNotIncluded},
		{"index outside the tree", &tlog.Proof{Index: 7, Hashes: good.Hashes, Checkpoint: good.Checkpoint}, f.leaves[5], pol, now, tlog.ErrNotIncluded},
		{"one cosignature of two", f.proof(t, 5, 1), f.leaves[5], pol, now, tlog.ErrNoQuorum},
		{"no cosignature", f.proof(t, 5), f.leaves[5], pol, now, tlog.ErrNoQuorum},
		{"older than max-age", good, f.leaves[5], pol, now.Add(25 * time.Hour), tlog.ErrTooOld},
		{"cosigned in the future", good, f.leaves[5], pol, now.Add(-time.Hour), tlog.ErrNoQuorum},
		{"wrong log key", otherLog.proof(t, 5, 0, 1), otherLog.leaves[5], pol, now, tlog.ErrWrongLog},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.pol.Verify(tc.proof, tc.leaf, tc.now)
			if !errors.Is(err, tc.want) {
				t.Fatalf("want %v, got %v", tc.want, err)
			}
		})
	}
}

// A cosignature line by a witness the policy does not name, or one that
// does not verify, counts for nothing; a quorum of none needs none.
func TestCosignaturesThatDoNotCount(t *testing.T) {
	f := newFixture(t, 3)
	now := time.Now()
	p := f.proof(t, 1, 0, 1)
	// Flip a bit of the second cosignature's signature.
	lines := strings.Split(string(p.Checkpoint), "\n")
	i := strings.LastIndex(lines[len(lines)-2], " ")
	sig, err := base64.StdEncoding.DecodeString(lines[len(lines)-2][i+1:])
	if err != nil {
		t.Fatal(err)
	}
	sig[len(sig)-1] ^= 1
	lines[len(lines)-2] = lines[len(lines)-2][:i+1] + base64.StdEncoding.EncodeToString(sig)
	bad := &tlog.Proof{Index: 1, Hashes: p.Hashes, Checkpoint: []byte(strings.Join(lines, "\n"))}
	if _, err := f.policy(t, 2, "").Verify(bad, f.leaves[1], now); !errors.Is(err, tlog.ErrNoQuorum) {
		t.Fatalf("a cosignature that does not verify counted: %v", err)
	}
	if v, err := f.policy(t, 1, "").Verify(bad, f.leaves[1], now); err != nil || len(v.Cosigned) != 1 {
		t.Fatalf("the valid cosignature: %v", err)
	}
	none, err := tlog.ParsePolicy("none", []byte("log "+f.logVkey+"\nquorum none\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := none.Verify(f.proof(t, 1), f.leaves[1], now); err != nil {
		t.Fatal(err)
	}
}

// A checkpoint whose origin line is not the log's name is refused even
// when the log's key signed it.
func TestCheckpointOriginMustBeTheLogs(t *testing.T) {
	f := newFixture(t, 2)
	p := f.proof(t, 0, 0, 1)
	body, _, _ := strings.Cut(string(p.Checkpoint), "\n\n")
	p.Checkpoint = f.sign(t, strings.Replace(body, origin, "example.org/other", 1)+"\n", 0, 1)
	if _, err := f.policy(t, 2, "").Verify(p, f.leaves[0], time.Now()); !errors.Is(err, tlog.ErrWrongLog) {
		t.Fatalf("another origin: %v", err)
	}
}

func TestCheckSeen(t *testing.T) {
	v := &tlog.Verified{Checkpoint: tlog.Checkpoint{Origin: origin, Size: 10, Root: stlog.Hash{1}}}
	for _, tc := range []struct {
		seen  tlog.Checkpoint
		ok    bool
		newer bool
		want  error
	}{
		{tlog.Checkpoint{}, false, true, nil},
		{tlog.Checkpoint{Size: 9, Root: stlog.Hash{9}}, true, true, nil},
		{tlog.Checkpoint{Size: 10, Root: stlog.Hash{1}}, true, false, nil},
		{tlog.Checkpoint{Size: 11, Root: stlog.Hash{1}}, true, false, tlog.ErrOlderThanSeen},
		{tlog.Checkpoint{Size: 10, Root: stlog.Hash{2}}, true, false, tlog.ErrSplitView},
	} {
		newer, err := tlog.CheckSeen(tc.seen, tc.ok, v)
		if newer != tc.newer || !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("seen %+v: newer %v err %v", tc.seen, newer, err)
		}
	}
}
