package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/baton-signing/baton/ceremony"
)

// TestVersion checks baton --version and baton version print
// ceremony.Version, the version the app and FyneApp.toml carry.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"--vault", "/nonexistent", "--version"}} {
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Fatalf("baton %q: exit %d: %s", args, code, errb.String())
		}
		if got, want := out.String(), "baton "+ceremony.Version+"\n"; got != want {
			t.Errorf("baton %q printed %q, want %q", args, got, want)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"version", "--json"}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("baton version --json: exit %d: %s", code, errb.String())
	}
	var v struct{ Version string }
	if err := json.Unmarshal(out.Bytes(), &v); err != nil || v.Version != ceremony.Version {
		t.Errorf("baton version --json printed %q (%v)", out.String(), err)
	}
}
