package app

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// The screenshots tool's scene of the Dependencies screen (listed in
// scenes, screenshots.go), and the dependency set it and the tests check.

// depsNow is the dependency set's "now": the hand-over of
// example.org/parser is ten days before it.
var depsNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// shootDependencies: the report of a dependency set with every status,
// then a package that changed hands ten days ago, its timeline and the
// decision it needs.
func shootDependencies(t drive.T, st *appState, _ string, shoot func(string)) {
	fx := writeDepsFixture(t, st)
	d := newDepsScreen(st)
	d.now = func() time.Time { return depsNow }
	d.fetcher = tempFetcher(t)
	showIn(t, st, d.root)
	st.Window.Resize(fyne.NewSize(1180, 800))
	d.openManifest(fx.manifest)
	idle(st)
	if len(d.rows) != len(fx.order) || d.rows[0].Package.Name != fx.order[0] {
		t.Fatalf("the report lists %d packages, first %v", len(d.rows), d.rows)
	}
	shoot("dependencies")
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if d.detailRow == nil {
		t.Fatal("selecting the first package showed nothing")
	}
	shoot("dependencies-package")
}

// tempFetcher fetches URLs into a cache of t's own.
func tempFetcher(t drive.T) func() (*fetch.Client, error) {
	dir := t.TempDir()
	return func() (*fetch.Client, error) { return fetch.New(dir, 0), nil }
}

// depsFixture is a dependency set on disk: a manifest and the chains it
// names, and a trust store (st's) pinning some of them.
type depsFixture struct {
	dir, manifest string
	order         []string // the packages, as the report sorts them
}

// The fixture's packages, as the report sorts them: a hand-over ten days
// ago after the pin (consent, flagged), a tampered chain (refused), an
// old re-key after the pin (consent), a package never pinned under a
// signatory trusted for another one, one never pinned under a signatory
// trusted for nothing, one whose chain is missing (not checked), and one
// verified from its pin, which moves forward with no question.
const (
	fxParser  = "example.org/parser"
	fxZip     = "example.org/compress"
	fxYAML    = "example.org/yaml"
	fxExtras  = "example.org/hello-extras"
	fxNetlib  = "example.org/netlib"
	fxGone    = "example.org/gone"
	fxHello   = "example.org/hello"
	fxHandTo  = "Bob Successor"
	fxHelloBy = "Ada Lovelace"
)

