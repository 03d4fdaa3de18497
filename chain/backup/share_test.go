package backup_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/decred/dcrwallet/pgpwordlist"
)

func recoveryKey(t testing.TB, label string) *signify.SecretKey {
	t.Helper()
	k, err := signify.GenerateKey(chaintest.Seeded("share test recovery key " + label))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func split(t testing.TB, k *signify.SecretKey, m, n int, seed string) []*backup.Share {
	t.Helper()
	shares, err := backup.SplitKey(k, "example.org/hello", m, n, chaintest.Seeded(seed))
	if err != nil {
		t.Fatal(err)
	}
	return shares
}

// viaText returns the shares as read back from their text.
func viaText(t testing.TB, shares []*backup.Share) []*backup.Share {
	t.Helper()
	out := make([]*backup.Share, len(shares))
	for i, s := range shares {
		p, err := backup.ParseShare(fmt.Sprintf("share-%d.txt", s.Index), s.Marshal())
		if err != nil {
			t.Fatalf("share %d: %v\n%s", s.Index, err, s.Marshal())
		}
		if !bytes.Equal(p.Marshal(), s.Marshal()) {
			t.Fatalf("share %d changed through its text", s.Index)
		}
		out[i] = p
	}
	return out
}

// subsets calls f with every subset of size k of shares.
func subsets(shares []*backup.Share, k int, f func([]*backup.Share)) {
	var rec func(start int, cur []*backup.Share)
	rec = func(start int, cur []*backup.Share) {
		if len(cur) == k {
			f(append([]*backup.Share(nil), cur...))
			return
		}
		for i := start; i < len(shares); i++ {
			rec(i+1, append(cur, shares[i]))
		}
	}
	rec(0, nil)
}

func sameKey(a, b *signify.SecretKey) bool {
	return a.KeyNum == b.KeyNum && bytes.Equal(a.Key, b.Key)
}

func TestSharesEveryThresholdSubsetRestores(t *testing.T) {
	k := recoveryKey(t, "3of5")
	shares := viaText(t, split(t, k, 3, 5, "split 3of5"))
	for size := 3; size <= 5; size++ {
		n := 0
		subsets(shares, size, func(set []*backup.Share) {
			n++
			got, err := backup.CombineShares(set)
			if err != nil {
				t.Fatalf("shares %v: %v", set, err)
			}
			if !sameKey(got, k) {
				t.Fatalf("shares %v rebuild another key", set)
			}
			// Order does not matter.
			set[0], set[len(set)-1] = set[len(set)-1], set[0]
			if got, err := backup.CombineShares(set); err != nil || !sameKey(got, k) {
				t.Fatalf("reversed %v: %v", set, err)
			}
		})
		if want := map[int]int{3: 10, 4: 5, 5: 1}[size]; n != want {
			t.Fatalf("%d subsets of size %d, want %d", n, size, want)
		}
	}
}

func TestSharesEveryTooSmallSubsetFails(t *testing.T) {
	k := recoveryKey(t, "3of5")
	shares := split(t, k, 3, 5, "split 3of5")
	n := 0
	for size := 0; size < 3; size++ {
		subsets(shares, size, func(set []*backup.Share) {
			n++
			_, err := backup.CombineShares(set)
			if !errors.Is(err, backup.ErrTooFewShares) {
				t.Fatalf("%d shares: want ErrTooFewShares, got %v", size, err)
			}
			if size > 0 && !strings.Contains(err.Error(), fmt.Sprintf("%d of 3 needed shares: missing threshold", size)) {
				t.Fatalf("message %q", err)
			}
		})
	}
	if n != 1+5+10 {
		t.Fatalf("%d subsets", n)
	}
}

func TestSharesOtherThresholds(t *testing.T) {
	k := recoveryKey(t, "other")
	for _, mn := range [][2]int{{2, 2}, {2, 3}, {3, 3}, {4, 7}, {5, 5}} {
		m, n := mn[0], mn[1]
		shares := viaText(t, split(t, k, m, n, fmt.Sprintf("split %d of %d", m, n)))
		subsets(shares, m, func(set []*backup.Share) {
			got, err := backup.CombineShares(set)
			if err != nil || !sameKey(got, k) {
				t.Fatalf("%d of %d, shares %v: %v", m, n, set, err)
			}
		})
		subsets(shares, m-1, func(set []*backup.Share) {
			if _, err := backup.CombineShares(set); !errors.Is(err, backup.ErrTooFewShares) {
				t.Fatalf("%d of %d with %d shares: %v", m, n, m-1, err)
			}
		})
	}
	for _, mn := range [][2]int{{1, 3}, {4, 3}, {2, 256}, {0, 0}} {
		if _, err := backup.SplitKey(k, "example.org/hello", mn[0], mn[1], nil); err == nil {
			t.Errorf("split %d of %d accepted", mn[0], mn[1])
		}
	}
}

func TestSharesDeterministicFromSeed(t *testing.T) {
	k := recoveryKey(t, "det")
	a, b := split(t, k, 2, 3, "same seed"), split(t, k, 2, 3, "same seed")
	c := split(t, k, 2, 3, "other seed")
	for i := range a {
		if !bytes.Equal(a[i].Marshal(), b[i].Marshal()) {
			t.Fatal("same seed, different shares")
		}
		if a[i].Value == c[i].Value || a[i].Split == c[i].Split {
			t.Fatal("different seeds, same share")
		}
	}
}

// TestShareEveryWrongWordNamed replaces each word of every key line by
// other words of its list and checks that the exact line and word are
// named, with the right word suggested.
func TestShareEveryWrongWordNamed(t *testing.T) {
	k := recoveryKey(t, "words")
	s := split(t, k, 2, 3, "words")[1]
	text := string(s.Marshal())
	lines := strings.Split(text, "\n")
	for li := 7; li < 11; li++ {
		orig := lines[li]
		label, rest, _ := strings.Cut(orig, ":")
		words := strings.Fields(rest)
		for wi, w := range words {
			v, err := pgpwordlist.DecodeMnemonics([]string{pgpwordlist.ByteToMnemonic(0, 0), w})
			if wi%2 == 0 {
				v, err = pgpwordlist.DecodeMnemonics([]string{w})
			}
			if err != nil {
				t.Fatal(err)
			}
			b := v[len(v)-1]
			for _, delta := range []byte{1, 0x80, 0x5a} {
				wrong := pgpwordlist.ByteToMnemonic(b^delta, wi)
				ws := append([]string(nil), words...)
				ws[wi] = wrong
				lines[li] = label + ": " + strings.Join(ws, " ")
				_, err := backup.ParseShare("share.txt", []byte(strings.Join(lines, "\n")))
				var pe *signify.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("wrong word %q for %q at line %d word %d passed: %v", wrong, w, li+1, wi+1, err)
				}
				want := fmt.Sprintf("key line %d, word %d", li-6, wi+1)
				if pe.Line != li+1 || !strings.Contains(pe.Msg, want) || !strings.Contains(pe.Msg, fmt.Sprintf("should be %q", w)) {
					t.Fatalf("wrong word at line %d word %d: got line %d %q", li+1, wi+1, pe.Line, pe.Msg)
				}
			}
		}
		lines[li] = orig
	}
}

