package deps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// DefaultRecent is how far back a hand-over or re-key needs attention.
const DefaultRecent = 90 * 24 * time.Hour

// Options tune Check.
type Options struct {
	Jobs     int           // chains verified at once; 0 is every core
	Recent   time.Duration // events newer than this are flagged; 0 is DefaultRecent
	Now      time.Time     // the zero time is time.Now
	Fetch    *fetch.Client // fetches URLs; nil refuses them
	Progress func(done, total int)
	// Policy is the transparency log policy: under one, each package's
	// chain head must be proven in the log (ceremony.CheckLogProof), or the
	// package is refused. nil: no policy, no proof asked for.
	Policy *tlog.Policy
	// Consistency proves a proof's checkpoint a prefix of a newer one of
	// its log (online: logclient.Prover), so that packages published at
	// different times are accepted together and after a newer checkpoint
	// was seen. nil: a proof older than the newest seen is refused.
	Consistency ceremony.Consistency
	// History keeps every release in each row's Check().Result(); without
	// it a row keeps the newest release only, so that the rows of a large
	// set stay small (the events are kept either way).
	History bool
}

// Status is what a package's check came to.
type Status int

const (
	OK         Status = iota // verified from the pin: nothing to decide
	Consent                  // a hand-over, re-key or emergency after the pin needs consent
	FirstTrust               // never pinned: a person must trust its signatory
	Refused                  // the chain or the release signature does not verify
	Failed                   // not checked: a fetch or a read failed
)

func (s Status) String() string {
	return [...]string{"ok", "consent needed", "never pinned", "refused", "not checked"}[s]
}

// Row is one package's line of the report.
type Row struct {
	Package Package
	Status  Status
	Err     error        // why, when Refused or Failed
	Check   *chain.Check // the verification, when the chain verified: what TrustStore.Accept takes
	Release *ceremony.ReleaseVerdict
	// Log is the chain head's log proof, when a policy asked for one and
	// it verified. Record it (LogProof.Record) when the row is accepted.
	Log *ceremony.LogProof
	// Recent are the events newer than Options.Recent: after the pin, or
	// at first trust anywhere in the chain's history.
	Recent []chain.Event
}

// NeedsAttention reports whether a person must look at the row: anything
// but a verified package that changed nothing recently.
func (r *Row) NeedsAttention() bool { return r.Status != OK || len(r.Recent) > 0 }

// rank orders rows by urgency: a recent change of hands or key first
// (the alarm), then refusals, consents, first trusts, failures, the rest.
func (r *Row) rank() int {
	switch {
	case len(r.Recent) > 0:
		return 0
	case r.Status == Refused:
		return 1
	case r.Status == Consent:
		return 2
	case r.Status == FirstTrust:
		return 3
	case r.Status == Failed:
		return 4
	}
	return 5
}

// Newest is the chain's newest release, or nil.
func (r *Row) Newest() *chain.Release {
	if r.Check == nil || len(r.Check.Result().Releases) == 0 {
		return nil
	}
	rels := r.Check.Result().Releases
	return &rels[len(rels)-1]
}

// Compare orders rows by urgency, then by package name: the report's
// order. A caller that keeps rows in its own type sorts them with it.
func Compare(a, b *Row) int {
	return cmp.Or(cmp.Compare(a.rank(), b.rank()), strings.Compare(a.Package.Name, b.Package.Name))
}

// Sorted returns rows by urgency, then by package name (Compare).
func Sorted(rows []*Row) []*Row {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, Compare)
	return out
}

// Check verifies every package of m against store, Options.Jobs at once,
// and returns one row per package in the manifest's order. It reads the
// store and changes nothing: a caller moves pins with TrustStore.Accept
// once a person has decided. Memory grows with the chains in flight and
// the rows' summaries, not with the chains' sizes.
func Check(ctx context.Context, store *chain.TrustStore, m *Manifest, opt Options) []*Row {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	if opt.Recent <= 0 {
		opt.Recent = DefaultRecent
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	rows := make([]*Row, len(m.Packages))
	next := make(chan int)
	done := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rows[i] = checkOne(ctx, store, m, m.Packages[i], opt)
				done <- struct{}{}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range m.Packages {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	n := 0
	for range done {
		n++
		if opt.Progress != nil {
			opt.Progress(n, len(rows))
		}
	}
	for i, r := range rows {
		if r == nil {
			rows[i] = &Row{Package: m.Packages[i], Status: Failed, Err: ctx.Err()}
		}
	}
	consistent(store, rows, jobs)
	return rows
}

// consistent proves every row's log checkpoint a prefix of the newest of
// its log, among the rows and the store's: packages are published at
// different times, and the store keeps the newest. A row whose checkpoint
// cannot be proven so is refused (a split view, or no way to ask the log).
func consistent(store *chain.TrustStore, rows []*Row, jobs int) {
	newest := map[string]tlog.Checkpoint{}
	for _, r := range rows {
		if r.Log == nil {
			continue
		}
		cp := r.Log.Checkpoint
		n, ok := newest[cp.Origin]
		if !ok {
			if seen, had := store.Checkpoint(cp.Origin); had {
				n, ok = tlog.Checkpoint{Origin: seen.Origin, Size: seen.Size, Root: seen.Root}, true
			}
		}
		if !ok || cp.Size > n.Size {
			n = cp
		}
		newest[cp.Origin] = n
	}
	var todo []*Row
	for _, r := range rows {
		if r.Log != nil && r.Log.Checkpoint != newest[r.Log.Checkpoint.Origin] {
			todo = append(todo, r)
		}
	}
	next := make(chan *Row)
	var wg sync.WaitGroup
	for range min(jobs, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				if err := r.Log.ConsistentWith(newest[r.Log.Checkpoint.Origin]); err != nil {
					r.Status, r.Err, r.Log = Refused, fmt.Errorf("log proof %s: %w", untrusted.Quote(r.Log.Path), err), nil
				}
			}
		}()
	}
	for _, r := range todo {
		next <- r
	}
	close(next)
	wg.Wait()
}

