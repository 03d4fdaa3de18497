package chain

import (
	"bytes"
	"crypto/ed25519"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/baton-signing/baton/chain/signify"
)

// Signature checks on every core.
//
// The walk (verify.go) stays sequential: it decides everything, in order,
// exactly as it does on one core. What costs is the Ed25519 checks, and
// most of them can be named without the walk's state: a release is signed
// by the key the entry before it announced, a genesis by its own keys, a
// hand-over also by its successor's keys and its witnesses, a re-key by
// the last recovery key the chain named. So a pipeline reads a few entries
// ahead of the walk, guesses for each the keys the walk will ask for, and
// has helpers check those (key, entry, signature line) triples while the
// walk is busy with earlier entries.
//
// A guess is only ever a shortcut to the answer the walk would compute
// itself. The walk asks "is s signed by p?"; a check answers it only when
// it was made for that very entry (the same *SignedEntry, whose text and
// signature lines nobody changes) and for a key equal to p in every byte
// that picks the signature line and verifies it (keynum and key: the note
// key name and id come from them). Only a check that found p's line and
// saw it verify answers yes; every other question (a guess that was wrong,
// a check that failed, an entry nobody guessed for) is checked by the
// walk itself, as on one core, so that its errors are word for word the
// same. Reading ahead never changes the outcome either: the walk takes
// entries and read errors in file order and stops at its first refusal,
// and the reader is used by the walk's goroutine only.
//
// Memory stays bounded by the entries in flight (maxSpecWindow entries,
// maxSpecBytes of entry text and signatures), never by the chain. The
// walk's goroutine checks signatures too, beside GOMAXPROCS-1 helpers; on
// one core there is no pipeline and the walk checks every signature
// itself, as it always did. One thing differs on a reader that stalls (a
// pipe whose writer neither writes nor closes): the walk may wait there
// for entries up to a window past a refusal before it reports it.

const (
	maxSpecWindow  = 64
	maxSpecBytes   = 256 << 10
	maxSpecHelpers = 7
)

// specEntry is one entry read ahead of the walk, or the read error that
// ends the chain.
type specEntry struct {
	s      *SignedEntry
	err    error
	size   int
	checks []specCheck
	// state is 0 while nobody checks the entry, 1 once the walk's goroutine
	// or a helper has claimed it; done receives once a helper finished it.
	// mine (the walk's goroutine's alone) says the walk's goroutine did.
	state atomic.Int32
	done  chan struct{}
	mine  bool
}

// specCheck is one guessed signature check: ok when s carries a line by
// key (the line SignedBy would pick) and it verifies.
type specCheck struct {
	key *signify.PublicKey
	ok  bool
}

// run makes the checks with SignedBy itself, so that a check ahead picks
// the line and verifies it exactly as the walk would.
func (it *specEntry) run() {
	for i := range it.checks {
		it.checks[i].ok = it.s.SignedBy(it.checks[i].key) == nil
	}
}

// signedBy is s.SignedBy(p), answered by a check made ahead when there is
// one for this entry and this key that verified.
func (w *walker) signedBy(s *SignedEntry, p *signify.PublicKey) error {
	if it := w.spec; it != nil && it.s == s && p != nil {
		for _, c := range it.checks {
			if c.ok && c.key.KeyNum == p.KeyNum && bytes.Equal(c.key.Key, p.Key) {
				return nil
			}
		}
		w.unguessed++
	}
	return s.SignedBy(p)
}

// sigPipeline reads entries ahead of the walk and checks their guessed
// signatures on helper goroutines; the walk's own goroutine checks too,
// rather than wait.
type sigPipeline struct {
	r *Reader
	// win[(head+i)%maxSpecWindow], i < n: read, not yet walked, in file
	// order; winBytes their size.
	win      [maxSpecWindow]*specEntry
	head, n  int
	winBytes int
	readDone bool
	// What the walk's state will be if every entry read so far passes:
	// the key the last one announced, the last recovery key named.
	nextKey, recovery *signify.PublicKey

	jobs    chan *specEntry
	stopped atomic.Bool
	wg      sync.WaitGroup
}

// specHelpers is how many helper goroutines check signatures beside the
// walk's own: one fewer than GOMAXPROCS, so that every core checks, and
// at most maxSpecHelpers: the walk's own share (reading, parsing, the
// checks of order and links) is about a tenth of the work, so more would
// wait on it.
func specHelpers() int { return min(runtime.GOMAXPROCS(0)-1, maxSpecHelpers) }

