package app

import "testing"

func TestEntryCountIsPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 entries", 1: "1 entry", 4: "4 entries"} {
		if got := entryCount(n); got != want {
			t.Errorf("entryCount(%d) = %q, want %q", n, got, want)
		}
	}
	if got := entryCount(uint64(1)); got != "1 entry" {
		t.Errorf("entryCount(uint64 1) = %q", got)
	}
}
