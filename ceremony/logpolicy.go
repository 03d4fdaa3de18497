package ceremony

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/chain/tlog"
)

// DefaultLogPolicyPath is $BATON_LOG_POLICY, else baton/log-policy in the
// user's configuration directory ($XDG_CONFIG_HOME, else ~/.config): the
// transparency log policy a package ecosystem ships. When the file exists,
// verification requires a log proof.
func DefaultLogPolicyPath() (string, error) {
	if p := os.Getenv("BATON_LOG_POLICY"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "baton", "log-policy"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the log policy: %w", err)
	}
	return filepath.Join(home, ".config", "baton", "log-policy"), nil
}

// ReadLogPolicy reads a log policy file. ok is false when there is none
// at path.
func ReadLogPolicy(path string) (p *tlog.Policy, ok bool, err error) {
	data, err := ReadFile(path, tlog.MaxPolicySize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading the log policy: %w", err)
	}
	p, err = tlog.ParsePolicy(path, data)
	if err != nil {
		return nil, false, err
	}
	return p, true, nil
}

// ProofPath is where a chain's log proof is kept: beside the chain, with
// the extension .tlog-proof.
func ProofPath(chainPath string) string { return chainPath + tlog.ProofExt }

// WriteProof writes a proof file atomically (public, 0644).
func WriteProof(path string, p *tlog.Proof) error {
	if err := writeFileAtomic(path, p.Marshal(), 0o644); err != nil {
		return fmt.Errorf("writing the log proof %s: %w", path, err)
	}
	return nil
}

// WriteFileAtomic replaces path with data so that a crash leaves either
// the old file or the new one.
func WriteFileAtomic(path string, data []byte, mode fs.FileMode) error {
	return writeFileAtomic(path, data, mode)
}
