package ceremony

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeSecret writes a secret file: created 0600 with O_EXCL under a
// temporary name, synced, then linked into place so that it appears whole or
// not at all, and never replaces an existing file.
func writeSecret(path string, data []byte) error {
	if err := refuseGitWorkTree(path); err != nil {
		return err
	}
	return writeNew(path, data, 0o600)
}

// writeNew writes a file that must not exist yet, atomically.
func writeNew(path string, data []byte, mode fs.FileMode) error {
	tmp, err := writeTemp(path, data, mode)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; Baton never overwrites a key file", path)
		}
		return err
	}
	return syncDir(filepath.Dir(path))
}

// writeReplace atomically writes a public file (chain, journal, lists),
// replacing any old version.
func writeReplace(path string, data []byte) error {
	tmp, err := writeTemp(path, data, 0o644)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// writeTemp writes data to a new file beside path, created with O_EXCL and
// mode, and syncs it. It returns the temporary name.
func writeTemp(path string, data []byte, mode fs.FileMode) (string, error) {
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.tmp%d", base, i))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			// Left by a crash: a temp file never counts, so remove it.
			os.Remove(tmp)
			if i < 8 {
				continue
			}
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("writing %s: %w", path, err)
		}
		return tmp, nil
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