// writeDepsFixture writes the dependency set to a new directory and pins
// example.org/hello at position 3 (of 4), example.org/parser at 3 (the
// hand-over is at 5) and example.org/yaml at 2 (the re-key at 3) in st's
// trust store.
func writeDepsFixture(t drive.T, st *appState) *depsFixture {
	t.Helper()
	fx := &depsFixture{dir: t.TempDir(), order: []string{fxParser, fxZip, fxYAML, fxExtras, fxNetlib, fxGone, fxHello}}
	day := 24 * time.Hour
	ago := func(days int) time.Time { return depsNow.Add(-time.Duration(days) * day) }

	ada := fixtureKey(t)
	hello := newFixtureChain(t, fxHello, fxHelloBy, ada, ago(500))
	hello.release(t, "1.0", ago(420))
	hello.release(t, "1.1", ago(300))
	hello.release(t, "1.2", ago(40))

	extras := newFixtureChain(t, fxExtras, fxHelloBy, ada, ago(200))
	extras.release(t, "0.1", ago(150))
	extras.release(t, "0.2", ago(20))

	parser := newFixtureChain(t, fxParser, "Grace Hopper", nil, ago(600))
	parser.release(t, "1.0", ago(500))
	parser.release(t, "1.1", ago(200))
	parser.release(t, "1.2", ago(60))
	parser.handover(t, fxHandTo, "Grace retires", []string{"Carol Witness", "Dan Witness"}, ago(10))
	parser.release(t, "2.0", ago(9))

	yaml := newFixtureChain(t, fxYAML, "Ken Thompson", nil, ago(700))
	yaml.release(t, "0.9", ago(650))
	yaml.rekey(t, "K2 was on a stolen laptop", ago(200))
	yaml.release(t, "1.0", ago(150))

	netlib := newFixtureChain(t, fxNetlib, "Margaret Hamilton", nil, ago(400))
	netlib.release(t, "4.0", ago(380))
	netlib.rekey(t, "lost the key", ago(250))
	netlib.release(t, "4.1", ago(30))

	zip := newFixtureChain(t, fxZip, "Linus Example", nil, ago(300))
	zip.release(t, "3.0", ago(200))
	zip.release(t, "3.1", ago(100))
	tampered := bytes.Replace(zip.marshal(), []byte("version 3.1"), []byte("version 3.9"), 1)
	if bytes.Equal(tampered, zip.marshal()) {
		t.Fatal("the compress chain has no version line to alter")
	}

	files := map[string][]byte{
		"hello": hello.marshal(), "hello-extras": extras.marshal(), "parser": parser.marshal(),
		"yaml": yaml.marshal(), "netlib": netlib.marshal(), "compress": tampered,
	}
	if err := os.MkdirAll(filepath.Join(fx.dir, "chains"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(fx.dir, "chains", name+".chain"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var m strings.Builder
	m.WriteString("# the packages this project depends on\n")
	for _, pkg := range []string{fxHello, fxParser, fxExtras, fxZip, fxNetlib, fxYAML, fxGone} {
		fmt.Fprintf(&m, "\n[[package]]\nname = %s\nchain = %s\n", strconv.Quote(pkg), strconv.Quote("chains/"+filepath.Base(pkg)+".chain"))
	}
	fx.manifest = filepath.Join(fx.dir, "baton-deps.toml")
	if err := os.WriteFile(fx.manifest, []byte(m.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	hello.pin(t, st, 3)
	parser.pin(t, st, 3)
	yaml.pin(t, st, 2)
	return fx
}

// fixtureChain builds a chain entry by entry, with new random keys.
type fixtureChain struct {
	entries  []*chain.SignedEntry
	rec, cur *signify.SecretKey // the recovery key and the key in force
}

func fixtureKey(t drive.T) *signify.SecretKey {
	t.Helper()
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newFixtureChain starts pkg's chain held by name, with the recovery key
// rec (a new one when nil).
func newFixtureChain(t drive.T, pkg, name string, rec *signify.SecretKey, at time.Time) *fixtureChain {
	t.Helper()
	if rec == nil {
		rec = fixtureKey(t)
	}
	c := &fixtureChain{rec: rec, cur: fixtureKey(t)}
	c.sign(t, chain.NewGenesis(pkg, name, rec.Public(""), c.cur.Public(""), at), rec, c.cur)
	return c
}

func (c *fixtureChain) sign(t drive.T, e *chain.Entry, keys ...*signify.SecretKey) {
	t.Helper()
	s, err := chain.SignEntry(e, keys...)
	if err != nil {
		t.Fatal(err)
	}
	c.entries = append(c.entries, s)
}

func (c *fixtureChain) last() *chain.SignedEntry { return c.entries[len(c.entries)-1] }

func (c *fixtureChain) release(t drive.T, version string, at time.Time) {
	t.Helper()
	next := fixtureKey(t)
	e := chain.Follow(c.last(), chain.KindRelease, next.Public(""), at)
	e.Version, e.Checksums = version, sha256.Sum256([]byte(e.Package+" "+version))
	c.sign(t, e, c.cur)
	c.cur = next
}

// handover hands the chain to a successor called name, co-signed by a
// witness of each name given.
func (c *fixtureChain) handover(t drive.T, name, reason string, witnesses []string, at time.Time) {
	t.Helper()
	next, succ := fixtureKey(t), fixtureKey(t)
	e := chain.Follow(c.last(), chain.KindHandover, next.Public(""), at)
	e.Name, e.Recovery, e.Reason = name, succ.Public(""), reason
	signers := []*signify.SecretKey{c.cur, next, succ}
	for _, w := range witnesses {
		k := fixtureKey(t)
		e.Witnesses = append(e.Witnesses, chain.Witness{Key: k.Public(""), Name: w})
		signers = append(signers, k)
	}
	c.sign(t, e, signers...)
	c.rec, c.cur = succ, next
}

func (c *fixtureChain) rekey(t drive.T, reason string, at time.Time) {
	t.Helper()
	next := fixtureKey(t)
	e := chain.Follow(c.last(), chain.KindRekey, next.Public(""), at)
	e.Reason = reason
	c.sign(t, e, c.rec, next)
	c.cur = next
}

func (c *fixtureChain) marshal() []byte { return chain.Marshal(c.entries) }

// pin pins the chain's first n entries in st's trust store, as a first
// trust with the key compared would.
func (c *fixtureChain) pin(t drive.T, st *appState, n int) {
	t.Helper()
	path, err := st.TrustPath()
	if err != nil {
		t.Fatal(err)
	}
	pkg := c.entries[0].Package
	err = ceremony.UpdateTrust(path, func(s *chain.TrustStore) error {
		check, err := s.Check(pkg, chain.NewReader(pkg, bytes.NewReader(chain.Marshal(c.entries[:n]))))
		if err != nil {
			return err
		}
		return s.Accept(check, chain.Consent{KeyCompared: true})
	})
	if err != nil {
		t.Fatalf("pinning %s: %v", pkg, err)
	}
}

// depsStatuses are the statuses of the fixture's packages, by name.
var depsStatuses = map[string]deps.Status{
	fxParser: deps.Consent, fxZip: deps.Refused, fxYAML: deps.Consent, fxExtras: deps.FirstTrust,
	fxNetlib: deps.FirstTrust, fxGone: deps.Failed, fxHello: deps.OK,
}
