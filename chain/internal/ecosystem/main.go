// Command ecosystem writes a generated dependency set for bench/deps.sh:
// N packages, each a directory holding its chain (named "chain", as the
// vault and the release ceremony name it) of a genesis and releases, a
// manifest baton-deps.toml listing them all, and a trust store pinning
// every package at one position, as a user who checked the set before
// would have. Every key comes from a fixed seed: the same flags write the
// same bytes.
//
//	go run ./chain/internal/ecosystem -out DIR [-n 10000] [-entries 20] [-pin 10]
//
// With -bare it instead times the set's bare signature checks: every
// Ed25519 signature the set's chains carry, checked by a loop of
// ed25519.Verify on one goroutine, nothing else timed (reading and parsing
// the chains is not). It prints the count and the seconds.
//
//	go run ./chain/internal/ecosystem -bare DIR
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/chaingen"
	"github.com/baton-signing/baton/chain/signify"
)

// The files a set holds, beside one directory per package.
const (
	manifestName = "baton-deps.toml"
	trustName    = "trust"
	chainName    = "chain" // ceremony.Package.ChainPath's name
	doneName     = "complete"
)

func main() {
	out := flag.String("out", "", "directory to write the set into (made if missing)")
	n := flag.Int("n", 10000, "packages")
	entries := flag.Int("entries", 20, "entries per chain (a genesis and releases)")
	pin := flag.Int("pin", 10, "position at which the trust store pins every package (0: no trust store)")
	handoverEvery := flag.Int("handover-every", 100, "every Nth package hands over at the chain's middle, after the pin (0: none)")
	seed := flag.String("seed", "baton ecosystem", "seed of every key")
	bare := flag.String("bare", "", "time the bare signature checks of the set in this directory instead")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("ecosystem: ")
	if *bare != "" {
		count, secs, err := timeBare(*bare)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("signatures %d\nbare_seconds %.3f\n", count, secs)
		return
	}
	if *out == "" || *n < 1 || *entries < 1 || *pin < 0 || *pin > *entries {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*out, *seed, *n, *entries, *pin, *handoverEvery); err != nil {
		log.Fatal(err)
	}
}

// params is what a set was written with: the complete file holds it, so
// that a cache is reused only for the same set.
func params(seed string, n, entries, pin, handoverEvery int) string {
	return fmt.Sprintf("seed=%q n=%d entries=%d pin=%d handover-every=%d\n", seed, n, entries, pin, handoverEvery)
}

func pkgDir(i, n int) string { return fmt.Sprintf("pkg%0*d", len(fmt.Sprint(n-1)), i) }

