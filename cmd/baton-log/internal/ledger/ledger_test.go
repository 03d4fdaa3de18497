package ledger

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/cmd/baton-log/internal/testchain"
)

// memLog is a log in memory: what the ledger's tests append to.
type memLog struct {
	mu      sync.Mutex
	entries []*chain.SignedEntry
}

func (m *memLog) read(_ context.Context, indices []uint64, each func(uint64, *chain.SignedEntry) error) error {
	for _, i := range indices {
		m.mu.Lock()
		e := m.entries[i]
		m.mu.Unlock()
		if err := each(i, e); err != nil {
			return err
		}
	}
	return nil
}

func (m *memLog) add(e *chain.SignedEntry) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	return uint64(len(m.entries) - 1)
}

// submit runs one entry through the ledger as the server does.
func submit(t *testing.T, l *Ledger, m *memLog, e *chain.SignedEntry) (Kind, error) {
	t.Helper()
	ctx := context.Background()
	tk, err := l.Admit(ctx, e)
	if err != nil {
		return 0, err
	}
	switch tk.Kind {
	case Append:
		if err := l.Commit(tk, m.add(e)); err != nil {
			t.Fatal(err)
		}
	case Conflict:
		return Conflict, l.Judge(ctx, tk)
	}
	return tk.Kind, nil
}

// mustAppend submits e and fails the test unless it is appended.
func mustAppend(t *testing.T, l *Ledger, m *memLog, e *chain.SignedEntry) {
	t.Helper()
	if k, err := submit(t, l, m, e); k != Append || err != nil {
		t.Fatalf("entry %d of %s: %v %v, want it appended", e.Position, e.Package, k, err)
	}
}

// logged is a ledger over a log in memory that holds a chain of a genesis
// and n releases, each entry appended.
func logged(t *testing.T, n int) (*Ledger, *memLog, *testchain.Chain) {
	t.Helper()
	m := &memLog{}
	l := New(m.read)
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(n)
	for _, e := range c.Entries {
		mustAppend(t, l, m, e)
	}
	return l, m, c
}

func TestFirstSeenWins(t *testing.T) {
	l, m, c := logged(t, 3)
	// Again: present, at the same index.
	tk, err := l.Admit(context.Background(), c.Entries[2])
	if err != nil || tk.Kind != Present || tk.Index != 2 {
		t.Fatalf("resubmitted entry: %+v %v", tk, err)
	}
	// A thief with the key that signed position 3 forks there: evidence.
	if k, err := submit(t, l, m, c.Fork(3, "6.6.6")); k != Conflict || err != nil {
		t.Fatalf("fork by a stolen key: %v %v, want evidence", k, err)
	}
	// An altered copy of a logged entry is refused, not evidence.
	if k, err := submit(t, l, m, c.Altered(3)); k != Conflict || !errors.Is(err, chain.ErrAltered) {
		t.Fatalf("altered entry: %v %v", k, err)
	}
	// A genesis of another signatory for the same package: a fork by
	// adoption is a chain of its own.
	other := testchain.New("example.org/hello", "Mallory")
	if k, err := submit(t, l, m, other.Entries[0]); k != Append || err != nil {
		t.Fatalf("another signatory's genesis: %v %v", k, err)
	}
	// The genuine chain goes on.
	if k, err := submit(t, l, m, c.Release("2.0")); k != Append || err != nil {
		t.Fatalf("genuine release after a fork attempt: %v %v", k, err)
	}
	if n := l.Entries(); n != 6 {
		t.Fatalf("%d entries logged, want 6", n)
	}
}

func TestRefusals(t *testing.T) {
	m := &memLog{}
	l := New(m.read)
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(2)
	if _, err := submit(t, l, m, c.Entries[1]); !errors.Is(err, ErrUnknownPrev) {
		t.Fatalf("an entry without its chain: %v", err)
	}
	mustAppend(t, l, m, c.Entries[0])
	// Signed by a key that is not in force (K2 signs position 2): refused
	// by the chain rules, not evidence, and the chain is unchanged.
	e := *c.Entries[1].Entry
	e.Version = "9.9"
	bad, err := chain.SignEntry(&e, c.Keys[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := submit(t, l, m, bad); !errors.Is(err, ErrRefused) || !errors.Is(err, chain.ErrUnannounced) {
		t.Fatalf("entry signed by a key not in force: %v", err)
	}
	if _, err := submit(t, l, m, c.Entries[2]); !errors.Is(err, ErrUnknownPrev) {
		t.Fatalf("entry 3 before 2: %v", err)
	}
	if _, err := submit(t, l, m, c.Entries[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := submit(t, l, m, c.Entries[2]); err != nil {
		t.Fatal(err)
	}
}

func TestEquivocatedGenesis(t *testing.T) {
	l, m, c := logged(t, 0)
	again := c.Entries[0].Entry
	e := *again
	e.Name = "Ada again"
	second, err := chain.SignEntry(&e, c.Recovery, c.Keys[0])
	if err != nil {
		t.Fatal(err)
	}
	if k, err := submit(t, l, m, second); k != Conflict || err != nil {
		t.Fatalf("second genesis by the same recovery key: %v %v, want evidence", k, err)
	}
}

// Entries of one chain submitted at once are checked one after the other:
// of two different entries for the same position, one is appended and
// the other judged against it.
func TestBusyChainSerializes(t *testing.T) {
	l, m, c := logged(t, 0)
	genuine, fork := c.Release("1.0"), c.Fork(2, "1.0-thief")
	var wg sync.WaitGroup
	kinds := make([]Kind, 2)
	errs := make([]error, 2)
	for i, e := range []*chain.SignedEntry{genuine, fork} {
		wg.Go(func() { kinds[i], errs[i] = submit(t, l, m, e) })
	}
	wg.Wait()
	if len(m.entries) != 2 {
		t.Fatalf("%d entries logged, want 2", len(m.entries))
	}
	if kinds[0] == kinds[1] || errs[0] != nil || errs[1] != nil {
		t.Fatalf("kinds %v errors %v: want one appended and one evidence", kinds, errs)
	}
}

func TestReplayRebuildsState(t *testing.T) {
	_, m, c := logged(t, 4)
	r := New(m.read)
	for i, e := range m.entries {
		if err := r.Replay(uint64(i), e); err != nil {
			t.Fatal(err)
		}
	}
	if k, err := submit(t, r, m, c.Release("2.0")); k != Append || err != nil {
		t.Fatalf("after replay: %v %v", k, err)
	}
	if k, err := submit(t, r, m, c.Fork(3, "x")); k != Conflict || err != nil {
		t.Fatalf("fork after replay: %v %v", k, err)
	}
	if err := r.Replay(0, m.entries[0]); err == nil {
		t.Fatal("replaying an entry twice succeeded")
	}
	// A logged entry the rules refuse (signed by nobody) stops the replay:
	// the log is not this ledger's.
	x := New(m.read)
	if err := x.Replay(0, c.Entries[0]); err != nil {
		t.Fatal(err)
	}
	if err := x.Replay(1, c.Altered(2)); !errors.Is(err, ErrRefused) {
		t.Fatalf("replaying an altered entry: %v", err)
	}
}
