package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/chain"
)

// trustStorePath is $BATON_TRUST, else baton/trust in the user's
// configuration directory ($XDG_CONFIG_HOME, else ~/.config).
func trustStorePath() (string, error) {
	if p := os.Getenv("BATON_TRUST"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory for the trust store: set BATON_TRUST: %w", err)
	}
	return filepath.Join(dir, "baton", "trust"), nil
}

// pinSignatory adds p to the trust store at path (made if missing) and
// writes it atomically: a new file in the same directory, synced, renamed
// over the old one. A package already pinned to another signatory is
// refused (chain.TrustStore.Add).
func pinSignatory(path string, p *chain.Pin) error {
	ts := chain.NewTrustStore()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if ts, err = chain.ParseTrustStore(path, data); err != nil {
			return err
		}
	}
	if err := ts.Add(p); err != nil {
		return err
	}
	return writeFileAtomic(path, ts.Marshal(), 0o644)
}

// writeFileAtomic replaces path with data so that a crash leaves either
// the old file or the new one, never a part.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename, this fails harmlessly
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
