// Package logserver is Baton's transparency log: Tessera's POSIX storage
// on a directory, whose leaves are chain entries exactly as signed, behind
// the chain rules of package ledger and an HTTP API (see Handler).
package logserver

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/api"
	"github.com/transparency-dev/tessera/api/layout"
	"github.com/transparency-dev/tessera/storage/posix"
	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/cmd/baton-log/internal/evidence"
	"github.com/baton-signing/baton/cmd/baton-log/internal/ledger"
)

// Config says where the log lives and how it publishes checkpoints.
type Config struct {
	Dir    string      // the log's directory: log/ (Tessera's tiles) and evidence/
	Signer note.Signer // the log's key; its name is the checkpoint origin
	// Witnesses, when set, must cosign every checkpoint before it is
	// published (a Sigsum/Tessera policy, see tlog.WitnessPolicy).
	Witnesses *tessera.WitnessGroup
	// CheckpointInterval is how often a new checkpoint is published;
	// RepublishInterval how often an unchanged one is cosigned again, so
	// that witnesses' timestamps stay fresh.
	CheckpointInterval, RepublishInterval time.Duration
	// BatchMaxAge is how long an entry may wait for others to be
	// sequenced with it.
	BatchMaxAge time.Duration
	// Logf reports what the log does; nil discards it.
	Logf func(format string, args ...any)
}

// Log is an open log.
type Log struct {
	cfg      Config
	add      tessera.AddFn
	reader   tessera.LogReader
	shutdown func(context.Context) error
	awaiter  *tessera.PublicationAwaiter
	ledger   *ledger.Ledger
	evidence *evidence.Store
	cancel   context.CancelFunc
}

// Open opens (or creates) the log in cfg.Dir and rebuilds the chain rules'
// state by replaying every logged entry.
func Open(cfg Config) (*Log, error) {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &Log{cfg: cfg, cancel: cancel}
	if err := l.open(ctx); err != nil {
		cancel()
		return nil, err
	}
	return l, nil
}

func (l *Log) open(ctx context.Context) error {
	cfg := l.cfg
	ev, err := evidence.Open(filepath.Join(cfg.Dir, "evidence"))
	if err != nil {
		return err
	}
	l.evidence = ev
	driver, err := posix.New(ctx, posix.Config{Path: filepath.Join(cfg.Dir, "log")})
	if err != nil {
		return fmt.Errorf("opening the log's storage: %w", err)
	}
	opts := tessera.NewAppendOptions().
		WithCheckpointSigner(cfg.Signer).
		WithCheckpointInterval(orDefault(cfg.CheckpointInterval, time.Second)).
		WithCheckpointRepublishInterval(orDefault(cfg.RepublishInterval, time.Hour)).
		WithBatching(256, orDefault(cfg.BatchMaxAge, 50*time.Millisecond))
	if cfg.Witnesses != nil {
		opts = opts.WithWitnesses(*cfg.Witnesses, nil)
	}
	app, shutdown, reader, err := tessera.NewAppender(ctx, driver, opts)
	if err != nil {
		return fmt.Errorf("starting the log: %w", err)
	}
	l.add, l.shutdown, l.reader = app.Add, shutdown, reader
	l.awaiter = tessera.NewPublicationAwaiter(ctx, reader.ReadCheckpoint, 100*time.Millisecond)
	l.ledger = ledger.New(l.readEntries)
	return l.replay(ctx)
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// replay rebuilds the ledger from every integrated entry, in order.
func (l *Log) replay(ctx context.Context) error {
	start := time.Now()
	size, err := l.reader.IntegratedSize(ctx)
	if err != nil {
		return fmt.Errorf("reading the log's size: %w", err)
	}
	for b := uint64(0); b*layout.EntryBundleWidth < size; b++ {
		raw, err := l.bundle(ctx, b, size)
		if err != nil {
			return err
		}
		for i, data := range raw {
			idx := b*layout.EntryBundleWidth + uint64(i)
			e, err := parseEntry(idx, data)
			if err != nil {
				return err
			}
			if err := l.ledger.Replay(idx, e); err != nil {
				return fmt.Errorf("replaying the log: %w", err)
			}
		}
	}
	l.cfg.Logf("replayed %d entries in %s", size, time.Since(start).Round(time.Millisecond))
	return nil
}

// bundle reads entry bundle b of a tree of size entries: the entries as
// logged, unparsed.
func (l *Log) bundle(ctx context.Context, b, size uint64) ([][]byte, error) {
	raw, err := l.reader.ReadEntryBundle(ctx, b, layout.PartialTileSize(0, b, size))
	if err != nil {
		return nil, fmt.Errorf("reading entry bundle %d: %w", b, err)
	}
	var eb api.EntryBundle
	if err := eb.UnmarshalText(raw); err != nil {
		return nil, fmt.Errorf("entry bundle %d: %w", b, err)
	}
	return eb.Entries, nil
}

func parseEntry(index uint64, data []byte) (*chain.SignedEntry, error) {
	return chain.ParseSignedEntry(fmt.Sprintf("log entry %d", index), 1, data)
}

// readEntries is the ledger's EntryReader: it reads the logged entries at
// increasing indices, each entry bundle once for the indices in it, and
// parses only the entries asked for. A conflict at position n of a chain
// reads the chain's n entries: from one bundle a chain's entries share,
// not from one bundle read per entry.
func (l *Log) readEntries(ctx context.Context, indices []uint64, each func(uint64, *chain.SignedEntry) error) error {
	size, err := l.reader.IntegratedSize(ctx)
	if err != nil {
		return err
	}
	var raw [][]byte
	read := false
	var cur uint64
	for _, idx := range indices {
		if idx >= size {
			return fmt.Errorf("entry %d is not integrated (size %d)", idx, size)
		}
		if b := idx / layout.EntryBundleWidth; !read || b != cur {
			if raw, err = l.bundle(ctx, b, size); err != nil {
				return err
			}
			read, cur = true, b
		}
		i := idx % layout.EntryBundleWidth
		if i >= uint64(len(raw)) {
			return fmt.Errorf("entry %d is missing from its bundle", idx)
		}
		e, err := parseEntry(idx, raw[i])
		if err != nil {
			return err
		}
		if err := each(idx, e); err != nil {
			return err
		}
	}
	return nil
}

// readEntry reads the logged entry at index.
func (l *Log) readEntry(ctx context.Context, index uint64) (*chain.SignedEntry, error) {
	var out *chain.SignedEntry
	err := l.readEntries(ctx, []uint64{index}, func(_ uint64, e *chain.SignedEntry) error {
		out = e
		return nil
	})
	return out, err
}

// Close publishes a checkpoint for every entry logged and stops the log.
func (l *Log) Close(ctx context.Context) error {
	err := l.shutdown(ctx)
	l.cancel()
	return err
}

// ErrNotLogged is returned for an entry the log does not hold.
var ErrNotLogged = errors.New("the log does not hold this entry")

// tileDir is where Tessera keeps the static files clients read.
func (l *Log) tileDir() string { return filepath.Join(l.cfg.Dir, "log") }
