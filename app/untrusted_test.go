package app

import (
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// noUnsafe fails t when s holds a character that must be shown escaped.
func noUnsafe(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if r != '\n' && untrusted.UnsafeRune(r) {
			t.Fatalf("%s holds the raw character %U at byte %d: %q", what, r, i, s)
		}
	}
}

// Attack: a successor's draft whose name, reason and witness names hold
// terminal escapes, a bidi override and a line separator. What the app
// shows of it, before anyone signs, holds none of them raw, and names are
// quoted so that one cannot pose as another.
func TestDraftSummaryEscapesTheSuccessorsText(t *testing.T) {
	k := func() (*signify.SecretKey, *signify.PublicKey) {
		s, err := signify.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Public("")
	}
	_, rec := k()
	_, next := k()
	_, w := k()
	e := &chain.Entry{Package: "example.org/hello", Position: 5, Kind: chain.KindHandover, Time: time.Now().UTC(),
		Name: "Bob\x1b[2J\u202e", Reason: "retires\u2028OK: signed", Recovery: rec, Next: next,
		Witnesses: []chain.Witness{{Key: w, Name: "Carol\", \"Linus\x1b]0;t\a"}}}
	d := &chain.SignedEntry{Entry: e}
	got := draftSummary(d)
	noUnsafe(t, "the draft summary", got)
	for _, want := range []string{`to "Bob\x1b[2J\u202e"`, `Reason: "retires\u2028OK: signed"`, `"Carol\", \"Linus\x1b]0;t\x07"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary lacks %s:\n%s", want, got)
		}
	}
}