func write(out, seed string, n, entries, pin, handoverEvery int) error {
	want := params(seed, n, entries, pin, handoverEvery)
	if got, err := os.ReadFile(filepath.Join(out, doneName)); err == nil && string(got) == want {
		log.Printf("%s already holds this set", out)
		return nil
	}
	os.Remove(filepath.Join(out, doneName))
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	pins := make([]string, n)
	jobs := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				p, err := writeChain(out, seed, i, n, entries, pin, handoverEvery)
				pins[i] = p
				errs <- err
			}
		})
	}
	start := time.Now()
	for i := range n {
		jobs <- i
		if (i+1)%1000 == 0 {
			log.Printf("%d of %d chains (%.0f s)", i+1, n, time.Since(start).Seconds())
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	var m, t bytes.Buffer
	m.WriteString("# A generated dependency set (chain/internal/ecosystem): " + strings.TrimSpace(want) + "\n")
	t.Write(chain.NewTrustStore().Marshal()) // the header a new store starts with
	for i := range n {
		fmt.Fprintf(&m, "\n[[package]]\nname = %q\nchain = %q\n", pkgName(i, n), pkgDir(i, n)+"/"+chainName)
		if pins[i] != "" {
			t.WriteString(pins[i] + "\n")
		}
	}
	if err := os.WriteFile(filepath.Join(out, manifestName), m.Bytes(), 0o644); err != nil {
		return err
	}
	if pin > 0 {
		if err := os.WriteFile(filepath.Join(out, trustName), t.Bytes(), 0o644); err != nil {
			return err
		}
	}
	log.Printf("wrote %d chains of %d entries, %s and %s in %s (%.0f s)", n, entries, manifestName, trustName, out, time.Since(start).Seconds())
	return os.WriteFile(filepath.Join(out, doneName), []byte(want), 0o644)
}

func pkgName(i, n int) string { return "example.org/" + pkgDir(i, n) }

// writeChain writes package i's chain and returns its pin line.
func writeChain(out, seed string, i, n, entries, pin, handoverEvery int) (string, error) {
	o := chaingen.Options{Package: pkgName(i, n), Name: fmt.Sprintf("Signatory %d", i), Entries: entries, Seed: fmt.Sprintf("%s/%d", seed, i)}
	if handoverEvery > 0 && i%handoverEvery == handoverEvery-1 && entries >= 3 {
		o.Handover = max(entries/2+1, pin+1, 2)
		o.Witnesses = 2
		if o.Handover > entries {
			o.Handover = 0
		}
	}
	dir := filepath.Join(out, pkgDir(i, n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var b bytes.Buffer
	var p *chain.Pin
	_, err := chaingen.Build(o, func(s *chain.SignedEntry) error {
		if s.Position > 1 {
			b.WriteByte('\n')
		}
		b.Write(s.Marshal())
		if int(s.Position) == pin {
			p = &chain.Pin{Package: s.Package, Signatory: s.Signatory, Position: s.Position, Entry: s.Hash(), Key: s.Next}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, chainName), b.Bytes(), 0o644); err != nil {
		return "", err
	}
	if p == nil {
		return "", nil
	}
	return p.String(), nil
}

// timeBare checks every signature of the set's chains with ed25519.Verify,
// timing only the checks.
func timeBare(dir string) (int, float64, error) {
	paths, err := manifestChains(filepath.Join(dir, manifestName))
	if err != nil {
		return 0, 0, err
	}
	var total time.Duration
	count := 0
	for _, p := range paths {
		checks, err := chainChecks(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return 0, 0, err
		}
		start := time.Now()
		for _, c := range checks {
			if !ed25519.Verify(c.key, c.msg, c.sig) {
				return 0, 0, fmt.Errorf("%s: a signature does not verify", p)
			}
		}
		total += time.Since(start)
		count += len(checks)
	}
	return count, total.Seconds(), nil
}

// manifestChains reads the chain lines of a manifest this command wrote.
func manifestChains(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "chain = "); ok {
			out = append(out, strings.Trim(rest, `"`))
		}
	}
	return out, sc.Err()
}

type sigCheck struct {
	key      ed25519.PublicKey
	msg, sig []byte
}

// chainChecks lists a chain's signatures with the key each verifies under,
// as the walk requires them: a genesis by its recovery and first keys, a
// release by the key before it announced, a hand-over also by its
// successor's keys and witnesses.
func chainChecks(path string) ([]sigCheck, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	es, err := chain.ReadAll(path, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []sigCheck
	var prev *signify.PublicKey
	for _, s := range es {
		var keys []*signify.PublicKey
		switch s.Kind {
		case chain.KindGenesis:
			keys = []*signify.PublicKey{s.Recovery, s.Next}
		case chain.KindRelease:
			keys = []*signify.PublicKey{prev}
		case chain.KindHandover:
			keys = []*signify.PublicKey{prev, s.Next, s.Recovery}
			for _, w := range s.Witnesses {
				keys = append(keys, w.Key)
			}
		default:
			return nil, fmt.Errorf("%s: position %d: no %s entries in a generated set", path, s.Position, s.Kind)
		}
		for _, k := range keys {
			name := chain.NoteKeyName(k)
			found := false
			for _, sig := range s.Sigs {
				if sig.Name == name {
					out = append(out, sigCheck{key: k.Key, msg: s.Text, sig: sig.Sig})
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("%s: position %d carries no signature by %s", path, s.Position, name)
			}
		}
		prev = s.Next
	}
	return out, nil
}
