package chain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain/signify"
)

// Kind is what a chain entry does.
type Kind string

// The entry kinds. Hand-over, re-key and emergency need the user's
// consent when a client crosses them (see NeedsConsent and Verify).
const (
	KindGenesis  Kind = "genesis"  // position 1: names the signatory, its recovery key and K_1
	KindRelease  Kind = "release"  // a release: digest of its signed checksum list
	KindHandover Kind = "handover" // the signatory hands the chain to a successor
	KindRekey    Kind = "rekey"    // the recovery key replaces a lost key
	// KindEmergency reveals a committed post-quantum key and is signed by
	// it, for when Ed25519 can no longer be trusted.
	KindEmergency Kind = "emergency"
)

// NeedsConsent reports whether a client crosses an entry of this kind
// after its pin only with the user's consent: a hand-over changes who
// holds the chain; a re-key or an emergency replaces the key in force
// without its signature.
func (k Kind) NeedsConsent() bool {
	return k == KindHandover || k == KindRekey || k == KindEmergency
}

// Limits on entries; see spec/chain.md, "Limits".
const (
	maxLineLen      = 1024
	maxEntryTextLen = 16 << 10
	maxSignatures   = 32
	maxWitnesses    = 16
	maxCommits      = 4
	maxEntries      = 100_000
	entryHeader     = "baton-entry v1"
)

// Hash is a SHA-256 digest, written as 64 lowercase hex digits.
type Hash [sha256.Size]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zeros (no previous entry).
func (h Hash) IsZero() bool { return h == Hash{} }

// parseHash parses 64 lowercase hex digits.
func parseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 64 || strings.ToLower(s) != s {
		return h, fmt.Errorf("expected 64 lowercase hex digits, found %q", truncate(s, 80))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("expected 64 lowercase hex digits, found %q", truncate(s, 80))
	}
	return h, nil
}

// Witness is a named person whose key co-signs a hand-over.
type Witness struct {
	Key  *signify.PublicKey
	Name string
}

// Commitment binds an entry to the hash of an offline key of another
// algorithm (an emergency key, e.g. ML-DSA-65), revealed only if Ed25519
// must be abandoned.
type Commitment struct {
	Alg  string // e.g. "mldsa65"
	Hash Hash   // SHA-256 of the public key
}

// Entry is the content of one chain entry: what its signatures cover. The
// text form is fixed field by field (see spec/chain.md, "Chain entries"), so every
// entry has exactly one encoding.
type Entry struct {
	Package   string
	Signatory SignatoryID
	Position  uint64
	Kind      Kind
	Time      time.Time // UTC, whole seconds
	Prev      Hash      // hash of the previous entry's text; zero for genesis
	Name      string    // genesis, handover: the (new) signatory's name
	Recovery  *signify.PublicKey
	Version   string        // release
	Checksums Hash          // release: SHA-256 of the signed checksum list file
	Reason    string        // rekey and emergency (required), handover (optional)
	Reveal    *EmergencyKey // emergency: the revealed key
	Witnesses []Witness
	Commits   []Commitment
	Next      *signify.PublicKey // the key that must sign the following entry
}

// SignatoryID names a signatory: the first 16 bytes of the fingerprint of
// its recovery key, in hex. It stays the same across releases and re-keys
// and changes only with a hand-over; a fork has another.
type SignatoryID string

// SignatoryOf returns the signatory id a recovery key gives.
func SignatoryOf(recovery *signify.PublicKey) SignatoryID {
	fp := recovery.Fingerprint()
	return SignatoryID(hex.EncodeToString(fp[:16]))
}

