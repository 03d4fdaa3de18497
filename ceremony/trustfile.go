package ceremony

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/chain"
)

// DefaultTrustPath is $BATON_TRUST, else baton/trust in the user's
// configuration directory ($XDG_CONFIG_HOME, else ~/.config).
func DefaultTrustPath() (string, error) {
	if p := os.Getenv("BATON_TRUST"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "baton", "trust"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the trust store: %w", err)
	}
	return filepath.Join(home, ".config", "baton", "trust"), nil
}

// ErrTrustDamaged wraps a trust store file that does not parse.
var ErrTrustDamaged = errors.New("the trust store is damaged")

// maxTrustSize bounds the trust store file: a line per pinned package.
const maxTrustSize = 64 << 20

// ReadTrust reads the trust store at path without locking it: a snapshot
// to show. A missing file is an empty store.
func ReadTrust(path string) (*chain.TrustStore, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return chain.NewTrustStore(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the trust store: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTrustSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the trust store: %w", err)
	}
	if len(data) > maxTrustSize {
		return nil, fmt.Errorf("%w: %s is larger than %d MiB", ErrTrustDamaged, path, maxTrustSize>>20)
	}
	ts, err := chain.ParseTrustStore(path, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTrustDamaged, err)
	}
	return ts, nil
}

// TrustFile is the trust store at Path, locked against every other Baton
// from OpenTrust to Close, so that no verification writes back a stale
// copy over another's advance.
type TrustFile struct {
	Path  string
	Store *chain.TrustStore
	lock  *os.File
}

// OpenTrust locks the trust store at path (creating its directory 0700)
// and reads it. When another process holds the lock, waiting is called
// once before OpenTrust blocks until it is free.
func OpenTrust(path string, waiting func()) (*TrustFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating the trust store's directory: %w", err)
	}
	lf, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking the trust store: %w", err)
	}
	if err := lockFile(lf, waiting); err != nil {
		lf.Close()
		return nil, fmt.Errorf("locking the trust store %s: %w", path, err)
	}
	ts, err := ReadTrust(path)
	if err != nil {
		lf.Close()
		return nil, err
	}
	return &TrustFile{Path: path, Store: ts, lock: lf}, nil
}

// Save writes the store atomically: a temporary file beside it, synced,
// then renamed over it. The store is public (0644).
func (t *TrustFile) Save() error {
	if t.lock == nil {
		return errors.New("trust store: save after close")
	}
	if err := writeFileAtomic(t.Path, t.Store.Marshal(), 0o644); err != nil {
		return fmt.Errorf("writing the trust store %s: %w", t.Path, err)
	}
	return nil
}

// Close releases the lock. It is safe to call twice.
func (t *TrustFile) Close() error {
	if t.lock == nil {
		return nil
	}
	err := t.lock.Close() // closing the descriptor drops the lock
	t.lock = nil
	return err
}

// UpdateTrust locks the trust store at path, reads it as it is now, lets
// change apply one decision to it (typically TrustStore.Accept of a Check
// made on an earlier snapshot, which refuses when the pin moved
// meanwhile) and saves it when change succeeds and changed something.
// Pins of other packages written meanwhile are kept.
func UpdateTrust(path string, change func(*chain.TrustStore) error) error {
	t, err := OpenTrust(path, nil)
	if err != nil {
		return err
	}
	defer t.Close()
	before := t.Store.Marshal()
	if err := change(t.Store); err != nil {
		return err
	}
	if bytes.Equal(before, t.Store.Marshal()) {
		return nil // nothing changed: the file stays as it is
	}
	return t.Save()
}

// writeFileAtomic replaces path with data so that a crash leaves either
// the old file or the new one, never a part.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