func checkOne(ctx context.Context, store *chain.TrustStore, m *Manifest, p Package, opt Options) *Row {
	r := &Row{Package: p}
	path, err := local(ctx, opt.Fetch, m.Resolve(p.Chain), ceremony.MaxChainFile)
	if err != nil {
		r.Status, r.Err = Failed, err
		return r
	}
	f, err := os.Open(path)
	if err != nil {
		r.Status, r.Err = Failed, fmt.Errorf("reading the chain: %w", err)
		return r
	}
	c, err := store.Check(p.Name, chain.NewReader(display(m, p.Chain), io.LimitReader(f, ceremony.MaxChainFile+1)))
	f.Close()
	if err != nil {
		r.Status, r.Err = Refused, err
		return r
	}
	r.Check = c
	r.Status = OK
	switch {
	case c.FirstTrust():
		r.Status = FirstTrust
	case len(c.Events()) > 0:
		r.Status = Consent
	}
	for _, ev := range c.Result().Events {
		if opt.Now.Sub(ev.Entry.Time) < opt.Recent {
			r.Recent = append(r.Recent, ev)
		}
	}
	defer trim(c.Result(), opt.History)
	if opt.Policy != nil {
		if r.Log, err = checkLog(ctx, store, m, p, c.Result().HeadEntry, opt); err != nil {
			r.Status, r.Err = Refused, err
			return r
		}
	}
	if p.Signature == "" {
		return r
	}
	sig, err := local(ctx, opt.Fetch, m.Resolve(p.Signature), ceremony.MaxSignatureFile)
	if err != nil {
		r.Status, r.Err = Failed, err
		return r
	}
	r.Release, err = ceremony.CheckRelease(ctx, c.Result(), ceremony.ReleaseRequest{Sig: sig, ListOnly: true}, nil)
	if err != nil {
		r.Status, r.Err = Refused, fmt.Errorf("release signature %s: %w", untrusted.Quote(p.Signature), renamed{err, sig, display(m, p.Signature)})
	}
	return r
}

// checkLog checks p's log proof, under the policy, for the chain's head.
// A proof that is missing, or cannot be fetched, is no proof: refused.
func checkLog(ctx context.Context, store *chain.TrustStore, m *Manifest, p Package, head *chain.SignedEntry, opt Options) (*ceremony.LogProof, error) {
	loc := p.ProofOf()
	name := display(m, loc)
	path, err := local(ctx, opt.Fetch, m.Resolve(loc), tlog.MaxProofSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ceremony.ErrNoLogProof, err) // a proof that cannot be fetched is none, as for verify
	}
	data, err := ceremony.ReadFile(path, tlog.MaxProofSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s (it does not exist)", ceremony.ErrNoLogProof, untrusted.Quote(name))
	case err != nil:
		return nil, fmt.Errorf("%w: %v", tlog.ErrMalformed, renamed{err, path, name})
	}
	var opts []ceremony.LogProofOption
	if opt.Consistency != nil {
		opts = append(opts, ceremony.ProveConsistency(opt.Consistency))
	}
	lp, err := ceremony.CheckLogProof(opt.Policy, store, path, data, head, opt.Now, opts...)
	if err != nil {
		return nil, renamed{err, path, name}
	}
	lp.Path = name
	return lp, nil
}

// trim drops every release but the newest from res, unless history is
// asked for: a row of a set of thousands keeps what its report shows.
// Accepting the check needs none of them (chain.Check keeps its own copy
// of the head and the events).
func trim(res *chain.Result, history bool) {
	if n := len(res.Releases); !history && n > 1 {
		res.Releases = []chain.Release{res.Releases[n-1]}
	}
}

// renamed is an error whose text names a fetched file by its URL rather
// than by where the cache keeps it.
type renamed struct {
	err      error
	old, new string
}

func (r renamed) Error() string {
	if r.old == r.new {
		return r.err.Error()
	}
	return strings.ReplaceAll(r.err.Error(), r.old, r.new)
}

func (r renamed) Unwrap() error { return r.err }

// local returns a path to read loc from: loc itself, or where the fetch
// client keeps what it fetched.
func local(ctx context.Context, c *fetch.Client, loc string, limit int64) (string, error) {
	if !fetch.IsURL(loc) {
		return loc, nil
	}
	if c == nil {
		return "", errors.New("fetching " + untrusted.Quote(loc) + ": URLs are not fetched here")
	}
	return c.Get(ctx, loc, limit)
}

// display names a location in errors: as the manifest spells it.
func display(m *Manifest, loc string) string {
	if fetch.IsURL(loc) {
		return loc
	}
	return m.Resolve(loc)
}
