package ceremony

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/baton-signing/baton/chain"
)

// ErrTooLarge is returned by ReadFile for a file larger than its limit.
var ErrTooLarge = errors.New("file is larger than such a file can be")

// Limits of files that come from outside, each far above what a genuine
// one holds.
const (
	MaxDraftFile   = 1 << 20  // a hand-over draft: one entry and its signatures
	MaxKeyFile     = 64 << 10 // a signify key file
	MaxChainFile   = chain.MaxChainSize
	maxLimitReport = 1 << 20
)

// ReadFile reads the file at path, refusing one larger than limit bytes
// without reading past the limit: input from outside is never read whole.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrTooLarge, size(limit))
	}
	return data, nil
}

func size(n int64) string {
	if n >= maxLimitReport {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
