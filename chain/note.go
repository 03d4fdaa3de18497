package chain

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// Chain entries are C2SP signed notes: the entry text, a blank line, then one
// line per signature, "— <key name> <base64(key id · signature)>". The key
// id is the first 4 bytes of SHA-256(name · "\n" · 0x01 · Ed25519 key), so
// golang.org/x/mod/sumdb/note reads them too. Verifiers skip signatures by
// keys they do not know, which lets witnesses add lines.

const sigPrefix = "— " // U+2014 EM DASH, then a space

// ErrNotSigned is returned when an entry carries no signature by a key that
// must sign it.
var ErrNotSigned = errors.New("not signed by the required key")

// NoteSig is one signature line.
type NoteSig struct {
	Name  string
	KeyID uint32
	Sig   []byte // Ed25519 signature over the entry text
}

// NoteKeyName is the signed-note key name Baton gives a key: "baton-" and
// the first 8 bytes of its fingerprint in hex. It is a label; the key id
// and the signature do the checking.
func NoteKeyName(p *signify.PublicKey) string { return "baton-" + p.Fingerprint().Short() }

// CheckKeyName reports whether name may be a key name in a signature line:
// the C2SP signed-note grammar (1 or more bytes of UTF-8 without white space
// or '+') restricted to printable characters (Go's unicode.IsPrint), so no
// control character, escape sequence, bidirectional or zero-width character
// or line separator can reach a terminal through it. Baton writes
// "baton-<16 hex digits>" and "baton-pq-<16 hex digits>"; witnesses of
// other tools write names like "example.com/witness", which pass too.
func CheckKeyName(name string) error {
	if name == "" {
		return fmt.Errorf("empty key name")
	}
	for i, r := range name {
		bad := ""
		switch {
		case r == utf8.RuneError && invalidAt(name, i):
			bad = "is not valid UTF-8"
		case r == '+':
			bad = "contains '+'"
		case unicode.IsSpace(r):
			bad = "contains white space"
		case untrusted.UnsafeRune(r) || r == ' ':
			bad = fmt.Sprintf("contains the unprintable character %U", r)
		}
		if bad != "" {
			return fmt.Errorf("key name %s %s: a key name is printable text without spaces or '+' (Baton writes baton-<16 hex digits>)", untrusted.Quote(truncate(name, 80)), bad)
		}
	}
	return nil
}

