package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endless reads as n bytes of b, without holding them.
type endless struct {
	b    byte
	left int64
}

func (r *endless) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.left)
	for i := range p[:n] {
		p[i] = r.b
	}
	r.left -= n
	return int(n), nil
}

// TestHostileChainInput: verify, trust add and log refuse hostile input
// as they stream it; nothing is pinned. bench/hostile.sh measures the
// peak RSS of the same inputs with the real binary.
func TestHostileChainInput(t *testing.T) {
	dir := batonEnv(t)
	lines := filepath.Join(dir, "lines")
	os.WriteFile(lines, []byte(strings.Repeat("position 1\n", 200000)), 0o644)
	oneLine := filepath.Join(dir, "line")
	os.WriteFile(oneLine, []byte(strings.Repeat("a", 10<<20)), 0o644)
	cases := []struct {
		name  string
		stdin io.Reader
		args  []string
	}{
		{"1 GiB through a pipe", &endless{'x', 1 << 30}, []string{"verify", "--package", "hello", "--chain", "-", "--expect-words", "x"}},
		{"100 MB of newlines through a pipe", &endless{'\n', 100e6}, []string{"verify", "--package", "hello", "--chain", "-", "--expect-words", "x"}},
		{"200,000 lines", nil, []string{"verify", "--package", "hello", "--chain", lines, "--expect-words", "x"}},
		{"one 10 MB line", nil, []string{"verify", "--package", "hello", "--chain", oneLine, "--expect-words", "x"}},
		{"trust add, one 10 MB line", nil, []string{"trust", "add", "--package", "hello", "--chain", oneLine, "--expect-words", "x"}},
		{"log, 200,000 lines", nil, []string{"log", "--chain", lines}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, _, _ := runBaton(t, c.stdin, c.args...); code != exitRefused {
				t.Fatalf("exit %d, want %d (refused)", code, exitRefused)
			}
			if _, err := os.Stat(os.Getenv("BATON_TRUST")); err == nil {
				t.Fatal("a refusal wrote the trust store")
			}
		})
	}
}
