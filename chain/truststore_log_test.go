package chain_test

import (
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
)

func TestTrustStoreRemembersNewestCheckpoint(t *testing.T) {
	s := chain.NewTrustStore()
	a := chain.LogCheckpoint{Origin: "example.org/log", Size: 10, Root: [32]byte{1}}
	if err := s.SeeCheckpoint(a); err != nil {
		t.Fatal(err)
	}
	older := chain.LogCheckpoint{Origin: "example.org/log", Size: 9, Root: [32]byte{2}}
	if err := s.SeeCheckpoint(older); err == nil {
		t.Fatal("an older checkpoint replaced a newer one")
	}
	split := chain.LogCheckpoint{Origin: "example.org/log", Size: 10, Root: [32]byte{3}}
	if err := s.SeeCheckpoint(split); err == nil || !strings.Contains(err.Error(), "split view") {
		t.Fatalf("a second tree of one size: %v", err)
	}
	newer := chain.LogCheckpoint{Origin: "example.org/log", Size: 11, Root: [32]byte{4}}
	if err := s.SeeCheckpoint(newer); err != nil {
		t.Fatal(err)
	}
	other := chain.LogCheckpoint{Origin: "example.org/other-log", Size: 1, Root: [32]byte{5}}
	if err := s.SeeCheckpoint(other); err != nil {
		t.Fatal(err)
	}
	data := s.Marshal()
	back, err := chain.ParseTrustStore("trust", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if c, ok := back.Checkpoint("example.org/log"); !ok || c != newer {
		t.Fatalf("after a round trip: %+v %v\n%s", c, ok, data)
	}
	if string(back.Marshal()) != string(data) {
		t.Fatal("the store changed in a round trip")
	}
	for _, bad := range []string{
		"checkpoint example.org/log 01 AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"checkpoint example.org/log 1 AQ==\n",
		"checkpoint exa+mple 1 AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"checkpoint a 1 AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ncheckpoint a 2 AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
	} {
		if _, err := chain.ParseTrustStore("trust", []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
