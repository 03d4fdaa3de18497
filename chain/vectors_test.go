package chain_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
	"github.com/baton-signing/baton/chain/signify"
)

const vectorDir = "../testdata"

// errByName maps the names used in vectors.json to the errors they mean.
var errByName = map[string]error{
	"ErrFork": chain.ErrFork, "ErrRollback": chain.ErrRollback, "ErrEquivocation": chain.ErrEquivocation,
	"ErrBrokenLink": chain.ErrBrokenLink, "ErrOrder": chain.ErrOrder, "ErrUnannounced": chain.ErrUnannounced,
	"ErrOtherPackage": chain.ErrOtherPackage, "ErrKeyReuse": chain.ErrKeyReuse, "ErrWrongIdentity": chain.ErrWrongIdentity,
	"ErrBadSignature": signify.ErrBadSignature, "ErrArtifact": chain.ErrArtifact, "ErrEmergency": chain.ErrEmergency, "ErrAltered": chain.ErrAltered,
	"ErrVersionReuse": chain.ErrVersionReuse, "ErrWitness": chain.ErrWitness,
}

func loadCases(t testing.TB) []vectors.Case {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []vectors.Case
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d vectors", len(cases))
	}
	return cases
}

func readVector(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVectors runs every case of testdata/vectors.json.
func TestVectors(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			err := runCase(t, c)
			switch want := c.Expect; {
			case want == "ok":
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
			case want == "parse":
				var pe *signify.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("want a parse error, got %v", err)
				}
				if !strings.Contains(err.Error(), c.Contains) {
					t.Fatalf("error %q\ndoes not contain %q", err, c.Contains)
				}
			default:
				target, ok := errByName[want]
				if !ok {
					t.Fatalf("unknown expectation %q", want)
				}
				if !errors.Is(err, target) {
					t.Fatalf("want %s, got %v", want, err)
				}
			}
			if err != nil {
				t.Logf("refused as expected: %v", err)
			}
		})
	}
}

func runCase(t *testing.T, c vectors.Case) error {
	switch c.Type {
	case "parse":
		return parseVector(c)
	case "verify", "first-trust":
		res, err := verifyVector(t, c)
		if err != nil {
			return err
		}
		if res.Head.Position != c.Head {
			t.Errorf("head at %d, want %d", res.Head.Position, c.Head)
		}
		var events []uint64
		for _, e := range res.Events {
			events = append(events, e.Position)
		}
		if !reflect.DeepEqual(events, c.Events) {
			t.Errorf("events at %v, want %v", events, c.Events)
		}
		return nil
	case "release":
		res, err := verifyVector(t, c)
		if err != nil {
			t.Fatalf("chain: %v", err)
		}
		for _, r := range res.Releases {
			if r.Version == c.Version {
				return chain.VerifyRelease(context.Background(), r, c.Sig, readVector(t, c.Sig), filepath.Join(vectorDir, c.Root), nil)
			}
		}
		t.Fatalf("no release %s in %s", c.Version, c.Chain)
	}
	t.Fatalf("unknown case type %q", c.Type)
	return nil
}

func verifyVector(t *testing.T, c vectors.Case) (*chain.Result, error) {
	r := chain.NewReader(c.Chain, bytes.NewReader(readVector(t, c.Chain)))
	if c.Type == "first-trust" {
		return chain.FirstTrust(vectors.Package, r)
	}
	store, err := chain.ParseTrustStore("pin", []byte(c.Pin+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	pin, ok := store.Get(vectors.Package)
	if !ok {
		t.Fatal("no pin")
	}
	return chain.Verify(*pin, r)
}

// parseVector parses one file as its format and, when that succeeds,
// checks that re-encoding gives the same bytes.
func parseVector(c vectors.Case) error {
	data, err := os.ReadFile(filepath.Join(vectorDir, filepath.FromSlash(c.File)))
	if err != nil {
		return err
	}
	out, err := parseAs(c.Format, c.File, data, c.Passphrase)
	if err != nil {
		return err
	}
	if !bytes.Equal(out, data) {
		return errors.New("re-encoding changed the bytes")
	}
	return nil
}

// parseAs parses data as format and returns its re-encoding. It is shared
// with the fuzz targets.
func parseAs(format, name string, data []byte, passphrase string) ([]byte, error) {
	switch format {
	case "publickey":
		p, err := signify.ParsePublicKey(name, data)
		if err != nil {
			return nil, err
		}
		return p.Marshal(), nil
	case "secretkey":
		e, err := signify.ParseSecretKey(name, data)
		if err != nil {
			return nil, err
		}
		if passphrase != "" || !e.Encrypted() {
			if _, err := e.Decrypt([]byte(passphrase)); err != nil {
				return nil, err
			}
		}
		return e.Marshal(), nil
	case "signature":
		s, err := signify.ParseSignature(name, data)
		if err != nil {
			return nil, err
		}
		return s.Marshal(), nil
	case "entry":
		s, err := chain.ParseSignedEntry(name, 1, data)
		if err != nil {
			return nil, err
		}
		return s.Marshal(), nil
	case "chain":
		es, err := chain.ReadAll(name, bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		return chain.Marshal(es), nil
	case "truststore":
		s, err := chain.ParseTrustStore(name, data)
		if err != nil {
			return nil, err
		}
		return s.Marshal(), nil
	case "checksums":
		l, err := signify.ParseChecksumList(name, data)
		if err != nil {
			return nil, err
		}
		return l.Marshal(), nil
	}
	return nil, errors.New("unknown format " + format)
}

// TestVectorsAreGenerated proves testdata/ is exactly what the generator
// makes from its fixed seeds: run `make vectors` after changing a format.
func TestVectorsAreGenerated(t *testing.T) {
	files, cases := vectors.Files()
	files["vectors.json"] = vectors.Manifest(cases)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(vectorDir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from the generator's output: run `make vectors`", name)
		}
	}
	if got, err := os.ReadFile("../docs/ATTACKS.md"); err != nil || !bytes.Equal(got, vectors.AttackTable(cases)) {
		t.Errorf("docs/ATTACKS.md differs from the generator's table: run `make vectors`")
	}
	backups, err := os.ReadFile(filepath.Join(vectorDir, "backups", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := vectors.Readme(cases, backups)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(vectorDir, vectors.ReadmeFile)); err != nil || !bytes.Equal(got, readme) {
		t.Errorf("testdata/%s differs from the generator's catalogue: run `make vectors`", vectors.ReadmeFile)
	}
	for _, d := range vectors.Dirs {
		if d == vectors.ReadmeFile || d == "backups" {
			t.Errorf("vectors.Dirs holds %q: clearing it would delete testdata/%s or backups/", d, vectors.ReadmeFile)
		}
	}
	n := 0
	for _, c := range cases {
		if c.Attack != "" {
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d attack cases, want at least 30", n)
	}
	for _, d := range vectors.Dirs {
		filepath.WalkDir(filepath.Join(vectorDir, d), func(p string, de fs.DirEntry, err error) error {
			if err == nil && !de.IsDir() {
				rel, _ := filepath.Rel(vectorDir, p)
				if _, ok := files[filepath.ToSlash(rel)]; !ok {
					t.Errorf("testdata/%s is not made by the generator: remove it or run `make vectors`", rel)
				}
			}
			return nil
		})
	}
}
