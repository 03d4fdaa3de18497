package deps

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func key(t *testing.T) *signify.SecretKey {
	t.Helper()
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// story is a chain of pkg: genesis and releases, then a re-key at
// rekeyAt (0: none), written to dir/name.
func story(t *testing.T, dir, pkg string, releases int, rekeyAt time.Time) (path string, recovery *signify.SecretKey) {
	t.Helper()
	rec, k := key(t), key(t)
	g, err := chain.SignEntry(chain.NewGenesis(pkg, "Ada Lovelace", rec.Public(""), k.Public(""), t0), rec, k)
	if err != nil {
		t.Fatal(err)
	}
	es := []*chain.SignedEntry{g}
	for i := range releases {
		next := key(t)
		e := chain.Follow(es[len(es)-1], chain.KindRelease, next.Public(""), t0.Add(time.Duration(i+1)*time.Hour))
		e.Version, e.Checksums = fmt.Sprintf("1.%d", i), chain.Hash{byte(i + 1)}
		se, err := chain.SignEntry(e, k)
		if err != nil {
			t.Fatal(err)
		}
		es, k = append(es, se), next
	}
	if !rekeyAt.IsZero() {
		next := key(t)
		e := chain.Follow(es[len(es)-1], chain.KindRekey, next.Public(""), rekeyAt)
		e.Reason = "lost the key"
		se, err := chain.SignEntry(e, rec, next)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, se)
	}
	path = filepath.Join(dir, filepath.Base(pkg)+".chain")
	if err := os.WriteFile(path, chain.Marshal(es), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, rec
}

func TestCheckOrdersByUrgency(t *testing.T) {
	dir := t.TempDir()
	now := t0.Add(200 * 24 * time.Hour)
	story(t, dir, "example.org/ok", 3, time.Time{})
	story(t, dir, "example.org/rekeyed", 2, now.Add(-10*24*time.Hour))
	story(t, dir, "example.org/old-rekey", 2, t0.Add(30*24*time.Hour))
	os.WriteFile(filepath.Join(dir, "broken.chain"), []byte("not a chain\n"), 0o644)
	m := &Manifest{Dir: dir}
	for _, n := range []string{"ok", "rekeyed", "old-rekey", "broken", "missing"} {
		m.Packages = append(m.Packages, Package{Name: "example.org/" + n, Chain: n + ".chain"})
	}
	store := chain.NewTrustStore()
	for _, jobs := range []int{1, 2, 8} {
		rows := Check(context.Background(), store, m, Options{Jobs: jobs, Now: now})
		if len(rows) != 5 {
			t.Fatalf("%d rows", len(rows))
		}
		for i, r := range rows {
			if r.Package != m.Packages[i] {
				t.Fatalf("jobs %d: row %d is %s", jobs, i, r.Package.Name)
			}
		}
		var order []string
		for _, r := range Sorted(rows) {
			order = append(order, fmt.Sprintf("%s:%s:%d", filepath.Base(r.Package.Name), r.Status, len(r.Recent)))
		}
		want := "[rekeyed:never pinned:1 broken:refused:0 ok:never pinned:0 old-rekey:never pinned:0 missing:not checked:0]"
		if fmt.Sprint(order) != want {
			t.Fatalf("jobs %d: order %v, want %s", jobs, order, want)
		}
	}
}

// set writes n chains of a genesis and releases releases to a new
// directory and returns a manifest listing them.
func set(t *testing.T, n, releases int) *Manifest {
	t.Helper()
	m := &Manifest{Dir: t.TempDir()}
	for i := range n {
		pkg := fmt.Sprintf("example.org/p%02d", i)
		path, _ := story(t, m.Dir, pkg, releases, time.Time{})
		m.Packages = append(m.Packages, Package{Name: pkg, Chain: filepath.Base(path)})
	}
	return m
}

func TestCheckFromPinsAndProgress(t *testing.T) {
	store := chain.NewTrustStore()
	m := set(t, 20, 3)
	for _, p := range m.Packages {
		data, err := os.ReadFile(m.Resolve(p.Chain))
		if err != nil {
			t.Fatal(err)
		}
		c, err := store.Check(p.Name, chain.NewReader(p.Chain, bytes.NewReader(data)))
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Accept(c, chain.Consent{KeyCompared: true}); err != nil {
			t.Fatal(err)
		}
	}
	calls := 0
	rows := Check(context.Background(), store, m, Options{Jobs: 4, Progress: func(done, total int) {
		calls++
		if done != calls || total != 20 {
			t.Errorf("progress %d/%d at call %d", done, total, calls)
		}
	}})
	for _, r := range rows {
		if r.Status != OK || r.NeedsAttention() || r.Newest().Version != "1.2" {
			t.Fatalf("%s: %s %v", r.Package.Name, r.Status, r.Err)
		}
	}
	if calls != 20 {
		t.Fatalf("%d progress calls", calls)
	}
	// A row keeps the newest release only, unless asked for history: the
	// rows of a large set stay small.
	if n := len(rows[0].Check.Result().Releases); n != 1 {
		t.Errorf("a row keeps %d releases", n)
	}
	rows = Check(context.Background(), store, m, Options{History: true})
	if n := len(rows[0].Check.Result().Releases); n != 3 {
		t.Errorf("with history a row keeps %d releases, want 3", n)
	}
}

func TestCheckCancelled(t *testing.T) {
	m := set(t, 50, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rows := Check(ctx, chain.NewTrustStore(), m, Options{Jobs: 2})
	failed := 0
	for _, r := range rows {
		if r.Status == Failed && errors.Is(r.Err, context.Canceled) {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("a cancelled check checked everything")
	}
}

func TestURLsNeedAFetcher(t *testing.T) {
	m := &Manifest{Dir: ".", Packages: []Package{{Name: "example.org/a", Chain: "https://example.org/a/chain"}}}
	rows := Check(context.Background(), chain.NewTrustStore(), m, Options{})
	if rows[0].Status != Failed {
		t.Fatalf("%s %v", rows[0].Status, rows[0].Err)
	}
}
