package chain_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

// ckPattern returns n bytes that differ from one 1 MiB buffer to the next.
func ckPattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>20)
	}
	return b
}

// ckProgress records progress calls and checks them as they come.
type ckProgress struct {
	mu    sync.Mutex
	calls [][2]int64
}

func (p *ckProgress) fn(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, [2]int64{done, total})
}

// check asserts: total constant, done strictly increasing, one final call
// with done == total, and it is the last.
func (p *ckProgress) check(t *testing.T, total int64) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.calls) == 0 {
		t.Fatal("progress was never called")
	}
	last := int64(-1)
	for i, c := range p.calls {
		if c[1] != total {
			t.Fatalf("call %d: total %d, want %d", i, c[1], total)
		}
		if c[0] <= last && !(c[0] == 0 && total == 0) {
			t.Fatalf("call %d: done %d after %d: not increasing (%v)", i, c[0], last, p.calls)
		}
		if c[0] == total && i != len(p.calls)-1 {
			t.Fatalf("call %d reports done == total before the last call", i)
		}
		last = c[0]
	}
	if last != total {
		t.Fatalf("last progress %d, want %d", last, total)
	}
}

func TestHashFilesKnownValues(t *testing.T) {
	dir := t.TempDir()
	big := ckPattern(3<<20 + 17) // several buffers and a partial one
	bigSum := sha256.Sum256(big)
	ckWrite(t, dir, "empty", nil)
	ckWrite(t, dir, "abc", []byte("abc"))
	ckWrite(t, dir, "a/b/million", bytes.Repeat([]byte("a"), 1_000_000))
	ckWrite(t, dir, "big.bin", big)
	var p ckProgress
	list, err := signify.HashFiles(context.Background(), dir, []string{"empty", "big.bin", "abc", "a/b/million"}, p.fn)
	if err != nil {
		t.Fatal(err)
	}
	want := ckLine("a/b/million", sumMillion) + ckLine("abc", sumABC) +
		ckLine("big.bin", hex.EncodeToString(bigSum[:])) + ckLine("empty", sumEmpty)
	if got := string(list.Marshal()); got != want {
		t.Fatalf("HashFiles:\n%s\nwant (sorted by name):\n%s", got, want)
	}
	p.check(t, int64(len(big)+3+1_000_000))
	if err := signify.VerifyFiles(context.Background(), dir, list, nil); err != nil {
		t.Fatal(err)
	}
}

