package signify

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
)

// Sizes of the decoded signify structures (see spec/signify.md, "signify files").
const (
	publicKeySize = 2 + 8 + ed25519.PublicKeySize                   // "Ed" keynum key
	secretKeySize = 2 + 2 + 4 + 16 + 8 + 8 + ed25519.PrivateKeySize // "Ed" "BK" rounds salt checksum keynum key
	signatureSize = 2 + 8 + ed25519.SignatureSize                   // "Ed" keynum sig
)

var (
	algEd  = []byte("Ed")
	kdfBK  = []byte("BK")
	algLen = 2
)

// KeyNum is signify's 8-byte key number: a random identifier that lets a
// verifier pick the right key. It is not a fingerprint and must never be
// shown as one; see Fingerprint.
type KeyNum [8]byte

func (k KeyNum) String() string { return hex.EncodeToString(k[:]) }

// PublicKey is an Ed25519 public key in signify's format. Its zero value is
// not valid; obtain one from ParsePublicKey, ParsePublicKeyText or
// SecretKey.Public.
type PublicKey struct {
	KeyNum  KeyNum
	Key     ed25519.PublicKey
	Comment string // the untrusted comment of the file it came from
}

// SecretKey is a decrypted Ed25519 secret key. It never leaves memory
// unencrypted except through EncryptSecretKey with an empty passphrase,
// which callers use only for tests and explicit user requests.
type SecretKey struct {
	KeyNum KeyNum
	Key    ed25519.PrivateKey
}

// GenerateKey makes a new Ed25519 key with a random key number, reading
// randomness from r (crypto/rand.Reader when r is nil).
func GenerateKey(r io.Reader) (*SecretKey, error) {
	if r == nil {
		r = rand.Reader
	}
	var seed [ed25519.SeedSize]byte
	var k SecretKey
	if _, err := io.ReadFull(r, k.KeyNum[:]); err != nil {
		return nil, fmt.Errorf("generating key number: %w", err)
	}
	if _, err := io.ReadFull(r, seed[:]); err != nil {
		return nil, fmt.Errorf("generating key: %w", err)
	}
	k.Key = ed25519.NewKeyFromSeed(seed[:])
	return &k, nil
}

// Public returns the public half of k, with the given comment.
func (k *SecretKey) Public(comment string) *PublicKey {
	pub := make(ed25519.PublicKey, ed25519.PublicKeySize)
	copy(pub, k.Key[32:])
	return &PublicKey{KeyNum: k.KeyNum, Key: pub, Comment: comment}
}

// Sign signs msg the way signify -S does: plain Ed25519 over the message.
func (k *SecretKey) Sign(msg []byte, comment string) *Signature {
	return &Signature{KeyNum: k.KeyNum, Sig: ed25519.Sign(k.Key, msg), Comment: comment}
}

// Blob returns the 42 bytes "Ed" · keynum · key that signify base64-encodes.
func (p *PublicKey) Blob() []byte {
	b := make([]byte, 0, publicKeySize)
	b = append(b, algEd...)
	b = append(b, p.KeyNum[:]...)
	return append(b, p.Key...)
}

// String returns the key's signify text: the 56 base64 characters of the
// public key file's second line.
func (p *PublicKey) String() string { return base64.StdEncoding.EncodeToString(p.Blob()) }

// Equal reports whether p and q are the same key with the same key number.
func (p *PublicKey) Equal(q *PublicKey) bool {
	return q != nil && p.KeyNum == q.KeyNum && bytes.Equal(p.Key, q.Key)
}

// Marshal returns the signify public key file.
func (p *PublicKey) Marshal() []byte { return marshalArmor(p.Comment, p.Blob(), nil) }

// Verify checks that sig is p's signature over msg. The key numbers must
// match, as in signify.
func (p *PublicKey) Verify(msg []byte, sig *Signature) error {
	if sig.KeyNum != p.KeyNum {
		return fmt.Errorf("%w: signed by key number %s, but this public key has key number %s", ErrBadSignature, sig.KeyNum, p.KeyNum)
	}
	if !ed25519.Verify(p.Key, msg, sig.Sig) {
		return ErrBadSignature
	}
	return nil
}

// ParsePublicKey parses a signify public key file. name names the input in
// errors.
func ParsePublicKey(name string, data []byte) (*PublicKey, error) {
	a, err := parseArmor(name, data, publicKeySize, "public key")
	if err != nil {
		return nil, err
	}
	if len(a.message) != 0 {
		return nil, &ParseError{File: name, Line: 3, Msg: "unexpected data after the public key; a signify public key file has exactly two lines"}
	}
	p, err := publicKeyFromBlob(a.blob)
	if err != nil {
		return nil, &ParseError{File: name, Line: 2, Msg: err.Error()}
	}
	p.Comment = a.comment
	return p, nil
}

// ParsePublicKeyText parses the 56-character base64 form of a public key
// (the second line of its file), as a person pastes it.
func ParsePublicKeyText(s string) (*PublicKey, error) {
	want := base64.StdEncoding.EncodedLen(publicKeySize)
	if len(s) != want {
		return nil, fmt.Errorf("a signify public key is %d base64 characters, got %d%s", want, len(s), otherKind(len(s)))
	}
	blob, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("a signify public key is %d base64 characters: %v", want, err)
	}
	return publicKeyFromBlob(blob)
}

func publicKeyFromBlob(blob []byte) (*PublicKey, error) {
	if len(blob) != publicKeySize {
		return nil, fmt.Errorf("public key is %d bytes, expected %d", len(blob), publicKeySize)
	}
	if !bytes.Equal(blob[:algLen], algEd) {
		return nil, fmt.Errorf("unsupported algorithm %q, expected \"Ed\" (Ed25519)", blob[:algLen])
	}
	p := &PublicKey{Key: ed25519.PublicKey(bytes.Clone(blob[10:]))}
	copy(p.KeyNum[:], blob[2:10])
	return p, nil
}
