// Command tlogbench drives bench/tlog.sh:
//
//	tlogbench append -url URL -chains 64 -entries 20
//	    submits CHAINS chains of ENTRIES entries each to a running baton-log,
//	    every chain from its own goroutine, one entry per request, and
//	    prints appends per second (acknowledged entries / wall time).
//	tlogbench fill -dir DIR -key KEY -chains 10000 -entries 100 -watch FILE
//	    writes a Tessera POSIX log of CHAINS x ENTRIES real chain entries
//	    directly (no server), round-robin by position, and the first chain
//	    to FILE (the chain a monitor watches).
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/storage/posix"
	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: tlogbench append|fill ...")
	}
	switch os.Args[1] {
	case "append":
		appendBench(os.Args[2:])
	case "fill":
		fill(os.Args[2:])
	default:
		log.Fatalf("unknown %q", os.Args[1])
	}
}

// maker signs one chain entry after another; it keeps them all only when
// asked (fill keeps the watched chain), else only the last.
type maker struct {
	entries []*chain.SignedEntry
	n       int
	keep    bool
	key     *signify.SecretKey
	t       time.Time
}

func newKey() *signify.SecretKey {
	k, err := signify.GenerateKey(nil)
	if err != nil {
		log.Fatal(err)
	}
	return k
}

func newMaker(pkg string, keep bool) *maker {
	rec, k := newKey(), newKey()
	m := &maker{key: k, keep: keep, n: 1, t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	g, err := chain.SignEntry(chain.NewGenesis(pkg, "Bench Maintainer", rec.Public(""), k.Public(""), m.t), rec, k)
	if err != nil {
		log.Fatal(err)
	}
	m.entries = append(m.entries, g)
	return m
}

func (m *maker) next() *chain.SignedEntry {
	prev := m.entries[len(m.entries)-1]
	k := newKey()
	m.t = m.t.Add(time.Hour)
	e := chain.Follow(prev, chain.KindRelease, k.Public(""), m.t)
	e.Version = fmt.Sprintf("1.%d", m.n)
	e.Checksums = sha256.Sum256([]byte(e.Version))
	s, err := chain.SignEntry(e, m.key)
	if err != nil {
		log.Fatal(err)
	}
	m.key = k
	m.n++
	if m.keep {
		m.entries = append(m.entries, s)
	} else {
		m.entries[0] = s
	}
	return s
}

func appendBench(args []string) {
	fs := flag.NewFlagSet("append", flag.ExitOnError)
	url := fs.String("url", "", "the log's URL")
	chains := fs.Int("chains", 64, "chains, each its own writer")
	entries := fs.Int("entries", 20, "entries per chain")
	fs.Parse(args)
	makers := make([]*maker, *chains)
	for i := range makers {
		makers[i] = newMaker(fmt.Sprintf("bench.example/%d", i), true)
		for len(makers[i].entries) < *entries {
			makers[i].next()
		}
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for _, m := range makers {
		wg.Go(func() {
			for _, e := range m.entries {
				resp, err := http.Post(*url+"/add", "text/plain", bytes.NewReader(chain.Marshal([]*chain.SignedEntry{e})))
				if err != nil {
					log.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					log.Fatalf("status %d", resp.StatusCode)
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	d := time.Since(start)
	fmt.Printf("%d appends in %.2f s: %.0f appends/s (%d writers)\n", done.Load(), d.Seconds(), float64(done.Load())/d.Seconds(), *chains)
}

func fill(args []string) {
	fs := flag.NewFlagSet("fill", flag.ExitOnError)
	dir := fs.String("dir", "", "the log's directory (its log/ subdirectory is Tessera's)")
	keyFile := fs.String("key", "", "the log's key file")
	chains := fs.Int("chains", 10000, "chains")
	entries := fs.Int("entries", 100, "entries per chain")
	watch := fs.String("watch", "", "write the first chain here")
	fs.Parse(args)
	skey, err := os.ReadFile(*keyFile)
	if err != nil {
		log.Fatal(err)
	}
	s, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	driver, err := posix.New(ctx, posix.Config{Path: *dir + "/log"})
	if err != nil {
		log.Fatal(err)
	}
	app, shutdown, _, err := tessera.NewAppender(ctx, driver, tessera.NewAppendOptions().WithCheckpointSigner(s).
		WithBatching(4096, 100*time.Millisecond).WithPushback(1<<20).WithCheckpointInterval(time.Second))
	if err != nil {
		log.Fatal(err)
	}
	makers := make([]*maker, *chains)
	start := time.Now()
	for pos := 1; pos <= *entries; pos++ {
		var futures []tessera.IndexFuture
		for i := range makers {
			var e *chain.SignedEntry
			if pos == 1 {
				makers[i] = newMaker(fmt.Sprintf("bench.example/%d", i), i == 0)
				e = makers[i].entries[0]
			} else {
				e = makers[i].next()
			}
			futures = append(futures, app.Add(ctx, tessera.NewEntry(e.Marshal())))
		}
		for _, f := range futures { // position pos of every chain is logged before pos+1
			if _, err := f(); err != nil {
				log.Fatal(err)
			}
		}
		fmt.Fprintf(os.Stderr, "position %d of %d: %d entries, %.0f s\n", pos, *entries, pos**chains, time.Since(start).Seconds())
	}
	if err := shutdown(ctx); err != nil {
		log.Fatal(err)
	}
	if *watch != "" {
		if err := os.WriteFile(*watch, chain.Marshal(makers[0].entries), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