// Marshal returns the entry's canonical text, ending in a newline. It
// returns an error if the entry breaks a rule of spec/chain.md.
func (e *Entry) Marshal() ([]byte, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	line := func(k string, v ...string) {
		b.WriteString(k)
		for _, s := range v {
			b.WriteByte(' ')
			b.WriteString(s)
		}
		b.WriteByte('\n')
	}
	line(entryHeader)
	line("package", e.Package)
	line("signatory", string(e.Signatory))
	line("position", strconv.FormatUint(e.Position, 10))
	line("kind", string(e.Kind))
	line("time", e.Time.UTC().Format(time.RFC3339))
	if e.Kind != KindGenesis {
		line("prev", e.Prev.String())
	}
	if e.Name != "" {
		line("name", e.Name)
	}
	if e.Recovery != nil {
		line("recovery", e.Recovery.String())
	}
	if e.Kind == KindRelease {
		line("version", e.Version)
		line("checksums", e.Checksums.String())
	}
	if e.Reason != "" {
		line("reason", e.Reason)
	}
	if e.Reveal != nil {
		line("reveal", e.Reveal.Alg, e.Reveal.String())
	}
	for _, w := range e.Witnesses {
		line("witness", w.Key.String(), w.Name)
	}
	for _, c := range e.Commits {
		line("commit", c.Alg, c.Hash.String())
	}
	line("next", e.Next.String())
	if b.Len() > maxEntryTextLen {
		return nil, fmt.Errorf("entry text is %d bytes, more than the limit of %d", b.Len(), maxEntryTextLen)
	}
	return b.Bytes(), nil
}

// check enforces the per-kind rules shared by Marshal and parseEntry.
func (e *Entry) check() error {
	for _, check := range []func() error{e.checkHeader, e.checkKind, e.checkFields, e.checkFreeText, e.checkWitnesses, e.checkCommits} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkHeader checks the fields every entry has.
func (e *Entry) checkHeader() error {
	if err := CheckPackage(e.Package); err != nil {
		return err
	}
	if len(e.Signatory) != 32 || strings.Trim(string(e.Signatory), "0123456789abcdef") != "" {
		return fmt.Errorf("signatory must be 32 lowercase hex digits, found %q", truncate(string(e.Signatory), 80))
	}
	if e.Position < 1 || e.Position > maxEntries {
		return fmt.Errorf("position must be between 1 and %d, found %d", maxEntries, e.Position)
	}
	if u := e.Time.UTC(); u.IsZero() || u.Nanosecond() != 0 || u.Year() > 9999 || u.Year() < 1970 {
		return fmt.Errorf("time must be a UTC time in whole seconds between 1970 and 9999")
	}
	if e.Next == nil {
		return fmt.Errorf("every entry must announce its next key")
	}
	return nil
}

// checkKind checks the kind, and that a genesis is at position 1 with no
// previous entry and every other entry links one.
func (e *Entry) checkKind() error {
	switch e.Kind {
	case KindGenesis, KindRelease, KindHandover, KindRekey, KindEmergency:
	default:
		return fmt.Errorf("unknown kind %q, expected genesis, release, handover, rekey or emergency", truncate(string(e.Kind), 40))
	}
	genesis := e.Kind == KindGenesis
	if genesis != (e.Position == 1) {
		return fmt.Errorf("a genesis entry must be at position 1 and only there (kind %s at position %d)", e.Kind, e.Position)
	}
	if genesis != e.Prev.IsZero() {
		if genesis {
			return fmt.Errorf("a genesis entry has no previous entry")
		}
		return fmt.Errorf("a %s entry must link its previous entry with a non-zero prev hash", e.Kind)
	}
	return nil
}

// checkFields checks which optional fields the entry's kind allows and
// requires.
func (e *Entry) checkFields() error {
	genesis, release, handover, rekey := e.Kind == KindGenesis, e.Kind == KindRelease, e.Kind == KindHandover, e.Kind == KindRekey
	emergency := e.Kind == KindEmergency
	// field, present, allowed for this kind, required for this kind
	for _, f := range []struct {
		field                      string
		present, allowed, required bool
	}{
		{"name", e.Name != "", genesis || handover, genesis || handover},
		{"recovery", e.Recovery != nil, genesis || handover, genesis || handover},
		{"version", e.Version != "", release, release},
		{"checksums", !e.Checksums.IsZero(), release, release},
		{"reason", e.Reason != "", rekey || handover || emergency, rekey || emergency},
		{"reveal", e.Reveal != nil, emergency, emergency},
		{"witness", len(e.Witnesses) > 0, handover, false},
	} {
		if f.present && !f.allowed {
			return fmt.Errorf("a %s entry has no %q field", e.Kind, f.field)
		}
		if !f.present && f.required {
			return fmt.Errorf("a %s entry needs a %q field", e.Kind, f.field)
		}
	}
	return nil
}

// checkFreeText checks the free text: name, reason and version.
func (e *Entry) checkFreeText() error {
	if e.Name != "" {
		if err := checkText("name", e.Name, 128); err != nil {
			return err
		}
	}
	if e.Reason != "" {
		if err := CheckReason(e.Reason); err != nil {
			return err
		}
	}
	if e.Kind == KindRelease {
		return CheckVersion(e.Version)
	}
	return nil
}

// checkWitnesses checks a hand-over's witnesses: each with its own key,
// none of the successor's.
func (e *Entry) checkWitnesses() error {
	if len(e.Witnesses) > maxWitnesses {
		return fmt.Errorf("%d witnesses, more than the limit of %d", len(e.Witnesses), maxWitnesses)
	}
	for i, w := range e.Witnesses {
		if w.Key == nil {
			return fmt.Errorf("a witness needs a key")
		}
		if bytes.Equal(w.Key.Key, e.Next.Key) || e.Recovery != nil && bytes.Equal(w.Key.Key, e.Recovery.Key) {
			return fmt.Errorf("witness %q uses one of the successor's own keys: a witness must be independent", w.Name)
		}
		for _, o := range e.Witnesses[:i] {
			if bytes.Equal(o.Key.Key, w.Key.Key) {
				return fmt.Errorf("witnesses %q and %q share a key: each witness must sign with their own", o.Name, w.Name)
			}
		}
		if err := checkText("witness name", w.Name, 128); err != nil {
			return err
		}
	}
	return nil
}

// checkCommits checks the emergency key commitments.
func (e *Entry) checkCommits() error {
	if len(e.Commits) > maxCommits {
		return fmt.Errorf("%d commitments, more than the limit of %d", len(e.Commits), maxCommits)
	}
	for _, c := range e.Commits {
		if err := checkToken("commitment algorithm", c.Alg, 32); err != nil {
			return err
		}
	}
	return nil
}

// checkToken accepts 1..max bytes of [A-Za-z0-9] and ._~@/+:- (package
// names and versions of every ecosystem we know fit).
func checkToken(what, s string, max int) error {
	if s == "" || len(s) > max {
		return fmt.Errorf("%s must be 1 to %d characters, found %d", what, max, len(s))
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._~@/+:-", r)) {
			return fmt.Errorf("%s %q contains %q; allowed are letters, digits and ._~@/+:-", what, truncate(s, 80), r)
		}
	}
	return nil
}

