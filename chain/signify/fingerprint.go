package signify

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/decred/dcrwallet/pgpwordlist"
)

// FingerprintWords is how many PGP words a fingerprint is shown as: 12
// words carry 96 bits. See spec/signify.md, "Why 96 bits, and why PGP
// words".
const FingerprintWords = 12

// Fingerprint identifies a public key for people: SHA-256 of the key's whole
// 42-byte signify structure ("Ed" · keynum · key), so two keys that differ in
// any byte have different fingerprints. It is never the keynum.
type Fingerprint [sha256.Size]byte

// FingerprintOf returns p's fingerprint.
func FingerprintOf(p *PublicKey) Fingerprint { return sha256.Sum256(p.Blob()) }

// Fingerprint returns p's fingerprint.
func (p *PublicKey) Fingerprint() Fingerprint { return FingerprintOf(p) }

// Hex returns the whole fingerprint in lowercase hex, for machines and logs.
func (f Fingerprint) Hex() string { return hex.EncodeToString(f[:]) }

// Short returns the first 8 bytes in hex: a compact label, not for checking
// trust.
func (f Fingerprint) Short() string { return hex.EncodeToString(f[:8]) }

// Words returns the fingerprint's first 96 bits as 12 words of the PGP word
// list, for reading aloud: even positions use the two-syllable list and odd
// positions the three-syllable one, so a swapped, doubled or dropped word is
// noticed.
func (f Fingerprint) Words() []string {
	w := make([]string, FingerprintWords)
	for i := range w {
		w[i] = pgpwordlist.ByteToMnemonic(f[i], i)
	}
	return w
}

// WordString returns the words in three groups of four, the way Baton shows
// them: "word word word word  word word word word  word word word word".
func (f Fingerprint) WordString() string {
	w := f.Words()
	return strings.Join(w[0:4], " ") + "  " + strings.Join(w[4:8], " ") + "  " + strings.Join(w[8:12], " ")
}

// String returns WordString.
func (f Fingerprint) String() string { return f.WordString() }

// pgpParity maps every PGP word, lowercased, to 0 (two-syllable list, even
// positions) or 1 (three-syllable list, odd positions).
var pgpParity = func() map[string]int {
	m := make(map[string]int, 512)
	for b := 0; b < 256; b++ {
		m[strings.ToLower(pgpwordlist.ByteToMnemonic(byte(b), 0))] = 0
		m[strings.ToLower(pgpwordlist.ByteToMnemonic(byte(b), 1))] = 1
	}
	return m
}()

// ErrWordMismatch is wrapped by CheckWords when a well-formed word differs
// from the key's: the key is not the one expected (as opposed to a typo).
var ErrWordMismatch = errors.New("MISMATCH")

// ErrWordInput is wrapped by CheckWords when the words as typed are not
// well formed (a count, a spelling, a word of the other list at its
// position): an input error to retype, never evidence about the key.
var ErrWordInput = errors.New("the words as typed cannot be compared")

// CheckWords compares words a person typed or read out with f. Case,
// punctuation between words and extra spaces do not matter. It returns nil
// on a match and otherwise an error that names the first wrong word.
func (f Fingerprint) CheckWords(typed string) error {
	got := strings.FieldsFunc(strings.ToLower(typed), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	})
	want := f.Words()
	for i := range want {
		if i >= len(got) {
			return fmt.Errorf("%w: only %d of %d words given: word %d should follow", ErrWordInput, len(got), len(want), i+1)
		}
		if got[i] == strings.ToLower(want[i]) {
			continue
		}
		parity, ok := pgpParity[got[i]]
		switch {
		case !ok:
			return fmt.Errorf("%w: word %d, %q, is not in the PGP word list: check its spelling", ErrWordInput, i+1, got[i])
		case parity != i%2:
			return fmt.Errorf("%w: word %d, %q, belongs at %s positions: check for a dropped, doubled or swapped word", ErrWordInput, i+1, got[i], map[int]string{0: "odd-numbered (1st, 3rd, ...)", 1: "even-numbered (2nd, 4th, ...)"}[parity])
		}
		return fmt.Errorf("%w at word %d: %q is not this key's word", ErrWordMismatch, i+1, got[i])
	}
	if len(got) > len(want) {
		return fmt.Errorf("%w: %d words given, a fingerprint has %d", ErrWordInput, len(got), len(want))
	}
	return nil
}
