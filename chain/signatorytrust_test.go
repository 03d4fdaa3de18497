package chain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
)

// sibling is a chain of another package under the story's successor's
// recovery key SR: the same signatory as the story's head.
func sibling(t *testing.T, pkg, recovery string) []*chain.SignedEntry {
	t.Helper()
	g, err := chain.SignEntry(chain.NewGenesis(pkg, "Bob Successor", vectors.Pub(recovery), vectors.Pub("T1"), vectors.T(1)), vectors.Key(recovery), vectors.Key("T1"))
	if err != nil {
		t.Fatal(err)
	}
	return []*chain.SignedEntry{g}
}

func TestFirstTrustThroughAKnownSignatory(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 8))
	c, err := s.Check("example.org/tools", reader(sibling(t, "example.org/tools", "SR")))
	if err != nil {
		t.Fatal(err)
	}
	pkgs, all := c.Vouched()
	if len(pkgs) != 1 || pkgs[0] != vectors.Package || all {
		t.Fatalf("vouched by %v, every package %v", pkgs, all)
	}
	if err := s.Accept(c, chain.Consent{}); !errors.Is(err, chain.ErrNoConsent) {
		t.Fatalf("a known signatory was accepted without the person saying so: %v", err)
	}
	if err := s.Accept(c, chain.Consent{SignatoryTrusted: true}); err != nil {
		t.Fatal(err)
	}
	if p, ok := s.Get("example.org/tools"); !ok || p.Signatory != chain.SignatoryOf(vectors.Pub("SR")) {
		t.Fatalf("not pinned to the known signatory: %v", p)
	}
}

// The store is asked again at Accept: a vouching pin removed between
// Check and Accept no longer vouches.
func TestSignatoryTrustIsCheckedAtAccept(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 8))
	c, err := s.Check("example.org/tools", reader(sibling(t, "example.org/tools", "SR")))
	if err != nil {
		t.Fatal(err)
	}
	s.Remove(vectors.Package)
	if err := s.Accept(c, chain.Consent{SignatoryTrusted: true}); !errors.Is(err, chain.ErrNoConsent) {
		t.Fatalf("accepted through a pin that is gone: %v", err)
	}
}

// Another signatory (the story's first, R, whom the user no longer
// follows after the hand-over, or a stranger) is vouched for by nothing.
func TestOtherSignatoriesAreNotVouchedFor(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 8))
	for _, rec := range []string{"R", "MR"} {
		c, err := s.Check("example.org/tools", reader(sibling(t, "example.org/tools", rec)))
		if err != nil {
			t.Fatal(err)
		}
		if pkgs, all := c.Vouched(); len(pkgs) != 0 || all {
			t.Fatalf("%s: vouched by %v %v", rec, pkgs, all)
		}
		if err := s.Accept(c, chain.Consent{SignatoryTrusted: true}); !errors.Is(err, chain.ErrNoConsent) {
			t.Fatalf("%s: accepted as known: %v", rec, err)
		}
	}
}

func TestTrustEveryPackage(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	s := storeWith(t, vectors.PinAt(story, 8))
	if _, err := s.TrustEveryPackage("example.org/unpinned"); err == nil {
		t.Fatal("trusted the signatory of a package that is not pinned")
	}
	id, err := s.TrustEveryPackage(vectors.Package)
	if err != nil || id != chain.SignatoryOf(vectors.Pub("SR")) {
		t.Fatalf("%v %v", id, err)
	}
	s.Remove(vectors.Package)
	data := s.Marshal()
	if !strings.Contains(string(data), "\nsignatory "+string(id)+"\n") {
		t.Fatalf("no signatory line:\n%s", data)
	}
	back, err := chain.ParseTrustStore("store", data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := back.Check("example.org/tools", reader(sibling(t, "example.org/tools", "SR")))
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, all := c.Vouched(); len(pkgs) != 0 || !all {
		t.Fatalf("vouched %v %v", pkgs, all)
	}
	if err := back.Accept(c, chain.Consent{SignatoryTrusted: true}); err != nil {
		t.Fatal(err)
	}
	if !back.Distrust(id) || back.Distrust(id) || len(back.Signatories()) != 0 {
		t.Fatal("Distrust")
	}
}

func TestSignatoryLinesAreChecked(t *testing.T) {
	head := string(chain.NewTrustStore().Marshal())
	id := string(chain.SignatoryOf(vectors.Pub("SR")))
	for _, bad := range []string{
		"signatory " + strings.ToUpper(id),
		"signatory " + id[:31],
		"signatory " + id + "\nsignatory " + id,
	} {
		if _, err := chain.ParseTrustStore("store", []byte(head+bad+"\n")); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
