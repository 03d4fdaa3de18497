// Package evidence keeps the entries a Baton log refused because they
// conflict with a logged entry and a key in force signed them: a fork by a
// stolen key, or a signatory's equivocation. The log serves them, so that
// monitors see every attempt.
//
// Each piece is a file named by its sequence number (8 digits) in one
// directory, written whole (a temporary file, synced, then linked), so a
// crash leaves a piece kept or not kept, never a part. The file's format
// is chain/tlog's (MarshalEvidence).
package evidence

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// PerPosition bounds the pieces kept for one position of one package: a
// thief can sign any number of conflicting entries, and a few show it.
const PerPosition = 8

// MaxPieces bounds the pieces a log keeps in all.
const MaxPieces = 1 << 20

// Store is the evidence directory.
type Store struct {
	dir    string
	mu     sync.Mutex
	items  []tlog.EvidenceItem
	byHash map[chain.Hash]uint64
	perPos map[string]int
}

// Open reads the evidence in dir, creating it. Temporary files of an
// interrupted write are removed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, byHash: map[chain.Hash]uint64{}, perPos: map[string]int{}}
	for _, d := range names {
		if strings.HasPrefix(d.Name(), ".tmp") {
			os.Remove(filepath.Join(dir, d.Name()))
			continue
		}
		seq, err := strconv.ParseUint(d.Name(), 10, 64)
		if err != nil || d.Name() != fmt.Sprintf("%08d", seq) {
			return nil, fmt.Errorf("evidence: unexpected file %s in %s", d.Name(), dir)
		}
		it, err := s.load(seq)
		if err != nil {
			return nil, err
		}
		s.index(it)
	}
	sort.Slice(s.items, func(i, j int) bool { return s.items[i].Seq < s.items[j].Seq })
	for i, it := range s.items {
		if it.Seq != uint64(i+1) {
			return nil, fmt.Errorf("evidence: piece %d is missing from %s", i+1, dir)
		}
	}
	return s, nil
}

func (s *Store) path(seq uint64) string { return filepath.Join(s.dir, fmt.Sprintf("%08d", seq)) }

// load parses one kept piece.
func (s *Store) load(seq uint64) (tlog.EvidenceItem, error) {
	data, err := os.ReadFile(s.path(seq))
	if err != nil {
		return tlog.EvidenceItem{}, err
	}
	against, e, err := tlog.ParseEvidence(s.path(seq), data)
	if err != nil {
		return tlog.EvidenceItem{}, err
	}
	return item(seq, against, e), nil
}

func item(seq, against uint64, e *chain.SignedEntry) tlog.EvidenceItem {
	return tlog.EvidenceItem{Seq: seq, Against: against, Hash: e.Hash(), Package: e.Package, Position: e.Position}
}

func (s *Store) index(it tlog.EvidenceItem) {
	s.items = append(s.items, it)
	s.byHash[it.Hash] = it.Seq
	s.perPos[posKey(it.Package, it.Position)]++
}

func posKey(pkg string, pos uint64) string { return fmt.Sprintf("%s %d", pkg, pos) }

// Keep stores e, which conflicts with the logged entry at index against.
// It returns the piece's sequence number; kept is false when e was kept
// before or when PerPosition pieces are kept for its position already.
func (s *Store) Keep(e *chain.SignedEntry, against uint64) (seq uint64, kept bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq, ok := s.byHash[e.Hash()]; ok {
		return seq, false, nil
	}
	if s.perPos[posKey(e.Package, e.Position)] >= PerPosition || len(s.items) >= MaxPieces {
		return 0, false, nil
	}
	seq = uint64(len(s.items)) + 1
	if err := s.write(seq, tlog.MarshalEvidence(e, against)); err != nil {
		return 0, false, fmt.Errorf("keeping evidence: %w", err)
	}
	s.index(item(seq, against, e))
	return seq, true, nil
}

// write creates the piece's file whole: a synced temporary file, linked
// to its name (which must not exist), then the directory synced.
func (s *Store) write(seq uint64, data []byte) error {
	f, err := os.CreateTemp(s.dir, ".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp, s.path(seq))
	}
	if err != nil {
		return err
	}
	d, err := os.Open(s.dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// List returns the pieces from sequence number from on, at most n.
func (s *Store) List(from uint64, n int) []tlog.EvidenceItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	from = max(from, 1)
	if from > uint64(len(s.items)) {
		return nil
	}
	end := min(uint64(len(s.items)), from-1+uint64(n))
	return append([]tlog.EvidenceItem(nil), s.items[from-1:end]...)
}

// Read returns the file of piece seq, or os.ErrNotExist.
func (s *Store) Read(seq uint64) ([]byte, error) {
	s.mu.Lock()
	n := uint64(len(s.items))
	s.mu.Unlock()
	if seq < 1 || seq > n {
		return nil, os.ErrNotExist
	}
	return os.ReadFile(s.path(seq))
}
