package logserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/transparency-dev/tessera"
	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/cmd/baton-log/internal/testchain"
)

type testLog struct {
	t      *testing.T
	dir    string
	signer note.Signer
	vkey   string
	log    *Log
	srv    *httptest.Server
}

func newTestLog(t *testing.T) *testLog {
	skey, vkey, err := note.GenerateKey(rand.Reader, "example.org/test-log")
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	tl := &testLog{t: t, dir: t.TempDir(), signer: s, vkey: vkey}
	tl.start()
	t.Cleanup(tl.stop)
	return tl
}

func (tl *testLog) start() {
	l, err := Open(Config{Dir: tl.dir, Signer: tl.signer, CheckpointInterval: 100 * time.Millisecond, BatchMaxAge: 10 * time.Millisecond, Logf: tl.t.Logf})
	if err != nil {
		tl.t.Fatal(err)
	}
	tl.log, tl.srv = l, httptest.NewServer(l.Handler())
}

func (tl *testLog) stop() {
	if tl.log == nil {
		return
	}
	tl.srv.Close()
	if err := tl.log.Close(context.Background()); err != nil {
		tl.t.Error(err)
	}
	tl.log = nil
}

// add posts entries and returns the status and the answer.
func (tl *testLog) add(es ...*chain.SignedEntry) (int, *tlog.AddResponse) {
	tl.t.Helper()
	resp, err := http.Post(tl.srv.URL+tlog.PathAdd, "text/plain", bytes.NewReader(chain.Marshal(es)))
	if err != nil {
		tl.t.Fatal(err)
	}
	defer resp.Body.Close()
	var ar tlog.AddResponse
	if err := json.NewDecoder(resp.Body).Decode(&ar); err != nil {
		tl.t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, &ar
}

func (tl *testLog) get(path string) (int, []byte) {
	tl.t.Helper()
	resp, err := http.Get(tl.srv.URL + path)
	if err != nil {
		tl.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func (tl *testLog) policy() *tlog.Policy {
	p, err := tlog.ParsePolicy("policy", []byte("log "+tl.vkey+"\nquorum none\n"))
	if err != nil {
		tl.t.Fatal(err)
	}
	return p
}

func TestSubmitProveAndKeepEvidence(t *testing.T) {
	tl := newTestLog(t)
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(3)
	status, ar := tl.add(c.Entries...)
	if status != http.StatusOK || len(ar.Entries) != 4 || ar.Refused != nil {
		t.Fatalf("submit: %d %+v", status, ar)
	}
	if status, ar := tl.add(c.Entries...); status != http.StatusOK || !ar.Entries[3].Present || ar.Entries[3].Index != 3 {
		t.Fatalf("resubmit: %d %+v", status, ar)
	}
	fork := c.Fork(3, "6.6.6")
	status, ar = tl.add(fork)
	if status != http.StatusConflict || ar.Refused == nil || ar.Refused.Evidence != 1 {
		t.Fatalf("fork by a stolen key: %d %+v", status, ar)
	}
	t.Logf("refused: %s", ar.Refused.Reason)
	if status, ar := tl.add(c.Altered(2)); status != http.StatusUnprocessableEntity || ar.Refused.Evidence != 0 {
		t.Fatalf("altered entry: %d %+v", status, ar)
	}
	checkEvidence(t, tl, fork, 2)
	checkProof(t, tl, c.Entries[3], 3)
	_, body := tl.get(tlog.PathHead + c.Entries[0].Hash().String())
	var h tlog.Head
	if err := json.Unmarshal(body, &h); err != nil || h.Position != 4 || h.Hash != c.Entries[3].Hash().String() || h.Entry != string(c.Entries[3].Marshal()) {
		t.Fatalf("head: %s %v", body, err)
	}
	hp, err := tlog.ParseProof("head proof", []byte(h.Proof))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tl.policy().Verify(hp, []byte(h.Entry), time.Now()); err != nil {
		t.Fatalf("the head's proof: %v", err)
	}
}

// checkEvidence fetches the evidence list and piece 1: the fork, against
// the logged entry at index against.
func checkEvidence(t *testing.T, tl *testLog, fork *chain.SignedEntry, against uint64) {
	t.Helper()
	_, list := tl.get(tlog.PathEvidence)
	items, err := tlog.ParseEvidenceList(list)
	if err != nil || len(items) != 1 || items[0].Hash != fork.Hash() || items[0].Against != against {
		t.Fatalf("evidence list %q: %v", list, err)
	}
	_, piece := tl.get(tlog.PathEvidence + "/1")
	a, e, err := tlog.ParseEvidence("evidence 1", piece)
	if err != nil || a != against || !bytes.Equal(e.Marshal(), fork.Marshal()) {
		t.Fatalf("evidence 1: %v", err)
	}
}

// checkProof fetches a proof of e and verifies it with the log's key.
func checkProof(t *testing.T, tl *testLog, e *chain.SignedEntry, index uint64) {
	t.Helper()
	status, body := tl.get(tlog.PathProof + e.Hash().String() + "?wait=1")
	if status != http.StatusOK {
		t.Fatalf("proof: %d %s", status, body)
	}
	p, err := tlog.ParseProof("proof", body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tl.policy().Verify(p, e.Marshal(), time.Now())
	if err != nil || v.Index != index {
		t.Fatalf("proof of entry %d: %v", index, err)
	}
	if _, err := tl.policy().Verify(p, tl.log.mustRead(t, 0).Marshal(), time.Now()); !errors.Is(err, tlog.ErrNotIncluded) {
		t.Fatalf("the proof of entry %d proved entry 0: %v", index, err)
	}
}

func (l *Log) mustRead(t *testing.T, i uint64) *chain.SignedEntry {
	e, err := l.readEntry(context.Background(), i)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A restarted log replays its entries: it knows what it holds, judges a
// fork against the logged chain, and appends the next entry.
func TestRestartReplays(t *testing.T) {
	tl := newTestLog(t)
	c := testchain.New("example.org/hello", "Ada")
	c.Releases(300) // more than an entry bundle
	tl.add(c.Entries...)
	tl.add(c.Fork(5, "evil"))
	tl.stop()
	tl.start()
	if status, ar := tl.add(c.Entries[299]); status != http.StatusOK || !ar.Entries[0].Present || ar.Entries[0].Index != 299 {
		t.Fatalf("after restart, a logged entry: %d %+v", status, ar)
	}
	if status, ar := tl.add(c.Release("9.0")); status != http.StatusOK || ar.Entries[0].Index != 301 {
		t.Fatalf("after restart, the next release: %d %+v", status, ar)
	}
	if status, ar := tl.add(c.Fork(7, "evil")); status != http.StatusConflict || ar.Refused.Evidence != 2 {
		t.Fatalf("after restart, a fork: %d %+v", status, ar)
	}
	if status, _ := tl.add(c.Fork(5, "evil")); status != http.StatusConflict {
		t.Fatalf("after restart, a fork kept before: %d", status)
	}
	if _, list := tl.get(tlog.PathEvidence + "?from=2"); !bytes.HasPrefix(list, []byte("2 ")) {
		t.Fatalf("evidence from 2: %q", list)
	}
	// Judging a conflict at position 300 reads the chain's 300 logged
	// entries: each entry bundle once, not once per entry.
	counter := &countingReader{LogReader: tl.log.reader}
	tl.log.reader = counter
	if status, ar := tl.add(c.Altered(300)); status != http.StatusUnprocessableEntity || ar.Refused == nil {
		t.Fatalf("an altered copy of entry 300: %d %+v", status, ar)
	}
	if n := counter.bundles.Load(); n > 2 {
		t.Errorf("judging a conflict at position 300 read %d entry bundles, want 2", n)
	}
}

// countingReader counts the entry bundles read.
type countingReader struct {
	tessera.LogReader
	bundles atomic.Int32
}

func (r *countingReader) ReadEntryBundle(ctx context.Context, index uint64, p uint8) ([]byte, error) {
	r.bundles.Add(1)
	return r.LogReader.ReadEntryBundle(ctx, index, p)
}

func TestHostileRequests(t *testing.T) {
	tl := newTestLog(t)
	for _, tc := range []struct {
		path string
		want int
	}{
		{tlog.PathProof + "zz", http.StatusBadRequest},
		{tlog.PathProof + fmt.Sprintf("%064x", 7), http.StatusNotFound},
		{tlog.PathHead + fmt.Sprintf("%064x", 7), http.StatusNotFound},
		{tlog.PathEvidence + "/1", http.StatusNotFound},
		{tlog.PathEvidence + "/x", http.StatusBadRequest},
		{"/tile/../.state/treeState", http.StatusNotFound},
	} {
		if status, body := tl.get(tc.path); status != tc.want {
			t.Errorf("GET %s: %d %s, want %d", tc.path, status, body, tc.want)
		}
	}
	resp, err := http.Post(tl.srv.URL+tlog.PathAdd, "text/plain", bytes.NewReader(bytes.Repeat([]byte("x"), tlog.MaxSubmission+1)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized submission: %d", resp.StatusCode)
	}
	resp, err = http.Post(tl.srv.URL+tlog.PathAdd, "text/plain", bytes.NewReader([]byte("baton-entry v1\nnot an entry\n")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("malformed submission: %d", resp.StatusCode)
	}
}
