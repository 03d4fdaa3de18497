package logclient

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
)

// DefaultStatePath is where a monitor of the log at logURL keeps its
// state: baton/monitor/<hash of the URL>.json in the user's cache
// directory. The CLI and the app share it, so either resumes the other.
func DefaultStatePath(logURL string) (string, error) {
	dir, err := fetch.DefaultCacheDir()
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(logURL))
	return filepath.Join(filepath.Dir(dir), "monitor", hex.EncodeToString(h[:8])+".json"), nil
}

// ReadState reads a monitor's state; none at path is the log's start.
func ReadState(path string) (*MonitorState, error) {
	data, err := ceremony.ReadFile(path, 64<<10)
	if errors.Is(err, fs.ErrNotExist) {
		return &MonitorState{}, nil
	}
	if err != nil {
		return nil, err
	}
	var st MonitorState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("the monitor's state %s: %v", path, err)
	}
	return &st, nil
}

// WriteState replaces the state at path atomically (0600).
func WriteState(path string, st *MonitorState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return ceremony.WriteFileAtomic(path, append(data, '\n'), 0o600)
}
