// Package deps checks a dependency set: every package a manifest lists,
// verified against the user's trust store on every core, and summed up as
// a trust report that puts first what needs a person: hand-overs and
// re-keys, packages never pinned, refusals.
//
// A manifest is a TOML file:
//
//	# baton-deps.toml: the packages this project depends on
//	[[package]]
//	name = "example.org/hello"
//	chain = "https://example.org/hello/chain"        # or a path
//	signature = "https://example.org/hello/SHA256.sig" # optional
//	proof = "https://example.org/hello/chain.tlog-proof" # optional
//
// name is the package as its chain names it. chain (required), signature
// (optional: the release's signed checksum list) and proof (optional: the
// chain's transparency log proof, by default beside the chain with
// .tlog-proof) are https:// URLs or paths, relative to the manifest's
// directory. Unknown keys, a
// package listed twice and other URL schemes are refused.
package deps

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// Limits on a manifest.
const (
	MaxManifestSize = 16 << 20 // bytes
	MaxPackages     = 100_000
	maxLocation     = 2048 // bytes of one chain or signature location
)

// Manifest is a parsed dependency set.
type Manifest struct {
	Dir      string // where relative locations start: a directory, or the manifest's URL
	Packages []Package
}

// Package is one dependency: where its chain, release signature and log
// proof are.
type Package struct {
	Name      string `toml:"name"`
	Chain     string `toml:"chain"`
	Signature string `toml:"signature"`
	Proof     string `toml:"proof"` // "": the chain's location with .tlog-proof (ProofOf)
}

// ProofOf is where p's log proof is: Proof, else beside the chain.
func (p Package) ProofOf() string {
	if p.Proof != "" {
		return p.Proof
	}
	return ceremony.ProofPath(p.Chain)
}

// ParseManifest parses a manifest file's text; name names it in errors
// and dir is where its relative paths start.
func ParseManifest(name, dir string, data []byte) (*Manifest, error) {
	if len(data) > MaxManifestSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxManifestSize>>20)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s: not a text file (a NUL byte)", name)
	}
	var doc struct {
		Package []Package `toml:"package"`
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", name, untrusted.SanitizeMessage(err.Error()))
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s (a package has name, chain, signature and proof)", name, untrusted.Quote(und[0].String()))
	}
	if len(doc.Package) == 0 {
		return nil, fmt.Errorf("%s: no [[package]] listed", name)
	}
	if len(doc.Package) > MaxPackages {
		return nil, fmt.Errorf("%s: %d packages, more than %d", name, len(doc.Package), MaxPackages)
	}
	seen := make(map[string]int, len(doc.Package))
	for i, p := range doc.Package {
		where := fmt.Sprintf("%s: package %d", name, i+1)
		if err := chain.CheckPackage(p.Name); err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		if first, ok := seen[p.Name]; ok {
			return nil, fmt.Errorf("%s: %s is listed twice (first as package %d)", where, p.Name, first)
		}
		seen[p.Name] = i + 1
		if p.Chain == "" {
			return nil, fmt.Errorf("%s (%s): chain is missing: where its chain file is (a path or an https:// URL)", where, p.Name)
		}
		for _, loc := range []string{p.Chain, p.Signature, p.Proof} {
			if err := checkLocation(loc); err != nil {
				return nil, fmt.Errorf("%s (%s): %v", where, p.Name, err)
			}
		}
	}
	return &Manifest{Dir: dir, Packages: doc.Package}, nil
}

// ErrInvalid is wrapped by ReadManifest's error when the manifest was
// read but ParseManifest refused it.
var ErrInvalid = errors.New("not a valid manifest")

// ReadManifest reads the manifest at loc, a path or a URL that c fetches
// (nil: URLs are refused), within MaxManifestSize, and parses it: its
// relative locations start at its directory, or at its URL.
func ReadManifest(ctx context.Context, c *fetch.Client, loc string) (*Manifest, error) {
	path, dir := loc, filepath.Dir(loc)
	if fetch.IsURL(loc) {
		var err error
		if path, err = local(ctx, c, loc, MaxManifestSize); err != nil {
			return nil, err
		}
		dir = loc
	}
	data, err := ceremony.ReadFile(path, MaxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("reading the manifest: %w", renamed{err, path, loc})
	}
	m, err := ParseManifest(loc, dir, data)
	if err != nil {
		return nil, invalid{err}
	}
	return m, nil
}

// invalid is ParseManifest's error, marked as ErrInvalid.
type invalid struct{ error }

func (invalid) Is(target error) bool { return target == ErrInvalid }
func (e invalid) Unwrap() error      { return e.error }

func checkLocation(loc string) error {
	switch {
	case loc == "":
		return nil
	case len(loc) > maxLocation:
		return fmt.Errorf("a location longer than %d bytes", maxLocation)
	case strings.ContainsFunc(loc, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("location %s has control characters", untrusted.Quote(loc))
	case fetch.IsURL(loc):
		return fetch.Check(loc)
	case strings.Contains(loc, "://"):
		return fmt.Errorf("%w: %s", fetch.ErrScheme, untrusted.Quote(loc))
	}
	return nil
}

// Resolve is where loc points: a URL as it is, a relative location from
// the manifest's directory, or from its URL when it was fetched.
func (m *Manifest) Resolve(loc string) string {
	if loc == "" || fetch.IsURL(loc) {
		return loc
	}
	if fetch.IsURL(m.Dir) {
		base, err := url.Parse(m.Dir)
		ref, err2 := url.Parse(filepath.ToSlash(loc))
		if err != nil || err2 != nil {
			return loc // fetch refuses it
		}
		return base.ResolveReference(ref).String()
	}
	if filepath.IsAbs(loc) {
		return loc
	}
	return filepath.Join(m.Dir, loc)
}

// ErrNotListed is returned by Find for a package the manifest lacks.
var ErrNotListed = errors.New("not in the manifest")

// Find returns the manifest's entry for pkg.
func (m *Manifest) Find(pkg string) (Package, error) {
	for _, p := range m.Packages {
		if p.Name == pkg {
			return p, nil
		}
	}
	return Package{}, fmt.Errorf("%s: %w", untrusted.Quote(pkg), ErrNotListed)
}
