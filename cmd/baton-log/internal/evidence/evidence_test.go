package evidence

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/baton-signing/baton/cmd/baton-log/internal/testchain"
)

func TestKeepBoundsAndReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(3)
	for i := range PerPosition + 3 {
		seq, kept, err := s.Keep(c.Fork(3, fmt.Sprintf("evil-%d", i)), 2)
		if err != nil {
			t.Fatal(err)
		}
		if kept != (i < PerPosition) || kept && seq != uint64(i+1) {
			t.Fatalf("fork %d: seq %d kept %v", i, seq, kept)
		}
	}
	first := c.Fork(4, "other")
	if seq, kept, _ := s.Keep(first, 3); !kept || seq != PerPosition+1 {
		t.Fatalf("another position: %d %v", seq, kept)
	}
	if seq, kept, _ := s.Keep(first, 3); kept || seq != PerPosition+1 {
		t.Fatalf("the same piece again: %d %v", seq, kept)
	}
	// An interrupted write leaves a temporary file: it is dropped.
	os.WriteFile(filepath.Join(dir, ".tmp123"), []byte("half"), 0o644)
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if items := s.List(1, 100); len(items) != PerPosition+1 || items[PerPosition].Hash != first.Hash() {
		t.Fatalf("after reopening: %d items", len(items))
	}
	if _, err := os.Stat(filepath.Join(dir, ".tmp123")); !os.IsNotExist(err) {
		t.Fatal("temporary file kept")
	}
	// A missing piece is damage, refused.
	os.Remove(filepath.Join(dir, "00000002"))
	if _, err := Open(dir); err == nil {
		t.Fatal("a gap in the evidence was not noticed")
	}
}