// NoteKeyID computes the C2SP signed-note key id of an Ed25519 key.
func NoteKeyID(name string, key ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', 0x01})
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func (s NoteSig) line() string {
	b := binary.BigEndian.AppendUint32(nil, s.KeyID)
	return sigPrefix + s.Name + " " + base64.StdEncoding.EncodeToString(append(b, s.Sig...)) + "\n"
}

// parseNoteSig parses one signature line (without its newline).
func parseNoteSig(l string) (NoteSig, error) {
	rest, ok := strings.CutPrefix(l, sigPrefix)
	if !ok {
		return NoteSig{}, fmt.Errorf("expected a signature line %q, found %q", sigPrefix+"<key name> <base64 signature>", truncate(l, 80))
	}
	name, b64, ok := strings.Cut(rest, " ")
	if !ok || name == "" {
		return NoteSig{}, fmt.Errorf("signature line needs a key name without spaces or '+', then one space and base64")
	}
	if err := CheckKeyName(name); err != nil {
		return NoteSig{}, fmt.Errorf("signature line: %w", err)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	pq := strings.HasPrefix(name, "baton-pq-")
	if err != nil || !pq && len(raw) != 4+ed25519.SignatureSize || pq && len(raw) != 4+mldsa65.SignatureSize {
		if pq {
			return NoteSig{}, fmt.Errorf("expected %d base64 characters of key id and ML-DSA-65 signature, found %d", base64.StdEncoding.EncodedLen(4+mldsa65.SignatureSize), len(b64))
		}
		return NoteSig{}, fmt.Errorf("expected %d base64 characters of key id and Ed25519 signature, found %d", base64.StdEncoding.EncodedLen(4+ed25519.SignatureSize), len(b64))
	}
	return NoteSig{Name: name, KeyID: binary.BigEndian.Uint32(raw), Sig: raw[4:]}, nil
}

// SignedEntry is an entry with its text and signatures.
type SignedEntry struct {
	*Entry
	Text []byte    // canonical entry text; what the signatures cover
	Sigs []NoteSig // in file order
}

// Hash is the entry's hash: SHA-256 of its text. The next entry's prev and
// trust pins refer to it. Signatures are not covered, so a witness may add
// one without changing the chain.
func (s *SignedEntry) Hash() Hash { return sha256.Sum256(s.Text) }

// Marshal returns the signed note: text, blank line, signature lines.
func (s *SignedEntry) Marshal() []byte {
	var b bytes.Buffer
	b.Write(s.Text)
	b.WriteByte('\n')
	for _, sig := range s.Sigs {
		b.WriteString(sig.line())
	}
	return b.Bytes()
}

// SignEntry encodes e and signs it with each key.
func SignEntry(e *Entry, keys ...*signify.SecretKey) (*SignedEntry, error) {
	text, err := e.Marshal()
	if err != nil {
		return nil, err
	}
	s := &SignedEntry{Entry: e, Text: text}
	for _, k := range keys {
		if err := s.AddSignature(k); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// AddSignature adds k's signature, as a witness co-signing does. Adding a
// key that already signed is an error.
func (s *SignedEntry) AddSignature(k *signify.SecretKey) error {
	pub := k.Public("")
	name := NoteKeyName(pub)
	id := NoteKeyID(name, pub.Key)
	for _, sig := range s.Sigs {
		if sig.Name == name && sig.KeyID == id {
			return fmt.Errorf("entry already carries a signature by %s", name)
		}
	}
	if len(s.Sigs) >= maxSignatures {
		return fmt.Errorf("entry already has %d signatures, the limit", maxSignatures)
	}
	s.Sigs = append(s.Sigs, NoteSig{Name: name, KeyID: id, Sig: ed25519.Sign(k.Key, s.Text)})
	return nil
}

// SignedBy checks that the entry carries a valid signature by p. It returns
// an error wrapping ErrNotSigned when there is none, and ErrBadSignature when
// p's line is there but does not verify.
func (s *SignedEntry) SignedBy(p *signify.PublicKey) error {
	name := NoteKeyName(p)
	id := NoteKeyID(name, p.Key)
	for _, sig := range s.Sigs {
		if sig.Name != name || sig.KeyID != id {
			continue
		}
		if !ed25519.Verify(p.Key, s.Text, sig.Sig) {
			return fmt.Errorf("%w: the signature by %s does not verify", signify.ErrBadSignature, name)
		}
		return nil
	}
	var names []string
	for _, sig := range s.Sigs {
		names = append(names, untrusted.Quote(sig.Name))
	}
	return fmt.Errorf("%w: no signature by %s (signed by: %s)", ErrNotSigned, name, strings.Join(names, ", "))
}

// ParseSignedEntry parses one signed note: entry text, blank line, one or
// more signature lines. file and line locate it in errors.
func ParseSignedEntry(file string, line int, data []byte) (*SignedEntry, error) {
	i := bytes.Index(data, []byte("\n\n"))
	if i < 0 {
		return nil, &signify.ParseError{File: file, Line: line, Msg: "entry has no blank line before its signatures"}
	}
	text, sigs := data[:i+1], data[i+2:]
	e, err := parseEntry(file, line, text)
	if err != nil {
		return nil, err
	}
	s := &SignedEntry{Entry: e, Text: text}
	sigLine := line + bytes.Count(text, []byte("\n")) + 1
	if len(sigs) == 0 || sigs[len(sigs)-1] != '\n' {
		return nil, &signify.ParseError{File: file, Line: sigLine, Msg: "expected signature lines, each ending in a newline"}
	}
	seen := map[string]bool{}
	for n, l := range strings.Split(string(sigs[:len(sigs)-1]), "\n") {
		if err := s.addParsed(l, seen); err != nil {
			return nil, &signify.ParseError{File: file, Line: sigLine + n, Msg: err.Error()}
		}
	}
	return s, nil
}

func (s *SignedEntry) addParsed(l string, seen map[string]bool) error {
	if limit := lineLimit(l, sigPrefix+"baton-pq-"); len(l) > limit {
		return fmt.Errorf("line is %d bytes, more than the limit of %d", len(l), limit)
	}
	sig, err := parseNoteSig(l)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%s+%08x", sig.Name, sig.KeyID)
	if seen[key] {
		return fmt.Errorf("second signature by key %s", untrusted.Quote(sig.Name))
	}
	seen[key] = true
	if len(s.Sigs) >= maxSignatures {
		return fmt.Errorf("more than %d signatures", maxSignatures)
	}
	s.Sigs = append(s.Sigs, sig)
	return nil
}

// invalidAt reports whether s holds a byte of invalid UTF-8 at i.
func invalidAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 1
}
