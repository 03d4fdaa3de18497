package deps

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/ceremony/fetch"
)

func TestParseManifest(t *testing.T) {
	m, err := ParseManifest("m.toml", "/srv", []byte(`
[[package]]
name = "example.org/a"
chain = "a/chain"
signature = "https://example.org/a/SHA256.sig"

[[package]]
name = "example.org/b"
chain = "/abs/b/chain"
proof = "https://example.org/b/proof"
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != 2 || m.Resolve(m.Packages[0].Chain) != "/srv/a/chain" || m.Resolve(m.Packages[1].Chain) != "/abs/b/chain" ||
		m.Resolve(m.Packages[0].Signature) != "https://example.org/a/SHA256.sig" {
		t.Fatalf("%+v", m)
	}
	if a, b := m.Packages[0].ProofOf(), m.Packages[1].ProofOf(); m.Resolve(a) != "/srv/a/chain.tlog-proof" || b != "https://example.org/b/proof" {
		t.Fatalf("proofs at %s and %s", a, b)
	}
	u := &Manifest{Dir: "https://example.org/deps/baton-deps.toml"}
	if got := u.Resolve("a/chain"); got != "https://example.org/deps/a/chain" {
		t.Fatalf("relative to a URL: %s", got)
	}
	if got := u.Resolve("/a/chain"); got != "https://example.org/a/chain" {
		t.Fatalf("absolute path on a URL's host: %s", got)
	}
}

func TestManifestRefusals(t *testing.T) {
	pkg := func(body string) string { return "[[package]]\n" + body + "\n" }
	for _, tc := range []struct{ text, want string }{
		{"", "no [[package]]"},
		{pkg(`name = "a"` + "\n" + `chain = "c"` + "\n" + `sha = "x"`), `unknown key "package.sha"`},
		{`title = "x"` + "\n" + pkg(`name = "a"`+"\n"+`chain = "c"`), `unknown key "title"`},
		{pkg(`name = "a"`), "chain is missing"},
		{pkg(`name = ""` + "\n" + `chain = "c"`), "package"},
		{pkg(`name = "a"`+"\n"+`chain = "c"`) + pkg(`name = "a"`+"\n"+`chain = "d"`), "listed twice"},
		{pkg(`name = "a"` + "\n" + `chain = "http://example.org/c"`), "only https://"},
		{pkg(`name = "a"` + "\n" + `chain = "file:///etc/passwd"`), "only https://"},
		{pkg(`name = "a"` + "\n" + `chain = "c"` + "\n" + `proof = "ftp://example.org/p"`), "only https://"},
		{pkg(`name = "a"` + "\n" + `chain = "https://u:p@example.org/c"`), "user name or password"},
		{pkg(`name = "a"` + "\n" + `chain = "c\u001b[2J"`), "control characters"},
		{pkg(`name = "a"` + "\n" + `chain = "` + strings.Repeat("x", 3000) + `"`), "longer than"},
		{pkg(`name = "a"`+"\n"+`chain = "c"`) + "\x00", "NUL"},
		{"[[package]\nname=", "m.toml"},
	} {
		_, err := ParseManifest("m.toml", ".", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
	big := strings.Repeat("# padding\n", MaxManifestSize/10+1)
	if _, err := ParseManifest("m.toml", ".", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a huge manifest: %v", err)
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add([]byte("[[package]]\nname = \"example.org/a\"\nchain = \"a/chain\"\nsignature = \"https://example.org/a.sig\"\n"))
	f.Add([]byte("[[package]]\nname = \"example.org/b\"\nchain = \"https://example.org/b/chain\"\nproof = \"b.tlog-proof\"\n"))
	f.Add([]byte("[[package]]\nname = \"a\"\nchain = \"c\"\n[[package]]\nname = \"a\"\nchain = \"c\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest("fuzz", ".", data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range m.Packages {
			if p.Chain == "" || seen[p.Name] {
				t.Fatalf("accepted %+v", p)
			}
			seen[p.Name] = true
			for _, loc := range []string{p.Chain, p.Signature, p.Proof} {
				if strings.Contains(loc, "://") && !strings.HasPrefix(loc, "https://") && !strings.HasPrefix(loc, "http://") {
					t.Fatalf("accepted scheme %q", loc)
				}
			}
		}
	})
}

// ReadManifest reads a path or a fetched URL, resolves relative
// locations from where the manifest is, and marks a manifest it read but
// could not parse as ErrInvalid, and nothing else.
func TestReadManifest(t *testing.T) {
	dir := t.TempDir()
	good := "[[package]]\nname = \"example.org/a\"\nchain = \"a/chain\"\n"
	os.WriteFile(filepath.Join(dir, "deps.toml"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.toml"), []byte("[[package]]\nname = \"example.org/a\"\n"), 0o644)
	ctx := context.Background()
	m, err := ReadManifest(ctx, nil, filepath.Join(dir, "deps.toml"))
	if err != nil || m.Resolve(m.Packages[0].Chain) != filepath.Join(dir, "a", "chain") {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := ReadManifest(ctx, nil, filepath.Join(dir, "bad.toml")); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "chain is missing") {
		t.Errorf("an invalid manifest: %v", err)
	}
	if _, err := ReadManifest(ctx, nil, filepath.Join(dir, "none.toml")); err == nil || errors.Is(err, ErrInvalid) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing manifest: %v", err)
	}
	if _, err := ReadManifest(ctx, nil, "https://example.org/deps.toml"); err == nil || errors.Is(err, ErrInvalid) {
		t.Errorf("a URL without a fetch client: %v", err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	m, err = ReadManifest(ctx, fetch.New(t.TempDir(), 0), srv.URL+"/deps.toml")
	if err != nil || m.Resolve(m.Packages[0].Chain) != srv.URL+"/a/chain" {
		t.Fatalf("fetched: %+v %v", m, err)
	}
}
