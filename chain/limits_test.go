package chain_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// cycle is an endless (or size-bounded) stream repeating unit, which samples
// the live heap as it is read, so a test can bound the reader's memory.
type cycle struct {
	unit     []byte
	off      int
	left     int64 // bytes left; <0 means endless
	reads    int
	peakHeap uint64
}

func (c *cycle) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	if c.reads++; c.reads%4096 == 1 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		c.peakHeap = max(c.peakHeap, m.HeapInuse)
	}
	n := 0
	for n < len(p) && c.left != 0 {
		k := copy(p[n:], c.unit[c.off:])
		if c.left > 0 && int64(k) > c.left {
			k = int(c.left)
		}
		n += k
		c.off = (c.off + k) % len(c.unit)
		if c.left > 0 {
			c.left -= int64(k)
		}
	}
	return n, nil
}

const heapBound = 64 << 20

func drain(t *testing.T, name string, r io.Reader) error {
	t.Helper()
	cr := chain.NewReader(name, r)
	for {
		_, err := cr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestHostileSizes(t *testing.T) {
	entry := readVector(t, "release/SHA256.sig.entry") // one valid signed entry
	unit := append(bytes.Clone(entry), '\n')

	t.Run("a million entries", func(t *testing.T) {
		if testing.Short() {
			t.Skip("reads 100,000 entries")
		}
		c := &cycle{unit: unit, left: int64(len(unit)) * 1_000_000}
		err := drain(t, "million.chain", c)
		if err == nil || !strings.Contains(err.Error(), "more than 100000 entries") {
			t.Fatalf("got %v, want the entry limit", err)
		}
		if c.peakHeap > heapBound {
			t.Fatalf("live heap reached %d MiB", c.peakHeap>>20)
		}
		t.Logf("refused: %v (peak live heap %d MiB)", err, c.peakHeap>>20)
	})
	t.Run("a 1 GB chain file of text lines", func(t *testing.T) {
		c := &cycle{unit: []byte(strings.Repeat("x", 99) + "\n"), left: 1 << 30}
		err := drain(t, "big.chain", c)
		if err == nil || !strings.Contains(err.Error(), "big.chain:1: expected an entry") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a 10 MB line", func(t *testing.T) {
		c := &cycle{unit: append([]byte("baton-entry v1\npackage "), bytes.Repeat([]byte("a"), 10<<20)...), left: 10<<20 + 23}
		err := drain(t, "longline.chain", c)
		if err == nil || !strings.Contains(err.Error(), "longline.chain:2: line is longer than the limit of 6144 bytes") {
			t.Fatalf("got %v", err)
		}
		if c.peakHeap > heapBound {
			t.Fatalf("live heap reached %d MiB", c.peakHeap>>20)
		}
	})
	t.Run("a 100 MB garbage file as every format", func(t *testing.T) {
		garbage := bytes.Repeat([]byte("\x00garbage\xff"), 10<<20)
		for _, format := range []string{"publickey", "secretkey", "signature", "entry", "truststore", "checksums"} {
			_, err := parseAs(format, "garbage.bin", garbage, "")
			var pe *signify.ParseError
			if !errors.As(err, &pe) || pe.File != "garbage.bin" {
				t.Fatalf("%s: got %v, want a parse error naming garbage.bin", format, err)
			}
			t.Logf("%s: %v", format, truncateErr(err))
		}
		if err := drain(t, "garbage.bin", bytes.NewReader(garbage)); err == nil || !strings.Contains(err.Error(), "garbage.bin:1:") {
			t.Fatalf("chain: %v", err)
		}
	})
}

func truncateErr(err error) string {
	s := err.Error()
	if len(s) > 160 {
		return s[:160] + "..."
	}
	return s
}
