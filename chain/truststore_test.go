package chain_test

import (
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
)

func TestTrustStoreRules(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := chain.NewTrustStore()
	other := *vectors.PinAt(story, 2)
	other.Package = "example.org/other"
	for _, p := range []*chain.Pin{&other, vectors.PinAt(story, 3)} {
		if err := s.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	before := string(s.Marshal())
	// Rollback, equivocation and another signatory are refused, and a
	// refused change leaves the store as it was.
	if err := s.Add(vectors.PinAt(story, 2)); err == nil || !strings.Contains(err.Error(), "rollback") {
		t.Fatalf("rollback: %v", err)
	}
	eq := *vectors.PinAt(story, 3)
	eq.Entry[0] ^= 1
	if err := s.Add(&eq); err == nil || !strings.Contains(err.Error(), "equivocation") {
		t.Fatalf("same position, other entry: %v", err)
	}
	if err := s.Add(vectors.PinAt(story, 8)); err == nil || !strings.Contains(err.Error(), "signatory") {
		t.Fatalf("other signatory via Add: %v", err)
	}
	if err := s.Replace(vectors.PinAt(story, 2)); err == nil {
		t.Fatal("Replace moved a pin back")
	}
	if got := string(s.Marshal()); got != before {
		t.Fatalf("a refused change altered the store:\n%s\nwas\n%s", got, before)
	}
	// A consented hand-over replaces the pin in place.
	if err := s.Replace(vectors.PinAt(story, 8)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(s.Marshal()), "\n")
	if !strings.HasPrefix(lines[1], "example.org/other ") || !strings.HasPrefix(lines[2], "example.org/hello ") {
		t.Fatalf("order changed:\n%s", s.Marshal())
	}
	if p, _ := s.Get("example.org/hello"); p.Position != 8 {
		t.Fatalf("pin at %d", p.Position)
	}
	if !s.Remove("example.org/hello") || s.Remove("example.org/hello") {
		t.Fatal("remove")
	}
}