func newSigPipeline(r *Reader, helpers int) *sigPipeline {
	p := &sigPipeline{r: r, jobs: make(chan *specEntry, maxSpecWindow)}
	p.wg.Add(helpers)
	for range helpers {
		go p.help()
	}
	return p
}

// help checks the entries it is handed that nobody has claimed yet.
func (p *sigPipeline) help() {
	defer p.wg.Done()
	for it := range p.jobs {
		if p.stopped.Load() {
			continue
		}
		if it.state.CompareAndSwap(0, 1) {
			it.run()
			it.done <- struct{}{}
		}
	}
}

// stop ends the helpers and waits for them: nothing runs after the walk.
func (p *sigPipeline) stop() {
	p.stopped.Store(true)
	close(p.jobs)
	p.wg.Wait()
}

// next returns the next entry, its guessed checks done, or the read error
// (io.EOF after the last entry).
func (p *sigPipeline) next() (*specEntry, error) {
	p.fill()
	it := p.win[p.head]
	p.win[p.head] = nil
	p.head, p.n = (p.head+1)%maxSpecWindow, p.n-1
	p.winBytes -= it.size
	if it.err != nil {
		return nil, it.err
	}
	p.finish(it)
	return it, nil
}

// fill reads ahead until the window is full or the chain ends.
func (p *sigPipeline) fill() {
	for !p.readDone && (p.n == 0 || p.n < maxSpecWindow && p.winBytes < maxSpecBytes) {
		s, err := p.r.Next()
		if err != nil {
			p.readDone = true
			p.push(&specEntry{err: err})
			return
		}
		it := p.guess(s)
		p.push(it)
		if len(it.checks) > 0 {
			select {
			case p.jobs <- it:
			default: // the helpers are behind: the walk checks it itself
			}
		}
	}
}

func (p *sigPipeline) push(it *specEntry) {
	p.win[(p.head+p.n)%maxSpecWindow] = it
	p.n++
	p.winBytes += it.size
}

// guess names the checks the walk will ask of s if every entry before it
// passes, and follows the keys it announces.
func (p *sigPipeline) guess(s *SignedEntry) *specEntry {
	it := &specEntry{s: s, size: len(s.Text), done: make(chan struct{}, 1)}
	for _, sig := range s.Sigs {
		it.size += len(sig.Name) + len(sig.Sig)
	}
	var keys []*signify.PublicKey
	switch s.Kind {
	case KindGenesis:
		keys = []*signify.PublicKey{s.Recovery, s.Next}
	case KindRelease:
		keys = []*signify.PublicKey{p.nextKey}
	case KindHandover:
		keys = []*signify.PublicKey{p.nextKey, s.Next, s.Recovery}
		for _, wt := range s.Witnesses {
			keys = append(keys, wt.Key)
		}
	case KindRekey:
		keys = []*signify.PublicKey{p.recovery, s.Next}
	case KindEmergency:
		keys = []*signify.PublicKey{s.Next} // its ML-DSA-65 signature is the walk's
	}
	for _, k := range keys {
		if k != nil && len(k.Key) == ed25519.PublicKeySize {
			it.checks = append(it.checks, specCheck{key: k})
		}
	}
	p.nextKey = s.Next
	if s.Recovery != nil {
		p.recovery = s.Recovery
	}
	return it
}

// finish makes sure it's checks are done: it checks them itself if no
// helper has claimed them, else helps with the newest unclaimed entry
// while it waits.
func (p *sigPipeline) finish(it *specEntry) {
	if it.mine {
		return
	}
	if it.state.CompareAndSwap(0, 1) {
		it.run()
		return
	}
	for {
		select {
		case <-it.done:
			return
		default:
		}
		other := p.claimNewest()
		if other == nil {
			<-it.done
			return
		}
		other.run()
	}
}

// claimNewest claims the last entry of the window nobody checks yet.
func (p *sigPipeline) claimNewest() *specEntry {
	for i := p.n - 1; i >= 0; i-- {
		it := p.win[(p.head+i)%maxSpecWindow]
		if len(it.checks) > 0 && it.state.Load() == 0 && it.state.CompareAndSwap(0, 1) {
			it.mine = true
			return it
		}
	}
	return nil
}
