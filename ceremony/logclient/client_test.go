package logclient

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// A head answer holds the head entry and its proof, each up to tens of
// KiB (an entry of a hand-over with witnesses, a checkpoint with many
// cosignatures): the client reads it whole, within tlog.MaxResponse.
func TestHeadReadsALargeAnswer(t *testing.T) {
	want := tlog.Head{Position: 7, Hash: strings.Repeat("ab", 32), Index: 41,
		Entry: strings.Repeat("a line of a long entry <with> markup\n", 400), Proof: strings.Repeat("p", 20<<10)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(want)
	}))
	defer srv.Close()
	c, err := New(srv.URL, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Head(context.Background(), chain.Hash{})
	if err != nil {
		t.Fatal(err)
	}
	if *got != want {
		t.Fatalf("head %d %s: want %d %s", got.Position, got.Hash, want.Position, want.Hash)
	}
}
