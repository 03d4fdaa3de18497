package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// log prints every entry as it reads it and gives FirstTrust's verdict:
// a chain altered deep inside (one signature of entry 150 of 200, read
// well ahead of where the verifier's signature checks are) is still
// printed to its end, then refused at that entry with FirstTrust's words.
func TestLogVerdictOfChainAlteredDeepInside(t *testing.T) {
	dir := batonEnv(t)
	path := filepath.Join(dir, "long.chain")
	writeLongChain(t, path, 200)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	es, err := chain.ReadAll(path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runBaton(t, nil, "log", "--chain", path); code != 0 || !strings.HasSuffix(out, "\n200 entries.\nThe chain verifies from its genesis.\n") {
		t.Fatalf("log of the whole chain: exit %d, ends %q", code, out[max(0, len(out)-100):])
	}
	es[149].Sigs[0].Sig[7] ^= 1
	if err := os.WriteFile(path, chain.Marshal(es), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want := chain.FirstTrust("hello", chain.NewReader(path, bytes.NewReader(chain.Marshal(es))))
	if want == nil || !strings.Contains(want.Error(), "position 150:") {
		t.Fatalf("FirstTrust of the altered chain: %v", want)
	}
	for _, json := range []bool{false, true} {
		args := []string{"log", "--chain", path}
		if json {
			args = append(args, "--json")
		}
		code, out, _ := runBaton(t, nil, args...)
		if code != exitRefused {
			t.Fatalf("log --json=%v of the altered chain: exit %d, want %d", json, code, exitRefused)
		}
		if json {
			if !strings.Contains(out, `"position": 200,`) || !strings.Contains(out, `"verified": false`) || !strings.Contains(out, "position 150:") {
				t.Fatalf("log --json of the altered chain:\n%s", out[max(0, len(out)-600):])
			}
			continue
		}
		wantEnd := fmt.Sprintf("\n200 entries.\nThe chain does NOT verify: %s\n", want)
		if !strings.Contains(out, "\n#200 release") || !strings.HasSuffix(out, wantEnd) {
			t.Fatalf("log of the altered chain ends\n%s\nwant it to end\n%s", out[max(0, len(out)-400):], wantEnd)
		}
	}
}
