package chain

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// The signatures checked ahead of the walk (verifysig.go) must never change
// what the walk decides: with helpers or without, every chain gets the same
// result or the same error, word for word.

// walkBoth walks data with no helper, then with 1 and 3, and fails t unless
// all agree. It returns the walk's error.
func walkBoth(t *testing.T, name string, pin Pin, data []byte) error {
	t.Helper()
	want, wantErr := walkWith(pin, NewReader(name, bytes.NewReader(data)), 0)
	for _, helpers := range []int{1, 3} {
		got, err := walkWith(pin, NewReader(name, bytes.NewReader(data)), helpers)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("%s with %d helpers: error\n%v\nwant (no helper)\n%v", name, helpers, err, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s with %d helpers: result\n%+v\nwant (no helper)\n%+v", name, helpers, got, want)
		}
	}
	if pin.Position == 0 {
		if err := FirstTrustVerdict(pin.Package, NewReader(name, bytes.NewReader(data))); fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("%s: FirstTrustVerdict is\n%v\nwant\n%v", name, err, wantErr)
		}
		for _, helpers := range []int{0, 1} {
			w := newWalker(pin, name)
			w.lean = true
			if _, err := w.walk(NewReader(name, bytes.NewReader(data)), helpers); fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("%s: the verdict alone with %d helpers is\n%v\nwant\n%v", name, helpers, err, wantErr)
			}
		}
	}
	return wantErr
}

type chainVector struct {
	Name, Type, Chain, Pin, Expect string
}