func TestShareParseErrors(t *testing.T) {
	k := recoveryKey(t, "errors")
	shares := split(t, k, 2, 3, "errors")
	text := string(shares[0].Marshal())
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	repl := func(i int, s string) string {
		l := append([]string(nil), lines...)
		l[i] = s
		return strings.Join(l, "\n")
	}
	other := strings.Split(string(shares[1].Marshal()), "\n")
	firstWord := func(l string) string { return strings.Fields(l)[1] }
	cases := []struct {
		name, in string
		line     int
		contains string
	}{
		{"empty", "", 0, "empty"},
		{"not a share", "hello\n", 1, "baton recovery share 1"},
		{"misspelled word", repl(8, strings.Replace(lines[8], firstWord(lines[8]), firstWord(lines[8])+"x", 1)), 9, "key line 2, word 1: "},
		{"word from the other list", repl(9, strings.Replace(lines[9], firstWord(lines[9]), pgpwordlist.ByteToMnemonic(7, 1), 1)), 10, "key line 3, word 1: \"" + pgpwordlist.ByteToMnemonic(7, 1) + "\" is a three-syllable word"},
		{"missing word", repl(10, strings.Join(strings.Fields(lines[10])[:10], " ")), 11, "key line 4 has 9 words"},
		{"line of another share", repl(8, other[8]), 9, "key line 2"},
		{"split typo", repl(4, "split: 0000000000000000"), 7, "header does not match its check words"},
		{"package typo", repl(1, "package: example.org/hallo"), 7, "header does not match"},
		{"threshold typo", repl(5, strings.Replace(lines[5], "any 2", "any 3", 1)), 7, "header does not match"},
		{"impossible counts", repl(5, "share: 4 of 3, any 2 rebuild the key"), 6, "impossible"},
		{"bad hex", repl(2, "signatory: xyz"), 3, "32 hex digits"},
		{"lines missing", strings.Join(lines[:9], "\n"), 0, "\"3:\""},
		{"line out of order", repl(8, strings.Replace(lines[8], "2:", "3:", 1)), 9, "expected the line \"2:\""},
		{"trailing line", text + "5: more\n", 12, "unexpected line"},
	}
	for _, c := range cases {
		_, err := backup.ParseShare("share.txt", []byte(c.in))
		var pe *signify.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: want a ParseError, got %v", c.name, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(pe.Msg, c.contains) {
			t.Errorf("%s: got line %d %q, want line %d containing %q", c.name, pe.Line, pe.Msg, c.line, c.contains)
		}
	}
}

