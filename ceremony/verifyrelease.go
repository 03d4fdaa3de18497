package ceremony

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// MaxSignatureFile bounds a release's signed checksum list: a million
// files' lines. A hostile file is only hashed, streamed, until its hash
// matches a release entry of a verified chain.
const MaxSignatureFile = 128 << 20

// ReleaseRequest is a release to verify against a verified chain.
type ReleaseRequest struct {
	Sig     string   // the signed checksum list (SHA256.sig)
	Dir     string   // where its files are; "" is Sig's directory
	Version string   // the release meant; "" is the one Sig names, which must be the newest
	Files   []string // verify only these names of the list; none is every file
	// ListOnly checks the signed checksum list against the chain and
	// stops: the release's files are not at hand (a dependency report).
	ListOnly bool
}

// ReleaseVerdict is a verified release.
type ReleaseVerdict struct {
	Release  chain.Release
	Newest   string   // the chain's newest release
	Files    []string // the names verified
	Unlisted []string // files in Dir that the list does not name (at most MaxUnlisted), when Files is empty
	More     int      // unlisted files beyond those named
}

// MaxUnlisted is how many unlisted files a verdict names.
const MaxUnlisted = 100

// ErrOlderRelease is wrapped by a *DowngradeError.
var ErrOlderRelease = errors.New("an older release than the chain's newest")

// DowngradeError refuses a release that is not the chain's newest when
// nobody named it: a mirror may be serving an old release with the new
// chain.
type DowngradeError struct {
	Version, Newest string
	Position        uint64
}

func (e *DowngradeError) Error() string {
	return fmt.Sprintf("%v: the signature is release %s's (position %d), and the chain's newest release is %s; to verify %s on purpose, name that version",
		ErrOlderRelease, untrusted.Quote(e.Version), e.Position, untrusted.Quote(e.Newest), untrusted.Quote(e.Version))
}

func (e *DowngradeError) Unwrap() error { return ErrOlderRelease }

// CheckRelease verifies a release of a verified chain (res): the signed
// checksum list must be the one the release entry names and be signed by
// the key in force then, and every file it lists (or every file named in
// req.Files) must match. It also lists the files in the directory that
// the list does not name. Once the release is known, the verdict names it
// even when err is not nil.
func CheckRelease(ctx context.Context, res *chain.Result, req ReleaseRequest, progress func(done, total int64)) (*ReleaseVerdict, error) {
	if len(res.Releases) == 0 {
		return nil, fmt.Errorf("%w: the chain has no release yet", chain.ErrArtifact)
	}
	if req.Dir == "" {
		req.Dir = filepath.Dir(req.Sig)
	}
	sum, err := hashBounded(req.Sig)
	if err != nil {
		return nil, err
	}
	rel, err := pickRelease(res.Releases, req, sum)
	if err != nil {
		return nil, err
	}
	v := &ReleaseVerdict{Release: *rel, Newest: res.Releases[len(res.Releases)-1].Version}
	data, err := readBounded(req.Sig)
	if err != nil {
		return v, err
	}
	list, err := signify.OpenChecksumList(rel.Key, req.Sig, data)
	if err != nil || chain.Hash(sha256.Sum256(data)) != rel.Checksums {
		return v, fmt.Errorf("%w: %s changed while it was read, or does not verify: %v", chain.ErrArtifact, req.Sig, err)
	}
	if req.ListOnly {
		return v, nil
	}
	if len(req.Files) > 0 {
		if list, err = pickFiles(list, req.Files); err != nil {
			return v, err
		}
	}
	if err := signify.VerifyFiles(ctx, req.Dir, list, progress); err != nil {
		if ctx.Err() != nil {
			return v, err
		}
		return v, fmt.Errorf("%w: release %s: %w", chain.ErrArtifact, untrusted.Quote(rel.Version), err)
	}
	for _, c := range list {
		v.Files = append(v.Files, c.Name)
	}
	if len(req.Files) == 0 {
		v.Unlisted, v.More, err = unlisted(req.Dir, req.Sig, list)
	}
	return v, err
}

// pickRelease finds the release req means: the version named, whose list
// must be Sig; else the release whose list is Sig, which must be newest.
func pickRelease(rels []chain.Release, req ReleaseRequest, sum chain.Hash) (*chain.Release, error) {
	newest := &rels[len(rels)-1]
	for i := range rels {
		r := &rels[i]
		switch {
		case req.Version != "" && r.Version == req.Version:
			if r.Checksums != sum {
				return nil, fmt.Errorf("%w: %s (SHA-256 %s) is not the signed checksum list of release %s, which names %s: it belongs to another release or was altered",
					chain.ErrArtifact, req.Sig, sum, untrusted.Quote(r.Version), r.Checksums)
			}
			return r, nil
		case req.Version == "" && r.Checksums == sum:
			if r != newest {
				return nil, &DowngradeError{Version: r.Version, Newest: newest.Version, Position: r.Position}
			}
			return r, nil
		}
	}
	if req.Version != "" {
		return nil, fmt.Errorf("%w: the chain has no release %s (its newest is %s)", chain.ErrArtifact, untrusted.Quote(req.Version), untrusted.Quote(newest.Version))
	}
	return nil, fmt.Errorf("%w: %s (SHA-256 %s) matches no release entry of the chain: it was altered, or the chain is older than the release", chain.ErrArtifact, req.Sig, sum)
}

// pickFiles returns the entries of list named by names.
func pickFiles(list signify.ChecksumList, names []string) (signify.ChecksumList, error) {
	var out signify.ChecksumList
	seen := map[string]bool{}
	for _, n := range names {
		n = filepath.ToSlash(filepath.Clean(n))
		c, ok := list.Lookup(n)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not in the signed checksum list", chain.ErrArtifact, untrusted.Quote(n))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// unlisted walks dir for files the list does not name, besides the
// signature file itself.
func unlisted(dir, sig string, list signify.ChecksumList) ([]string, int, error) {
	sigAbs, _ := filepath.Abs(sig)
	var names []string
	more := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, ok := list.Lookup(rel); ok {
			return nil
		}
		if abs, _ := filepath.Abs(path); abs == sigAbs || rel == SignatureName {
			return nil
		}
		if len(names) < MaxUnlisted {
			names = append(names, rel)
		} else {
			more++
		}
		return nil
	})
	sort.Strings(names)
	return names, more, err
}

// hashBounded is the SHA-256 of the file at path, streamed, refusing one
// larger than MaxSignatureFile.
func hashBounded(path string) (chain.Hash, error) {
	f, err := os.Open(path)
	if err != nil {
		return chain.Hash{}, fmt.Errorf("reading the signature: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, MaxSignatureFile+1))
	if err != nil {
		return chain.Hash{}, fmt.Errorf("reading the signature: %w", err)
	}
	if n > MaxSignatureFile {
		return chain.Hash{}, fmt.Errorf("%w: %s is larger than a signed checksum list may be (%d MiB)", chain.ErrArtifact, path, MaxSignatureFile>>20)
	}
	return chain.Hash(h.Sum(nil)), nil
}

func readBounded(path string) ([]byte, error) {
	data, err := ReadFile(path, MaxSignatureFile)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%w: %s grew while it was read", chain.ErrArtifact, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the signature: %w", err)
	}
	return data, nil
}
