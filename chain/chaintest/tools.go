// Package chaintest holds helpers for tests that use the real signify,
// minisign and zbarimg, and the fixtures those tools made in ../shared/interop.
package chaintest

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RequireTool returns the path of an external tool. When the tool is missing
// the test is skipped with a loud message, unless BATON_REQUIRE_TOOLS or CI
// is set (as `make test` and .ci/run do), where a missing tool fails it.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := "\n" +
		"**************************************************************\n" +
		"  SKIPPING INTEROP TEST: " + name + " is not installed.\n" +
		"  Install it with: scripts/deps.sh test   (or: make test)\n" +
		"**************************************************************"
	if os.Getenv("BATON_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// InteropDir returns ../shared/interop beside the repository root, which
// holds keys and signatures made by signify-openbsd and minisign.
func InteropDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "interop")
	if _, err := os.Stat(filepath.Join(dir, "signify-nopass.pub")); err != nil {
		if os.Getenv("BATON_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
			t.Fatalf("interop fixtures not found at %s: %v", dir, err)
		}
		t.Skipf("SKIPPING: interop fixtures not found at %s", dir)
	}
	return dir
}

// ReadInterop reads one fixture file.
func ReadInterop(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(InteropDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Seeded returns a deterministic byte stream for label: SHA-256 of label and
// a block counter. Test vectors and fixtures draw keys from it so that they
// are the same on every run. Never use it for real keys.
func Seeded(label string) io.Reader { return &seeded{label: label} }

type seeded struct {
	label string
	n     uint64
	buf   []byte
}

func (s *seeded) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) {
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%d", s.label, s.n)
		s.n++
		s.buf = h.Sum(s.buf)
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}
