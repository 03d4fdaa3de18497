package ceremony

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A file from outside larger than its limit is refused without being read
// whole; one at the limit is read.
func TestReadFileRefusesPastItsLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "draft")
	if err := os.WriteFile(path, make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, 100); err != nil || len(data) != 100 {
		t.Fatalf("at the limit: %d bytes, %v", len(data), err)
	}
	if _, err := ReadFile(path, 99); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("past the limit: %v", err)
	}
}