// HashFiles writes what `sha256sum --tag` writes, byte for byte, and
// ParseChecksumList reads sha256sum's output.
func TestHashFilesMatchesSha256sum(t *testing.T) {
	sha256sum := chaintest.RequireTool(t, "sha256sum")
	dir := t.TempDir()
	names := []string{"base.tgz", "sub dir/file [1] (x.txt", "ünïcødé.txt", "empty", "a/b/c/deep", "big", ".hidden"}
	for i, name := range names {
		data := ckPattern(i * 300_001)
		if name == "big" {
			data = ckPattern(5<<20 + 3)
		}
		ckWrite(t, dir, name, data)
	}
	list, err := signify.HashFiles(context.Background(), dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	want := ckRun(t, dir, sha256sum, append([]string{"--tag", "--"}, sorted...)...)
	if got := string(list.Marshal()); got != want {
		t.Fatalf("HashFiles:\n%s\nsha256sum --tag:\n%s", got, want)
	}
	parsed, err := signify.ParseChecksumList("sha256sum output", []byte(want))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(parsed, list) {
		t.Fatalf("parsed sha256sum output %v, want %v", parsed, list)
	}
}

func TestHashFilesErrors(t *testing.T) {
	dir := t.TempDir()
	ckWrite(t, dir, "ok", []byte("ok"))
	ckWrite(t, dir, "dir/x", []byte("x"))
	outside := ckWrite(t, t.TempDir(), "secret", []byte("outside the release"))
	if err := os.Symlink(outside, filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// A symbolic link inside the release is followed.
	if list, err := signify.HashFiles(ctx, dir, []string{"link"}, nil); err != nil || list[0].Sum != sha256.Sum256([]byte("ok")) {
		t.Fatalf("link: %v, %v", list, err)
	}
	for _, tc := range []struct {
		names []string
		want  string
		is    error
	}{
		{[]string{"ok", "missing"}, "hash missing: missing: file does not exist", fs.ErrNotExist},
		{[]string{"dir/missing"}, "hash dir/missing: missing", signify.ErrFileMissing},
		{[]string{"dir"}, "hash dir: not a regular file", signify.ErrNotRegularFile},
		{[]string{"ok/x"}, "hash ok/x: not a directory", nil},
		{[]string{"escape"}, "hash escape: path escapes from parent", nil},
		{nil, "chain: no files to hash", nil},
		{[]string{"ok", "ok"}, `chain: file "ok" named twice`, nil},
		{[]string{"../ok"}, `chain: file name "../ok" contains ".."`, nil},
		{[]string{"/etc/passwd"}, `chain: file name "/etc/passwd" is absolute`, nil},
		{[]string{"a\nb"}, `chain: file name "a\nb" contains a newline`, nil},
		{[]string{`a\b`}, `chain: file name "a\\b" contains a backslash`, nil},
		{[]string{"a)b"}, `chain: file name "a)b" contains ")"`, nil},
	} {
		list, err := signify.HashFiles(ctx, dir, tc.names, nil)
		if err == nil {
			t.Errorf("HashFiles(%q) = %v, want an error", tc.names, list)
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("HashFiles(%q): %q, want %q", tc.names, err, tc.want)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("HashFiles(%q): %v is not %v", tc.names, err, tc.is)
		}
	}
	if _, err := signify.HashFiles(ctx, filepath.Join(dir, "nope"), []string{"ok"}, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: %v", err)
	}
}

// A file whose size changes while it is hashed is refused. The progress
// callback, which runs between two reads, grows the file.
func TestHashFilesFileChanged(t *testing.T) {
	dir := t.TempDir()
	path := ckWrite(t, dir, "growing", ckPattern(4<<20))
	var once sync.Once
	grow := func(done, total int64) {
		once.Do(func() {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			f.Write([]byte("more"))
			f.Close()
		})
	}
	_, err := signify.HashFiles(context.Background(), dir, []string{"growing"}, grow)
	if !errors.Is(err, signify.ErrFileChanged) || !strings.Contains(err.Error(), "growing") {
		t.Fatalf("err = %v, want ErrFileChanged naming the file", err)
	}
}

func TestHashFilesCancel(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for _, name := range []string{"a", "b", "c", "d"} {
		ckWrite(t, dir, name, ckPattern(8<<20))
		names = append(names, name)
	}

	// Already cancelled: nothing is read.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var p ckProgress
	if _, err := signify.HashFiles(ctx, dir, names, p.fn); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before: %v", err)
	}
	if len(p.calls) != 0 {
		t.Fatalf("progress called %v after cancel", p.calls)
	}

	// Cancelled at the first progress report: the workers stop, the
	// result is context.Canceled and no final report is made.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var p2 ckProgress
	list, err := signify.HashFiles(ctx, dir, names, func(done, total int64) {
		p2.fn(done, total)
		cancel()
	})
	if !errors.Is(err, context.Canceled) || list != nil {
		t.Fatalf("cancelled during: %v, %v", list, err)
	}
	for _, c := range p2.calls {
		if c[0] >= c[1] {
			t.Fatalf("final progress %v after cancel", p2.calls)
		}
	}

	// VerifyFiles too.
	good, err := signify.HashFiles(context.Background(), dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	err = signify.VerifyFiles(ctx, dir, good, func(done, total int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("VerifyFiles cancelled: %v", err)
	}
}

func TestHashFilesProgress(t *testing.T) {
	dir := t.TempDir()
	var names []string
	var total int64
	for i, size := range []int{9 << 20, 5<<20 + 1, 3 << 20, 1, 0, 777_777} {
		name := string(rune('a' + i))
		ckWrite(t, dir, name, ckPattern(size))
		names = append(names, name)
		total += int64(size)
	}
	var p ckProgress
	if _, err := signify.HashFiles(context.Background(), dir, names, p.fn); err != nil {
		t.Fatal(err)
	}
	p.check(t, total)
	if len(p.calls) < 5 {
		t.Errorf("only %d progress calls for %d bytes: %v", len(p.calls), total, p.calls)
	}

	// An empty file still ends with one final call.
	var p0 ckProgress
	if _, err := signify.HashFiles(context.Background(), dir, []string{"e"}, p0.fn); err != nil {
		t.Fatal(err)
	}
	p0.check(t, 0)
	if len(p0.calls) != 1 {
		t.Errorf("empty file: progress %v", p0.calls)
	}
}

func TestHashFilesVerify(t *testing.T) {
	dir := t.TempDir()
	names := []string{"keep", "alter", "remove", "to-dir", "same-size", "z/deep"}
	for _, name := range names {
		ckWrite(t, dir, name, ckPattern(2<<20+len(name)))
	}
	ctx := context.Background()
	list, err := signify.HashFiles(ctx, dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	var p ckProgress
	if err := signify.VerifyFiles(ctx, dir, list, p.fn); err != nil {
		t.Fatalf("untouched release: %v", err)
	}

	ckWrite(t, dir, "alter", []byte("shorter"))
	same := ckPattern(2<<20 + len("same-size"))
	same[12345] ^= 1
	ckWrite(t, dir, "same-size", same)
	os.Remove(filepath.Join(dir, "remove"))
	os.Remove(filepath.Join(dir, "to-dir"))
	os.Mkdir(filepath.Join(dir, "to-dir"), 0o755)
	os.RemoveAll(filepath.Join(dir, "z"))

	var p2 ckProgress
	err = signify.VerifyFiles(ctx, dir, list, p2.fn)
	var ve *signify.BadFilesError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %T %v, want *BadFilesError", err, err)
	}
	if got, want := strings.Join(ve.Names(), " "), "alter remove same-size to-dir z/deep"; got != want {
		t.Errorf("bad files %q, want %q", got, want)
	}
	wantText := "5 of 6 files failed verification: alter: SHA-256 does not match the checksum list; " +
		"remove: missing: file does not exist; same-size: SHA-256 does not match the checksum list; " +
		"to-dir: not a regular file; z/deep: missing: file does not exist"
	if err.Error() != wantText {
		t.Errorf("error text:\n%s\nwant\n%s", err, wantText)
	}
	for _, target := range []error{signify.ErrChecksumMismatch, signify.ErrFileMissing, fs.ErrNotExist, signify.ErrNotRegularFile} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
	p2.check(t, int64(len("shorter")+len(same)+2<<20+len("keep")))

	// An invalid list is refused before any file is read.
	bad := append(slices.Clone(list), signify.Checksum{Name: "../x"})
	if err := signify.VerifyFiles(ctx, dir, bad, nil); err == nil || !strings.Contains(err.Error(), `"../x" contains ".."`) {
		t.Errorf("invalid list: %v", err)
	}
}

// Many problems: the message lists ten and counts the rest; Names has all.
func TestHashFilesVerifyManyProblems(t *testing.T) {
	dir := t.TempDir()
	var list signify.ChecksumList
	for i := range 25 {
		list = append(list, signify.Checksum{Name: string(rune('A' + i))})
	}
	err := signify.VerifyFiles(context.Background(), dir, list, nil)
	var ve *signify.BadFilesError
	if !errors.As(err, &ve) || len(ve.Names()) != 25 || !strings.HasSuffix(err.Error(), "; and 15 more") {
		t.Fatalf("err = %v", err)
	}
}

func TestHashFilesManyFiles(t *testing.T) {
	dir := t.TempDir()
	var names []string
	want := signify.ChecksumList{}
	for i := range 300 {
		name := filepath.ToSlash(filepath.Join(string(rune('a'+i%7)), strings.Repeat("f", 1+i%13)+string(rune('0'+i%10))+"-"+hex.EncodeToString([]byte{byte(i)})))
		data := ckPattern(i * 1013)
		ckWrite(t, dir, name, data)
		names = append(names, name)
		want = append(want, signify.Checksum{Name: name, Sum: sha256.Sum256(data)})
	}
	want.Sort()
	got, err := signify.HashFiles(context.Background(), dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatal("HashFiles differs from sha256.Sum256 over 300 files")
	}
}
