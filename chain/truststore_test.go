package chain_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
)

// storeWith returns a trust store holding the given pin lines, as a file
// on disk would.
func storeWith(t *testing.T, pins ...*chain.Pin) *chain.TrustStore {
	t.Helper()
	data := chain.NewTrustStore().Marshal()
	for _, p := range pins {
		data = append(data, p.String()+"\n"...)
	}
	s, err := chain.ParseTrustStore("store", data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func reader(es []*chain.SignedEntry) *chain.Reader {
	return chain.NewReader("chain", bytes.NewReader(chain.Marshal(es)))
}

func TestFirstTrustNeedsTheKeyCompared(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := chain.NewTrustStore()
	c, err := s.Check(vectors.Package, reader(story))
	if err != nil {
		t.Fatal(err)
	}
	if !c.FirstTrust() || len(c.Events()) != 0 || len(c.Result().Events) != 2 {
		t.Fatalf("first trust %v, %d events to consent, %d as history", c.FirstTrust(), len(c.Events()), len(c.Result().Events))
	}
	if err := s.Accept(c, chain.Consent{}); !errors.Is(err, chain.ErrNoConsent) {
		t.Fatalf("accepted without the key compared: %v", err)
	}
	if _, ok := s.Get(vectors.Package); ok {
		t.Fatal("a refusal pinned")
	}
	if err := s.Accept(c, chain.Consent{KeyCompared: true}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Get(vectors.Package); p.Position != 8 {
		t.Fatalf("pinned at %d", p.Position)
	}
}

func TestEventsNeedTheirOwnConsent(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	other := *vectors.PinAt(story, 2)
	other.Package = "example.org/other"
	s := storeWith(t, &other, vectors.PinAt(story, 3))
	before := string(s.Marshal())
	c, err := s.Check(vectors.Package, reader(story))
	if err != nil {
		t.Fatal(err)
	}
	evs := c.Events()
	if len(evs) != 2 || evs[0].Position != 5 || evs[1].Position != 7 {
		t.Fatalf("events %+v", evs)
	}
	// A blanket "yes" is not a consent: each event is named.
	for _, consent := range []chain.Consent{{}, {KeyCompared: true}, {Accepted: []chain.EventID{evs[0].ID()}},
		{Accepted: []chain.EventID{evs[0].ID(), {Position: 7, Entry: chain.Hash{7}}}}} {
		if err := s.Accept(c, consent); !errors.Is(err, chain.ErrNoConsent) {
			t.Fatalf("accepted with %+v: %v", consent, err)
		}
	}
	// Changing what was shown changes nothing that Accept stores.
	c.Result().Head.Position = 99
	if got := string(s.Marshal()); got != before {
		t.Fatalf("a refused consent altered the store:\n%s", got)
	}
	if err := s.Accept(c, chain.Consent{Accepted: []chain.EventID{evs[0].ID(), evs[1].ID()}}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(s.Marshal()), "\n")
	if !strings.HasPrefix(lines[1], "example.org/other ") || !strings.HasPrefix(lines[2], vectors.Package+" ") {
		t.Fatalf("order changed:\n%s", s.Marshal())
	}
	if p, _ := s.Get(vectors.Package); p.Position != 8 || p.Signatory != vectors.PinAt(story, 8).Signatory {
		t.Fatalf("pin %+v", p)
	}
}

func TestAStaleCheckIsRefused(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 2))
	older, err := s.Check(vectors.Package, reader(story[:4]))
	if err != nil {
		t.Fatal(err)
	}
	newer, err := s.Check(vectors.Package, reader(story[:6]))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Accept(newer, chain.Consent{Accepted: []chain.EventID{newer.Events()[0].ID()}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Accept(older, chain.Consent{}); !errors.Is(err, chain.ErrStale) {
		t.Fatalf("a check against an old pin moved it: %v", err)
	}
	if p, _ := s.Get(vectors.Package); p.Position != 6 {
		t.Fatalf("pin went back to %d", p.Position)
	}
	// And the old chain is now a rollback.
	if _, err := s.Check(vectors.Package, reader(story[:4])); !errors.Is(err, chain.ErrRollback) {
		t.Fatalf("old chain after the advance: %v", err)
	}
	if err := s.Accept(nil, chain.Consent{KeyCompared: true}); err == nil {
		t.Fatal("accepted no verification")
	}
	if err := s.Accept(&chain.Check{}, chain.Consent{KeyCompared: true}); err == nil {
		t.Fatal("accepted a Check not made by TrustStore.Check")
	}
}

func TestCheckIsBoundToThePackage(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 2))
	// The signatory of example.org/hello serves its chain as another
	// package's: refused, pinned or not.
	for _, pkg := range []string{"example.org/other", vectors.Package + "x"} {
		if _, err := s.Check(pkg, reader(story)); !errors.Is(err, chain.ErrOtherPackage) {
			t.Fatalf("%s: %v", pkg, err)
		}
	}
}
