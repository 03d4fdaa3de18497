package signify

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/baton-signing/baton/chain/untrusted"
)

// Hashing a release is one streamed SHA-256 pass over its files: each file is
// read in hashBufSize chunks into a pooled buffer, so memory stays at one
// buffer per worker whatever the sizes; files are spread over
// runtime.GOMAXPROCS(0) workers, largest first. (SHA-256 of one file cannot
// be split across cores; a release with several files uses them all.)

const (
	hashBufSize = 1 << 20 // 1 MiB: large reads, few syscalls

	// Progress is reported every total/hashProgressSteps bytes, but no more
	// often than every minHashProgressStep and no less than every
	// maxHashProgressStep bytes.
	hashProgressSteps   = 128
	minHashProgressStep = 1 << 20
	maxHashProgressStep = 64 << 20
)

var hashBufPool = sync.Pool{New: func() any { b := make([]byte, hashBufSize); return &b }}

var (
	// ErrChecksumMismatch: a file's SHA-256 differs from its checksum list.
	ErrChecksumMismatch = errors.New("SHA-256 does not match the checksum list")
	// ErrFileMissing: a file named in a checksum list does not exist. It
	// wraps fs.ErrNotExist.
	ErrFileMissing = fmt.Errorf("missing: %w", fs.ErrNotExist)
	// ErrNotRegularFile: a name refers to a directory, device or the like.
	ErrNotRegularFile = errors.New("not a regular file")
	// ErrFileChanged: a file's size changed while it was being hashed.
	ErrFileChanged = errors.New("file changed size while it was being hashed")
)

// HashFiles computes the checksum list of the named files, which are paths
// relative to root with "/" separators. The result is sorted by name.
//
// Names must pass CheckChecksumName and be distinct. Files are opened through
// an os.Root, so neither a name nor a symbolic link can reach outside root.
// Each must be a regular file whose size does not change while it is read.
//
// progress, if not nil, is called with the bytes hashed so far and the total
// (the files' sizes): about every total/128 bytes, but at least 1 MiB and at
// most 64 MiB apart, with done < total and strictly increasing; then once
// with done == total when every file is hashed (not after an error). Calls
// are serialized; they come from the hashing goroutines, so progress should
// return quickly (a GUI hands the values to its UI goroutine).
//
// Cancelling ctx stops the work within one buffer read per worker and
// returns ctx.Err(). Other errors are *fs.PathError values naming the file.
func HashFiles(ctx context.Context, root string, names []string, progress func(done, total int64)) (ChecksumList, error) {
	if len(names) == 0 {
		return nil, errors.New("chain: no files to hash")
	}
	if len(names) > MaxChecksumEntries {
		return nil, fmt.Errorf("chain: %d files to hash: a checksum list holds at most %d", len(names), MaxChecksumEntries)
	}
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		if msg := checksumNameProblem(name); msg != "" {
			return nil, fmt.Errorf("chain: %s", msg)
		}
		if seen[name] {
			return nil, fmt.Errorf("chain: file %q named twice", name)
		}
		seen[name] = true
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()

	jobs := make([]hashJob, len(names))
	var total int64
	for i, name := range names {
		jobs[i].name = name
		size, err := statRegularFile(r, name)
		if err != nil {
			return nil, &fs.PathError{Op: "hash", Path: name, Err: err}
		}
		jobs[i].size = size
		total += size
	}

	// The first failure cancels the other workers.
	hashCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once   sync.Once
		failed *hashJob
		pr     = newHashProgress(progress, total)
	)
	runHashJobs(hashCtx, r, jobs, pr, func(j *hashJob) {
		if j.err != nil && ctx.Err() == nil {
			once.Do(func() { failed = j; cancel() })
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if failed != nil {
		return nil, &fs.PathError{Op: "hash", Path: failed.name, Err: dropPathError(failed.err)}
	}
	pr.finish()

	list := make(ChecksumList, len(jobs))
	for i, j := range jobs {
		list[i] = Checksum{Name: j.name, Sum: j.sum}
	}
	list.Sort()
	return list, nil
}

// BadFile is one file that failed VerifyFiles.
type BadFile struct {
	Name string
	// Err is ErrChecksumMismatch, ErrFileMissing, ErrNotRegularFile,
	// ErrFileChanged or the error reading the file.
	Err error
}

// BadFilesError lists every file of a checksum list that failed verification.
type BadFilesError struct {
	Bad    []BadFile // sorted by name
	Listed int       // how many files the list names
}

// maxListedBadFiles bounds how many problems Error spells out.
const maxListedBadFiles = 10

func (e *BadFilesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d files failed verification: ", len(e.Bad), e.Listed)
	for i, p := range e.Bad {
		if i == maxListedBadFiles {
			fmt.Fprintf(&b, "; and %d more", len(e.Bad)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %v", untrusted.Escape(p.Name), p.Err)
	}
	// Names come from a checksum list: escaped, and so is anything left.
	return untrusted.SanitizeMessage(b.String())
}

// Names returns the names of the files that failed, sorted.
func (e *BadFilesError) Names() []string {
	names := make([]string, len(e.Bad))
	for i, p := range e.Bad {
		names[i] = p.Name
	}
	return names
}

// Unwrap returns each problem's error, so that errors.Is(err,
// ErrChecksumMismatch) tells whether any file was altered.
func (e *BadFilesError) Unwrap() []error {
	errs := make([]error, len(e.Bad))
	for i, p := range e.Bad {
		errs[i] = p.Err
	}
	return errs
}

// VerifyFiles hashes every file of list under root and compares it with the
// list. It checks them all: when some are missing, unreadable or altered it
// returns a *BadFilesError naming each of them. An invalid list (see
// ChecksumList.Validate), an unreadable root or a cancelled ctx (ctx.Err())
// stop it at once. progress works as in HashFiles, over the files that exist,
// and ends with done == total unless ctx was cancelled.
func VerifyFiles(ctx context.Context, root string, list ChecksumList, progress func(done, total int64)) error {
	if err := list.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()

	var (
		problems []BadFile
		jobs     = make([]hashJob, 0, len(list))
		want     = make([][32]byte, 0, len(list))
		total    int64
	)
	for _, c := range list {
		size, err := statRegularFile(r, c.Name)
		if err != nil {
			problems = append(problems, BadFile{Name: c.Name, Err: err})
			continue
		}
		jobs = append(jobs, hashJob{name: c.Name, size: size})
		want = append(want, c.Sum)
		total += size
	}

	pr := newHashProgress(progress, total)
	var mu sync.Mutex
	runHashJobs(ctx, r, jobs, pr, func(j *hashJob) {
		if j.err != nil && ctx.Err() == nil {
			mu.Lock()
			problems = append(problems, BadFile{Name: j.name, Err: dropPathError(j.err)})
			mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range jobs {
		if jobs[i].err == nil && jobs[i].sum != want[i] {
			problems = append(problems, BadFile{Name: jobs[i].name, Err: ErrChecksumMismatch})
		}
	}
	pr.finish()
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b BadFile) int { return strings.Compare(a.Name, b.Name) })
		return &BadFilesError{Bad: problems, Listed: len(list)}
	}
	return nil
}

// statRegularFile returns the size of the regular file name under r.
func statRegularFile(r *os.Root, name string) (int64, error) {
	fi, err := r.Stat(name)
	if err != nil {
		err = dropPathError(err)
		if errors.Is(err, fs.ErrNotExist) {
			return 0, ErrFileMissing
		}
		return 0, err
	}
	if !fi.Mode().IsRegular() {
		return 0, ErrNotRegularFile
	}
	return fi.Size(), nil
}

// dropPathError drops an *fs.PathError wrapper, whose path is the one
// os.Root saw; callers wrap the error again with the list's name.
func dropPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// hashJob is one file to hash and, once done, its result.
type hashJob struct {
	name string
	size int64
	sum  [32]byte
	err  error
}

// runHashJobs hashes jobs on up to GOMAXPROCS goroutines, largest files
// first, calling done (from the worker) after each job. Jobs not started when
// ctx is cancelled are left with err == nil and a zero sum; callers check ctx.
func runHashJobs(ctx context.Context, r *os.Root, jobs []hashJob, pr *hashProgress, done func(*hashJob)) {
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case jobs[a].size > jobs[b].size:
			return -1
		case jobs[a].size < jobs[b].size:
			return 1
		}
		return 0
	})
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			bp := hashBufPool.Get().(*[]byte)
			defer hashBufPool.Put(bp)
			for ctx.Err() == nil {
				k := int(next.Add(1) - 1)
				if k >= len(order) {
					return
				}
				j := &jobs[order[k]]
				j.err = hashOneFile(ctx, r, j, *bp, pr)
				done(j)
			}
		})
	}
	wg.Wait()
}

