package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/chain"
	btlog "github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/cmd/baton-log/internal/testchain"
)

type ack struct {
	entry *chain.SignedEntry
	index uint64
}

// Crash safety: the real server is killed with SIGKILL during a burst of
// appends from several maintainers at once, then restarted on the same
// directory. Every entry it acknowledged is in the log at the index it
// said, the new tree is consistent with the last checkpoint published
// before the kill, and every chain goes on from its logged head.
func TestKill9DuringAppends(t *testing.T) {
	dir := t.TempDir()
	key, vkey := newKey(t, dir, "example.org/crash-log")
	data := filepath.Join(dir, "log")
	s := startServer(t, "--dir", data, "--key", key)
	const writers, killAfter = 6, 150
	chains := make([]*testchain.Chain, writers)
	var mu sync.Mutex
	var acks []ack
	enough := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		chains[w] = testchain.New(fmt.Sprintf("example.org/pkg%d", w), fmt.Sprintf("Maintainer %d", w))
		wg.Go(func() {
			c := chains[w]
			for i := 0; ; i++ {
				e := c.Entries[len(c.Entries)-1]
				if i > 0 {
					e = c.Release(fmt.Sprintf("1.%d", i))
				}
				status, ar, err := s.add(e)
				if err != nil || status != 200 {
					return // the server is gone
				}
				mu.Lock()
				acks = append(acks, ack{e, ar.Entries[0].Index})
				if len(acks) == killAfter {
					close(enough)
				}
				mu.Unlock()
			}
		})
	}
	<-enough
	before, err := s.get(btlog.PathCheckpoint)
	if err != nil {
		t.Fatal(err)
	}
	s.Kill()
	wg.Wait()
	mu.Lock()
	t.Logf("killed after %d acknowledged appends; last checkpoint before the kill:\n%s", len(acks), before)
	s = startServer(t, "--dir", data, "--key", key)
	policy, err := btlog.ParsePolicy("policy", []byte("log "+vkey+"\nquorum none\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acks {
		checkLogged(t, s, policy, a)
	}
	checkConsistent(t, s, before)
	for w, c := range chains {
		// The last entry may have been logged without its answer: resend
		// it (present or logged), then the next release must follow.
		for _, e := range []*chain.SignedEntry{c.Entries[len(c.Entries)-1], c.Release("2.0")} {
			if status, ar, err := s.add(e); err != nil || status != 200 {
				t.Fatalf("writer %d after the restart: %d %+v %v", w, status, ar, err)
			}
		}
	}
}

// checkLogged fetches a proof of an acknowledged entry and checks it is at
// the acknowledged index.
func checkLogged(t *testing.T, s *server, policy *btlog.Policy, a ack) {
	t.Helper()
	body, err := s.get(btlog.PathProof + a.entry.Hash().String() + "?wait=1")
	if err != nil {
		t.Fatalf("acknowledged entry %d is missing after the restart: %v", a.index, err)
	}
	p, err := btlog.ParseProof("proof", body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := policy.Verify(p, a.entry.Marshal(), time.Now()); err != nil || p.Index != a.index {
		t.Fatalf("acknowledged entry %d: proof at %d: %v", a.index, p.Index, err)
	}
}

// checkConsistent checks that the tree the restarted log publishes
// extends the checkpoint published before the kill: the root of its
// first entries, computed from the new tree's verified tiles, is the old
// root.
func checkConsistent(t *testing.T, s *server, before []byte) {
	t.Helper()
	old, err := btlog.ParseCheckpointNote(before)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.get(btlog.PathCheckpoint)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := btlog.ParseCheckpointNote(raw)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Size < old.Size {
		t.Fatalf("the log shrank from %d to %d entries", old.Size, cur.Size)
	}
	tf, err := torchwood.NewTileFetcher(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	hr := torchwood.TileHashReaderWithContext(context.Background(), tlog.Tree{N: int64(cur.Size), Hash: cur.Root}, tf)
	root, err := tlog.TreeHash(int64(old.Size), hr)
	if err != nil {
		t.Fatal(err)
	}
	if root != old.Root {
		t.Fatalf("the tree of %d entries is not consistent with the checkpoint of %d before the kill", cur.Size, old.Size)
	}
	t.Logf("tree of %d entries after the restart extends the %d before the kill", cur.Size, old.Size)
}
