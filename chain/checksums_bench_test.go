package chain_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/signify"
)

// The hashing benchmarks read files of BATON_BENCH_SIZE bytes in total
// (default 1 GiB; suffixes K, M, G are binary) from the page cache. Files are
// made once, from a fixed seed, in BATON_BENCH_DIR when it is set (and kept
// there for later runs) or else in a temporary directory. Each reports
// throughput (b.SetBytes) and the process's peak resident memory while
// hashing (VmHWM, reset before the loop) as peak-RSS-MiB: a measurement, not
// a pass/fail limit. bench/hash.sh compares the same code with openssl.

func benchSize(b *testing.B) int64 {
	s := os.Getenv("BATON_BENCH_SIZE")
	if s == "" {
		return 1 << 30
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		b.Fatalf("BATON_BENCH_SIZE=%q: want a positive size like 1073741824, 256M or 1G", os.Getenv("BATON_BENCH_SIZE"))
	}
	return n * mult
}

func benchDir(b *testing.B) string {
	if dir := os.Getenv("BATON_BENCH_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		return dir
	}
	return b.TempDir()
}

// benchFile makes (or reuses) dir/name with size pseudo-random bytes and
// reads it once so that it sits in the page cache.
func benchFile(b *testing.B, dir, name string, size int64) {
	path := filepath.Join(dir, name)
	if fi, err := os.Stat(path); err != nil || fi.Size() != size {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.NewChaCha8([32]byte{'b', 'a', 't', 'o', 'n'})
		if _, err := io.CopyN(f, rng, size); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		b.Fatal(err)
	}
}

// resetPeakRSS resets the process's VmHWM (Linux: "5" > clear_refs).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMiB returns VmHWM, the process's peak resident memory, in MiB, or
// -1 where /proc/self/status has none.
func peakRSSMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kib, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kib / 1024
			}
		}
	}
	return -1
}

func benchHash(b *testing.B, files int) {
	size := benchSize(b)
	dir := benchDir(b)
	names := make([]string, files)
	for i := range names {
		names[i] = fmt.Sprintf("bench-%d-of-%d-%d.bin", i+1, files, size)
		benchFile(b, dir, names[i], size/int64(files))
	}
	ctx := context.Background()
	b.SetBytes(size / int64(files) * int64(files))
	b.ReportAllocs()
	resetPeakRSS()
	for b.Loop() {
		if _, err := signify.HashFiles(ctx, dir, names, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peakRSSMiB(), "peak-RSS-MiB")
}

// One file: one core, at the speed of SHA-256 itself.
func BenchmarkHashFiles1GiB(b *testing.B) { benchHash(b, 1) }

// The same bytes in four files: spread over GOMAXPROCS workers.
func BenchmarkHashFiles4x256MiB(b *testing.B) { benchHash(b, 4) }

// crypto/sha256 over a buffer in memory: the ceiling for HashFiles on one
// core.
func BenchmarkSHA256Memory(b *testing.B) {
	buf := make([]byte, 1<<20)
	b.SetBytes(int64(len(buf)))
	h := sha256.New()
	for b.Loop() {
		h.Write(buf)
	}
}

func BenchmarkParseChecksumList(b *testing.B) {
	var list signify.ChecksumList
	for i := range 10_000 {
		list = append(list, signify.Checksum{Name: fmt.Sprintf("pkg/file-%05d.tgz", i), Sum: sha256.Sum256([]byte{byte(i)})})
	}
	data := list.Marshal()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		got, err := signify.ParseChecksumList("SHA256", data)
		if err != nil || len(got) != len(list) {
			b.Fatal(err)
		}
	}
	if !bytes.Equal(list.Marshal(), data) {
		b.Fatal("round trip")
	}
}