func TestShareTolerance(t *testing.T) {
	k := recoveryKey(t, "tolerance")
	s := split(t, k, 2, 2, "tolerance")[0]
	text := string(s.Marshal())
	for name, v := range map[string]string{
		"uppercase":          strings.Replace(strings.ToUpper(text), "EXAMPLE.ORG/HELLO", "example.org/hello", 1), // package names are case-sensitive
		"CRLF, blank lines":  "\r\n" + strings.ReplaceAll(text, "\n", "\r\n\r\n"),
		"extra spaces, tabs": strings.ReplaceAll(strings.ReplaceAll(text, " ", "  \t"), "\n", " \n "),
		"no final newline":   strings.TrimSuffix(text, "\n"),
		"no comma":           strings.Replace(text, ", any", " any", 1),
	} {
		p, err := backup.ParseShare("typed", []byte(v))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(p.Marshal(), s.Marshal()) {
			t.Errorf("%s: different share", name)
		}
	}
	// Package names keep their case.
	s2, err := backup.SplitKey(k, "Example.org/Hello", 2, 2, chaintest.Seeded("case"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := backup.ParseShare("typed", s2[0].Marshal())
	if err != nil || p.Package != "Example.org/Hello" {
		t.Fatalf("package %q, %v", p.Package, err)
	}
}

func TestSharesFromAnotherSplitNamed(t *testing.T) {
	k := recoveryKey(t, "splits")
	a := split(t, k, 3, 5, "split a")
	b := split(t, k, 3, 5, "split b")
	_, err := backup.CombineShares([]*backup.Share{a[0], a[1], b[2]})
	if !errors.Is(err, backup.ErrOtherSplit) {
		t.Fatalf("want ErrOtherSplit, got %v", err)
	}
	if !strings.Contains(err.Error(), "share 3 of 5 is "+backup.ErrOtherSplit.Error()) || !strings.Contains(err.Error(), b[2].Split.String()) {
		t.Fatalf("error does not name the share: %v", err)
	}
	// The minority is named, wherever it is.
	b[0].Name = "bob.txt"
	_, err = backup.CombineShares([]*backup.Share{b[0], a[1], a[2], a[3]})
	if !errors.Is(err, backup.ErrOtherSplit) || !strings.Contains(err.Error(), "share 1 of 5 (bob.txt)") {
		t.Fatalf("got %v", err)
	}
	// Another key's split.
	c := split(t, recoveryKey(t, "another key"), 3, 5, "split c")
	if _, err := backup.CombineShares([]*backup.Share{a[0], a[1], c[2]}); !errors.Is(err, backup.ErrOtherSplit) {
		t.Fatalf("got %v", err)
	}
}

func TestSharesDuplicate(t *testing.T) {
	k := recoveryKey(t, "dup")
	a := split(t, k, 2, 3, "dup")
	_, err := backup.CombineShares([]*backup.Share{a[0], a[0]})
	if !errors.Is(err, backup.ErrDuplicateShare) || !strings.Contains(err.Error(), "share 1 of 3 was given twice") {
		t.Fatalf("got %v", err)
	}
	altered := *a[0]
	altered.Value[3] ^= 1
	_, err = backup.CombineShares([]*backup.Share{a[0], a[1], &altered})
	if !errors.Is(err, backup.ErrDuplicateShare) || !strings.Contains(err.Error(), "different values") {
		t.Fatalf("got %v", err)
	}
}

// TestSharesWrongButConsistent: a share whose value was altered and whose
// text was rewritten to match (so every check word passes) still cannot
// rebuild a key silently: the rebuilt key is checked against the recovery
// key's fingerprint, and with a spare share the culprit is named.
func TestSharesWrongButConsistent(t *testing.T) {
	k := recoveryKey(t, "consistent")
	shares := split(t, k, 3, 5, "consistent")
	bad := *shares[1]
	bad.Value[0] ^= 0x40
	forged, err := backup.ParseShare("forged.txt", bad.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	_, err = backup.CombineShares([]*backup.Share{shares[0], forged, shares[2]})
	if !errors.Is(err, backup.ErrSharesMismatch) {
		t.Fatalf("want ErrSharesMismatch, got %v", err)
	}
	_, err = backup.CombineShares([]*backup.Share{shares[0], forged, shares[2], shares[4]})
	if !errors.Is(err, backup.ErrSharesMismatch) || !strings.Contains(err.Error(), "share 2 of 5 (forged.txt) disagrees") {
		t.Fatalf("want the culprit named, got %v", err)
	}
	// A header that names another recovery key fails the same way.
	wrongSig := *shares[0]
	wrongSig.Signatory = chain.SignatoryOf(recoveryKey(t, "x").Public(""))
	w2, w3 := *shares[1], *shares[2]
	w2.Signatory, w3.Signatory = wrongSig.Signatory, wrongSig.Signatory
	if _, err := backup.CombineShares([]*backup.Share{&wrongSig, &w2, &w3}); !errors.Is(err, backup.ErrSharesMismatch) {
		t.Fatalf("got %v", err)
	}
}

func TestShareQRPayload(t *testing.T) {
	k := recoveryKey(t, "qr")
	for _, s := range split(t, k, 3, 4, "qr") {
		payload := s.QRPayload()
		if len(payload) > 200 || !bytes.HasPrefix(payload, []byte("baton-share-1:example.org/hello:")) {
			t.Fatalf("payload %q", payload)
		}
		for _, in := range [][]byte{payload, append(bytes.Clone(payload), '\n'), append(bytes.Clone(payload), '\r', '\n')} {
			got, err := backup.ParseShare("QR", in)
			if err != nil || !bytes.Equal(got.Marshal(), s.Marshal()) {
				t.Fatalf("%q: %v", in, err)
			}
		}
		bad := bytes.Clone(payload)
		if bad[len(bad)-10] == '0' { // another hex digit
			bad[len(bad)-10] = '1'
		} else {
			bad[len(bad)-10] = '0'
		}
		if _, err := backup.ParseShare("QR", bad); err == nil || !strings.Contains(err.Error(), "check bytes") {
			t.Fatalf("altered payload: %v", err)
		}
		if _, err := backup.ParseShare("QR", bytes.ToUpper(payload)); err == nil {
			t.Fatal("uppercase payload accepted")
		}
	}
}

func FuzzParseShare(f *testing.F) {
	k := recoveryKey(f, "fuzz")
	for _, s := range split(f, k, 2, 3, "fuzz") {
		text := s.Marshal()
		f.Add(text)
		f.Add(bytes.ToUpper(text))
		f.Add(text[:len(text)/2])
		f.Add(s.QRPayload())
	}
	f.Add([]byte("baton recovery share 1\n"))
	f.Add([]byte("baton-share-1:x:00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := backup.ParseShare("fuzz", in)
		if err != nil {
			return
		}
		out := s.Marshal()
		again, err := backup.ParseShare("re-encoded", out)
		if err != nil {
			t.Fatalf("re-encoded share does not parse: %v\n%s", err, out)
		}
		if !bytes.Equal(again.Marshal(), out) {
			t.Fatalf("round trip changed the share:\nin:  %q\nout: %q", in, out)
		}
	})
}
