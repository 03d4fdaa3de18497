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
	l.ledger = ledger.New(l.readEntry)
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
		entries, err := l.bundle(ctx, b, size)
		if err != nil {
			return err
		}
		for i, e := range entries {
			if err := l.ledger.Replay(b*layout.EntryBundleWidth+uint64(i), e); err != nil {
				return fmt.Errorf("replaying the log: %w", err)
			}
		}
	}
	l.cfg.Logf("replayed %d entries in %s", size, time.Since(start).Round(time.Millisecond))
	return nil
}

// bundle reads and parses entry bundle b of a tree of size entries.
func (l *Log) bundle(ctx context.Context, b, size uint64) ([]*chain.SignedEntry, error) {
	raw, err := l.reader.ReadEntryBundle(ctx, b, layout.PartialTileSize(0, b, size))
	if err != nil {
		return nil, fmt.Errorf("reading entry bundle %d: %w", b, err)
	}
	var eb api.EntryBundle
	if err := eb.UnmarshalText(raw); err != nil {
		return nil, fmt.Errorf("entry bundle %d: %w", b, err)
	}
	out := make([]*chain.SignedEntry, len(eb.Entries))
	for i, data := range eb.Entries {
		idx := b*layout.EntryBundleWidth + uint64(i)
		if out[i], err = chain.ParseSignedEntry(fmt.Sprintf("log entry %d", idx), 1, data); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readEntry reads the logged entry at index.
func (l *Log) readEntry(ctx context.Context, index uint64) (*chain.SignedEntry, error) {
	size, err := l.reader.IntegratedSize(ctx)
	if err != nil {
		return nil, err
	}
	if index >= size {
		return nil, fmt.Errorf("entry %d is not integrated (size %d)", index, size)
	}
	es, err := l.bundle(ctx, index/layout.EntryBundleWidth, size)
	if err != nil {
		return nil, err
	}
	if i := index % layout.EntryBundleWidth; i < uint64(len(es)) {
		return es[i], nil
	}
	return nil, fmt.Errorf("entry %d is missing from its bundle", index)
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
