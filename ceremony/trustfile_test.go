package ceremony

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// A change that changes nothing leaves the file as it was, not rewritten
// (verifying a pinned chain with nothing new is read-only); a change that
// fails saves nothing; a real change is saved.
func TestUpdateTrustSavesOnlyChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust")
	cp := chain.LogCheckpoint{Origin: "example.org/log", Size: 3}
	if err := UpdateTrust(path, func(s *chain.TrustStore) error { return s.SeeCheckpoint(cp) }); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatalf("the change was not saved: %v", err)
	}
	if err := UpdateTrust(path, func(s *chain.TrustStore) error { return s.SeeCheckpoint(cp) }); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("a change that changed nothing rewrote the trust store")
	}
	cp.Size = 2 // older: refused
	if err := UpdateTrust(path, func(s *chain.TrustStore) error { return s.SeeCheckpoint(cp) }); err == nil {
		t.Fatal("an older checkpoint was taken")
	}
	if again, _ := os.Stat(path); !os.SameFile(before, again) {
		t.Error("a refused change rewrote the trust store")
	}
	s, err := ReadTrust(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Checkpoint(cp.Origin); got.Size != 3 {
		t.Errorf("checkpoint size %d, want 3", got.Size)
	}
}
