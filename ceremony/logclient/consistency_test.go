package logclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/torchwood"
	stlog "golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
)

// startLog runs a witnessed log (tlogtest.Start) and returns it, its
// users' policy and a client of it.
func startLog(t *testing.T) (*tlogtest.Ecosystem, *tlog.Policy, *Client) {
	t.Helper()
	eco := tlogtest.Start(t)
	pol, err := tlog.ParsePolicy("policy", eco.Policy)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(eco.Log.URL, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return eco, pol, c
}

// publishGenesis logs a new one-entry chain of pkg and returns what the
// log proved of it.
func publishGenesis(t *testing.T, c *Client, pol *tlog.Policy, pkg string) *Published {
	t.Helper()
	rec, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := chain.SignEntry(chain.NewGenesis(pkg, "Ada Lovelace", rec.Public(""), k.Public(""), time.Now().Add(-time.Minute)), rec, k)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := Publish(ctx, c, []*chain.SignedEntry{g}, pol, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Packages published at different times have proofs in different
// checkpoints; the log's tiles prove the older trees prefixes of the
// newer, and a tree the log never had is a split view.
func TestConsistentRealLog(t *testing.T) {
	eco, pol, c := startLog(t)
	a := publishGenesis(t, c, pol, "example.org/a")
	b := publishGenesis(t, c, pol, "example.org/b")
	z := publishGenesis(t, c, pol, "example.org/c")
	cpA, cpB, cpC := a.Verified.Checkpoint, b.Verified.Checkpoint, z.Verified.Checkpoint
	if !(cpA.Size < cpB.Size && cpB.Size < cpC.Size) {
		t.Fatalf("checkpoints of %d, %d, %d entries: want growing", cpA.Size, cpB.Size, cpC.Size)
	}
	ctx := context.Background()
	for _, pair := range [][2]tlog.Checkpoint{{cpA, cpB}, {cpA, cpC}, {cpB, cpC}, {cpC, cpC}} {
		if err := c.Consistent(ctx, pair[0], pair[1]); err != nil {
			t.Errorf("%d ⊂ %d: %v", pair[0].Size, pair[1].Size, err)
		}
	}
	forked := cpB
	forked.Root = cpA.Root
	if err := c.Consistent(ctx, forked, cpC); !errors.Is(err, tlog.ErrSplitView) {
		t.Errorf("a tree the log never had: %v, want ErrSplitView", err)
	}
	if err := c.Consistent(ctx, forked, cpB); !errors.Is(err, tlog.ErrSplitView) {
		t.Errorf("two roots of one size: %v, want ErrSplitView", err)
	}

	// The hook, as CheckLogProof takes it: a's proof after c's checkpoint
	// was seen is refused offline, and accepted online; the store keeps c's.
	store := chain.NewTrustStore()
	if err := store.SeeCheckpoint(chain.LogCheckpoint{Origin: cpC.Origin, Size: cpC.Size, Root: cpC.Root}); err != nil {
		t.Fatal(err)
	}
	proof := a.Proof.Marshal()
	now := time.Now()
	if _, err := ceremony.CheckLogProof(pol, store, "a.tlog-proof", proof, a.Head, now); !errors.Is(err, tlog.ErrOlderThanSeen) {
		t.Fatalf("offline: %v, want ErrOlderThanSeen", err)
	}
	prover := NewProver(ctx, time.Minute)
	lp, err := ceremony.CheckLogProof(pol, store, "a.tlog-proof", proof, a.Head, now, ceremony.ProveConsistency(prover.Consistent))
	if err != nil {
		t.Fatalf("online: %v", err)
	}
	if lp.Within == nil || *lp.Within != cpC {
		t.Errorf("Within = %v, want the checkpoint seen", lp.Within)
	}
	if err := lp.Record(store); err != nil {
		t.Fatal(err)
	}
	if seen, _ := store.Checkpoint(cpC.Origin); seen.Size != cpC.Size {
		t.Errorf("the store went back to %d entries", seen.Size)
	}

	// A policy whose log line has no URL cannot ask: refused as older,
	// with the cause.
	noURL, err := tlog.ParsePolicy("no-url", []byte(strings.Replace(string(eco.Policy), " "+eco.Log.URL, "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ceremony.CheckLogProof(noURL, store, "a.tlog-proof", proof, a.Head, now, ceremony.ProveConsistency(prover.Consistent))
	if !errors.Is(err, tlog.ErrOlderThanSeen) || !strings.Contains(err.Error(), "no URL") {
		t.Errorf("no URL: %v", err)
	}
}

// A log may delete a partial tile once the full tile exists: the prover
// reads the start of the full one.
func TestConsistentPartialTileGone(t *testing.T) {
	var hashes []stlog.Hash
	hr := stlog.HashReaderFunc(func(idx []int64) ([]stlog.Hash, error) {
		out := make([]stlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	var roots []stlog.Hash
	for i := range 300 {
		hs, err := stlog.StoredHashes(int64(i), []byte{byte(i), byte(i >> 8)}, hr)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, hs...)
		root, err := stlog.TreeHash(int64(i+1), hr)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
	}
	tiles := map[string][]byte{}
	for _, tl := range stlog.NewTiles(torchwood.TileHeight, 0, 300) {
		data, err := stlog.ReadTileData(tl, hr)
		if err != nil {
			t.Fatal(err)
		}
		tiles["/"+torchwood.TilePath(tl)] = data
	}
	var missing atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := tiles[r.URL.Path]
		if !ok {
			missing.Add(1)
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	c, err := New(srv.URL, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cp := func(n int) tlog.Checkpoint {
		return tlog.Checkpoint{Origin: "example.org/log", Size: uint64(n), Root: roots[n-1]}
	}
	// The log holds 300 entries: tile 0 is full, and the tree of 200's
	// partial tile 0 (width 200) is gone.
	if err := c.Consistent(context.Background(), cp(100), cp(200)); err != nil {
		t.Errorf("100 ⊂ 200: %v", err)
	}
	if missing.Load() == 0 {
		t.Error("the partial tile was served")
	}
	if err := c.Consistent(context.Background(), cp(270), cp(300)); err != nil {
		t.Errorf("270 ⊂ 300: %v", err)
	}
	bad := cp(100)
	bad.Root = roots[98]
	if err := c.Consistent(context.Background(), bad, cp(200)); !errors.Is(err, tlog.ErrSplitView) {
		t.Errorf("a forked tree of 100: %v, want ErrSplitView", err)
	}
}