// chainVectors returns testdata's verify and first-trust cases, and the
// pin each is checked against.
func chainVectors(t *testing.T) ([]chainVector, map[string]Pin) {
	t.Helper()
	raw, err := os.ReadFile("../testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var all, out []chainVector
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	pins := map[string]Pin{}
	for _, c := range all {
		switch c.Type {
		case "first-trust":
			pins[c.Name] = Pin{Package: "example.org/hello"}
		case "verify":
			store, err := ParseTrustStore("pin", []byte(c.Pin+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			p, ok := store.Get("example.org/hello")
			if !ok {
				t.Fatalf("%s: no pin", c.Name)
			}
			pins[c.Name] = *p
		default:
			continue
		}
		out = append(out, c)
	}
	if len(out) < 30 {
		t.Fatalf("only %d chain vectors", len(out))
	}
	return out, pins
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The guesses are right for every kind of entry: walking the valid vector
// chains (a genesis, releases, hand-overs, re-keys, an emergency switch),
// the walk checks no Ed25519 signature itself.
func TestSignaturesAheadGuessEveryKind(t *testing.T) {
	cases, pins := chainVectors(t)
	kinds := map[Kind]bool{}
	for _, c := range cases {
		if c.Expect != "ok" {
			continue
		}
		data := readTestdata(t, c.Chain)
		entries, err := ReadAll(c.Chain, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", c.Chain, err)
		}
		for _, e := range entries {
			kinds[e.Kind] = true
		}
		// The walk itself, with one helper: its own loop hands each entry's
		// checks made ahead to signedBy.
		w := newWalker(pins[c.Name], c.Chain)
		if _, err := w.walk(NewReader(c.Chain, bytes.NewReader(data)), 1); err != nil {
			t.Fatalf("%s: %v", c.Chain, err)
		}
		if w.unguessed != 0 {
			t.Errorf("%s: %d signatures were not guessed", c.Chain, w.unguessed)
		}
		// unguessed counts only while the walk has checks ahead at hand:
		// the last entry's must still be there.
		if it := w.spec; it == nil || !bytes.Equal(it.s.Text, entries[len(entries)-1].Text) {
			t.Errorf("%s: the walk had no checks made ahead for its last entry", c.Chain)
		}
	}
	for _, k := range []Kind{KindGenesis, KindRelease, KindHandover, KindRekey, KindEmergency} {
		if !kinds[k] {
			t.Errorf("no valid vector chain has a %s entry", k)
		}
	}
}

// Every chain vector, refused or not, is judged alike with helpers.
func TestSignaturesAheadJudgeVectorsAlike(t *testing.T) {
	cases, pins := chainVectors(t)
	for _, c := range cases {
		walkBoth(t, c.Chain, pins[c.Name], readTestdata(t, c.Chain))
	}
}

// Every signature of every valid vector chain altered in turn (a bit of the
// signature flipped, or the line dropped): the walk refuses each copy at
// the same place, for the same reason, with or without helpers.
func TestSignaturesAheadJudgeAlteredSignaturesAlike(t *testing.T) {
	cases, pins := chainVectors(t)
	altered := 0
	for _, c := range cases {
		if c.Expect != "ok" {
			continue
		}
		data := readTestdata(t, c.Chain)
		lines := strings.SplitAfter(string(data), "\n")
		for i, l := range lines {
			if !strings.HasPrefix(l, sigPrefix) {
				continue
			}
			sig, err := parseNoteSig(strings.TrimSuffix(l, "\n"))
			if err != nil || len(sig.Sig) != ed25519.SignatureSize {
				continue // an ML-DSA-65 line: the walk checks those itself
			}
			flipped := sig
			flipped.Sig = bytes.Clone(sig.Sig)
			flipped.Sig[i%len(flipped.Sig)] ^= 1 << (i % 8)
			for what, repl := range map[string]string{"flipped": flipped.line(), "dropped": ""} {
				alt := slicesWith(lines, i, repl)
				err := walkBoth(t, fmt.Sprintf("%s line %d %s", c.Chain, i+1, what), pins[c.Name], []byte(alt))
				if err != nil {
					altered++
				}
			}
		}
	}
	if altered < 50 {
		t.Fatalf("only %d altered copies refused", altered)
	}
}

func slicesWith(lines []string, i int, repl string) string {
	var b strings.Builder
	for j, l := range lines {
		if j == i {
			l = repl
		}
		b.WriteString(l)
	}
	return b.String()
}

// testChain is a genesis and n-1 releases; keys[i] signs entry i+2.
func testChain(t *testing.T, n int) ([]*SignedEntry, []*signify.SecretKey) {
	t.Helper()
	var keys []*signify.SecretKey
	key := func() *signify.SecretKey {
		k, err := signify.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{byte(len(keys) + 1)}, 40)))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		return k
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec, k1 := key(), key()
	g, err := SignEntry(NewGenesis("example.org/spec", "Spec", rec.Public(""), k1.Public(""), at), rec, k1)
	if err != nil {
		t.Fatal(err)
	}
	es := []*SignedEntry{g}
	for i := 2; i <= n; i++ {
		signer := keys[len(keys)-1]
		e := Follow(es[len(es)-1], KindRelease, key().Public(""), at.Add(time.Duration(i)*time.Hour))
		e.Version, e.Checksums = fmt.Sprintf("1.%d", i), Hash{byte(i)}
		s, err := SignEntry(e, signer)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, s)
	}
	return es, keys
}

// A check made ahead answers only the question it was made for: the same
// entry and a key equal in keynum and key bytes. Any other question, and a
// check that did not verify, goes to the walk's own SignedBy.
func TestSignedByTrustsAheadCheckOnlyForItsEntryAndKey(t *testing.T) {
	es, keys := testChain(t, 3)
	s, other := es[1], es[2]
	good := keys[1].Public("")  // K1 signed entry 2
	wrong := keys[0].Public("") // the recovery key: it signed the genesis only
	copied := *good
	copied.Key = bytes.Clone(good.Key)
	sameKeyOtherNum := copied
	sameKeyOtherNum.KeyNum[0] ^= 1
	if s.SignedBy(wrong) == nil || other.SignedBy(wrong) == nil {
		t.Fatal("the recovery key signed a release?")
	}
	cases := []struct {
		name    string
		check   specCheck
		entry   *SignedEntry
		ask     *signify.PublicKey
		wantNil bool
	}{
		{"the check made for it", specCheck{key: good, ok: true}, s, good, true},
		{"a copy of the key", specCheck{key: good, ok: true}, s, &copied, true},
		// A lying check (ok for a key that did not sign) is believed only
		// for its own entry and key: here the walk asks of another entry.
		{"another entry", specCheck{key: wrong, ok: true}, other, wrong, false},
		{"another key", specCheck{key: wrong, ok: true}, s, good, true}, // SignedBy(good) is nil anyway
		{"another key, no signature", specCheck{key: good, ok: true}, s, wrong, false},
		{"same key bytes, another keynum", specCheck{key: good, ok: true}, s, &sameKeyOtherNum, false},
		{"a check that failed", specCheck{key: wrong, ok: false}, s, wrong, false},
	}
	for _, c := range cases {
		w := &walker{spec: &specEntry{s: s, checks: []specCheck{c.check}}}
		err := w.signedBy(c.entry, c.ask)
		if (err == nil) != c.wantNil {
			t.Errorf("%s: signedBy = %v", c.name, err)
		}
		if want := c.entry.SignedBy(c.ask); fmt.Sprint(err) != fmt.Sprint(want) {
			t.Errorf("%s: signedBy = %v, SignedBy = %v", c.name, err, want)
		}
	}
}

// Read-ahead never reaches past the window: a chain of many entries is
// walked with at most maxSpecWindow entries read and not yet walked.
func TestSignaturesAheadWindowIsBounded(t *testing.T) {
	es, _ := testChain(t, 3*maxSpecWindow)
	r := NewReader("chain", bytes.NewReader(Marshal(es)))
	p := newSigPipeline(r, 1)
	defer p.stop()
	for {
		it, err := p.next()
		if err != nil {
			break
		}
		if p.n >= maxSpecWindow || p.winBytes > maxSpecBytes {
			t.Fatalf("at position %d: %d entries (%d bytes) in flight", it.s.Position, p.n+1, p.winBytes)
		}
		if r.entries-int(it.s.Position) > maxSpecWindow {
			t.Fatalf("at position %d the reader is at entry %d", it.s.Position, r.entries)
		}
	}
	if _, err := walkWith(Pin{Package: "example.org/spec"}, NewReader("chain", bytes.NewReader(Marshal(es))), 1); err != nil {
		t.Fatal(err)
	}
}