// checkText accepts 1..max bytes of printable UTF-8 without leading or
// trailing space.
func checkText(what, s string, max int) error {
	if s == "" || len(s) > max {
		return fmt.Errorf("%s must be 1 to %d bytes, found %d", what, max, len(s))
	}
	if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return fmt.Errorf("%s must be UTF-8 text without leading or trailing space", what)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			return fmt.Errorf("%s contains the unprintable character %U", what, r)
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// CheckPackage reports whether s is a valid package name for a chain: a
// token of up to 128 bytes, and not "." or "..".
func CheckPackage(s string) error {
	if s == "." || s == ".." {
		return fmt.Errorf("package name %q is not allowed", s)
	}
	return checkToken("package", s, 128)
}

// CheckVersion reports whether s is a valid release version: a token of up
// to 64 bytes without '/', and not "." or "..", so that it can name a
// directory.
func CheckVersion(s string) error {
	if s == "." || s == ".." || strings.Contains(s, "/") {
		return fmt.Errorf("version %q: a version may not contain '/' or be \".\" or \"..\"", truncate(s, 80))
	}
	return checkToken("version", s, 64)
}

// CheckReason reports whether s is a valid reason line (re-key, emergency,
// hand-over): up to 512 bytes of printable text.
func CheckReason(s string) error { return checkText("reason", s, 512) }

// CheckName reports whether s is a valid signatory or witness name.
func CheckName(s string) error { return checkText("name", s, 128) }

// ParseHash parses a hash as 64 lowercase hex digits, as entries and pins
// write it.
func ParseHash(s string) (Hash, error) { return parseHash(s) }
