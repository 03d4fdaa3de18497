package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	btlog "github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
	"github.com/baton-signing/baton/cmd/baton-log/internal/testchain"
)

// witnessedLog is a baton-log whose checkpoints three real litewitness
// processes cosign, two of which must.
type witnessedLog struct {
	*server
	witnesses []*tlogtest.Witness
	policy    *btlog.Policy
}

func startWitnessedLog(t *testing.T) *witnessedLog {
	t.Helper()
	dir := t.TempDir()
	origin := "example.org/witnessed-log"
	key, vkey := newKey(t, dir, origin)
	ws := tlogtest.StartWitnesses(t, 3, origin, vkey)
	data := tlogtest.Policy(vkey, ws, 2, time.Hour)
	pf := filepath.Join(dir, "policy")
	if err := os.WriteFile(pf, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := btlog.ParsePolicy(pf, data)
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "--dir", filepath.Join(dir, "log"), "--key", key, "--witness-policy", pf)
	return &witnessedLog{server: s, witnesses: ws, policy: p}
}

// proof waits for a published checkpoint that holds e and verifies its
// proof with the policy.
func (wl *witnessedLog) proof(t *testing.T, e *chain.SignedEntry) *btlog.Verified {
	t.Helper()
	body, err := wl.get(btlog.PathProof + e.Hash().String() + "?wait=1")
	if err != nil {
		t.Fatalf("%v\n%s", err, wl.Logs)
	}
	p, err := btlog.ParseProof("proof", body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := wl.policy.Verify(p, e.Marshal(), time.Now())
	if err != nil {
		t.Fatalf("%v\n%s", err, p.Checkpoint)
	}
	return v
}

// Checkpoints are cosigned by a quorum (two of three) of real witnesses
// through Tessera's witness support; with one witness down the quorum
// still holds; with two down the log publishes no checkpoint, so nothing
// new can be proven.
func TestWitnessedCheckpoints(t *testing.T) {
	tlogtest.RequireTools(t)
	wl := startWitnessedLog(t)
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(2)
	if status, ar, err := wl.add(c.Entries...); err != nil || status != http.StatusOK {
		t.Fatalf("submit: %d %+v %v", status, ar, err)
	}
	v := wl.proof(t, c.Entries[2])
	if len(v.Cosigned) < 2 {
		t.Fatalf("cosigned by %v", v.Cosigned)
	}
	t.Logf("entry %d in a checkpoint of %d entries cosigned by %v", v.Index, v.Checkpoint.Size, v.Cosigned)
	wl.witnesses[0].Stop()
	e := c.Release("2.0")
	wl.add(e)
	if v := wl.proof(t, e); len(v.Cosigned) != 2 {
		t.Fatalf("with one witness down: cosigned by %v", v.Cosigned)
	}
	mark := wl.Logs.Len()
	wl.witnesses[1].Stop()
	e = c.Release("3.0")
	if status, _, err := wl.add(e); err != nil || status != http.StatusOK {
		t.Fatalf("submit with two witnesses down: %d %v", status, err)
	}
	if !wl.Logs.WaitFor(mark, "witness policy was not satisfied", time.Minute) {
		t.Fatalf("the log did not fail to publish with one witness of three:\n%s", wl.Logs)
	}
	t.Logf("the log says: %s", lineWith(wl.Logs.String()[mark:], "publishCheckpoint"))
	resp, err := http.Get(wl.URL + btlog.PathProof + e.Hash().String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a proof without a witnessed checkpoint: %d", resp.StatusCode)
	}
}

// lineWith returns the first line of s that holds sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
