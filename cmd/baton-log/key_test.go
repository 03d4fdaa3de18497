package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// The vkey baton-log derives from a key file is the one keygen printed,
// whatever characters the key's base64 holds.
func TestKeygenThenVkey(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		path := filepath.Join(dir, "k"+string(rune('a'+i)))
		var gen, vk, errb bytes.Buffer
		if code := run([]string{"keygen", "--origin", "example.org/log", "--key", path}, &gen, &errb); code != 0 {
			t.Fatalf("keygen: %s", errb.String())
		}
		if code := run([]string{"vkey", "--key", path}, &vk, &errb); code != 0 {
			t.Fatalf("vkey: %s", errb.String())
		}
		if gen.String() != vk.String() {
			t.Fatalf("keygen printed %q, vkey %q", gen.String(), vk.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"keygen", "--origin", "example.org/log", "--key", filepath.Join(dir, "ka")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "hint: ") {
		t.Fatalf("keygen over an existing key: exit %d, %s", code, errb.String())
	}
	if code := run([]string{"serve"}, &out, &errb); code != 2 {
		t.Fatalf("serve without --dir: exit %d", code)
	}
}