// hashFile streams one file through SHA-256 into j.sum.
func hashOneFile(ctx context.Context, r *os.Root, j *hashJob, buf []byte, pr *hashProgress) error {
	f, err := r.Open(j.name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ErrFileMissing
		}
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return ErrNotRegularFile
	}
	if fi.Size() != j.size {
		return ErrFileChanged
	}
	h := sha256.New()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := f.Read(buf)
		if m > 0 {
			h.Write(buf[:m])
			n += int64(m)
			pr.add(int64(m))
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if n != j.size {
		return ErrFileChanged
	}
	h.Sum(j.sum[:0])
	return nil
}

// hashProgress throttles and serializes progress reports from several workers.
type hashProgress struct {
	fn    func(done, total int64)
	total int64
	step  int64
	done  atomic.Int64
	next  atomic.Int64 // done value at which the next report is due
	mu    sync.Mutex   // serializes fn; guards last
	last  int64
}

func newHashProgress(fn func(done, total int64), total int64) *hashProgress {
	p := &hashProgress{fn: fn, total: total, step: min(max(total/hashProgressSteps, minHashProgressStep), maxHashProgressStep)}
	p.next.Store(p.step)
	return p
}

func (p *hashProgress) add(n int64) {
	if p.fn == nil {
		return
	}
	if d := p.done.Add(n); d < p.next.Load() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.done.Load()
	if d < p.next.Load() {
		return // another worker reported meanwhile
	}
	p.next.Store((d/p.step + 1) * p.step)
	if d > p.last && d < p.total {
		p.last = d
		p.fn(d, p.total)
	}
}

// finish makes the final report, done == total.
func (p *hashProgress) finish() {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fn(p.total, p.total)
}
