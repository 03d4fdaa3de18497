package signify

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// DefaultKDFRounds is signify's default bcrypt_pbkdf cost.
const DefaultKDFRounds = 42

// MaxKDFRounds bounds the cost a key file may ask for, so that a hostile file
// cannot make decryption run for days. signify itself writes 42.
const MaxKDFRounds = 1 << 16

// EncryptedSecretKey is a signify secret key file as stored: the secret key
// XORed with bcrypt_pbkdf(passphrase, salt, rounds), or in the clear when
// Rounds is 0 (signify -n).
type EncryptedSecretKey struct {
	Rounds   uint32
	Salt     [16]byte
	Checksum [8]byte // first 8 bytes of SHA-512 of the plain secret key
	KeyNum   KeyNum
	Key      [ed25519.PrivateKeySize]byte // encrypted secret key
	Comment  string
}

// Blob returns the 104 bytes signify base64-encodes.
func (e *EncryptedSecretKey) Blob() []byte {
	b := make([]byte, 0, secretKeySize)
	b = append(b, algEd...)
	b = append(b, kdfBK...) // signify -n writes "BK" too; rounds 0 means no KDF
	b = binary.BigEndian.AppendUint32(b, e.Rounds)
	b = append(b, e.Salt[:]...)
	b = append(b, e.Checksum[:]...)
	b = append(b, e.KeyNum[:]...)
	return append(b, e.Key[:]...)
}

// Marshal returns the signify secret key file.
func (e *EncryptedSecretKey) Marshal() []byte { return marshalArmor(e.Comment, e.Blob(), nil) }

// Encrypted reports whether a passphrase is needed to decrypt e.
func (e *EncryptedSecretKey) Encrypted() bool { return e.Rounds > 0 }

// ParseSecretKey parses a signify secret key file without decrypting it.
func ParseSecretKey(name string, data []byte) (*EncryptedSecretKey, error) {
	a, err := parseArmor(name, data, secretKeySize, "secret key")
	if err != nil {
		return nil, err
	}
	fail := func(msg string, args ...any) error {
		return &ParseError{File: name, Line: 2, Msg: fmt.Sprintf(msg, args...)}
	}
	if len(a.message) != 0 {
		return nil, &ParseError{File: name, Line: 3, Msg: "unexpected data after the secret key; a signify secret key file has exactly two lines"}
	}
	b := a.blob
	if !bytes.Equal(b[0:2], algEd) {
		return nil, fail("unsupported algorithm %q, expected \"Ed\" (Ed25519)", b[0:2])
	}
	if !bytes.Equal(b[2:4], kdfBK) {
		return nil, fail("unsupported key derivation %q, expected \"BK\" (bcrypt_pbkdf)", b[2:4])
	}
	e := &EncryptedSecretKey{Rounds: binary.BigEndian.Uint32(b[4:8]), Comment: a.comment}
	if e.Rounds > MaxKDFRounds {
		return nil, fail("key derivation asks for %d rounds, more than the %d Baton accepts", e.Rounds, MaxKDFRounds)
	}
	copy(e.Salt[:], b[8:24])
	copy(e.Checksum[:], b[24:32])
	copy(e.KeyNum[:], b[32:40])
	copy(e.Key[:], b[40:104])
	return e, nil
}

// SlowKDF is how long a key file's KDF may take before a person is asked
// whether to go on: a hostile file may ask for MaxKDFRounds, minutes of
// work per attempt.
const SlowKDF = 3 * time.Second

// KDFIsSlow reports whether opening the file needs asking first: it asks
// for more rounds than signify's default, and they would take longer than
// SlowKDF here.
func (e *EncryptedSecretKey) KDFIsSlow() bool {
	return e.Rounds > DefaultKDFRounds && e.KDFTime() > SlowKDF
}

// KDFTime estimates how long Decrypt will take on this machine: the
// bcrypt_pbkdf rounds the file asks for, timed by one round here.
func (e *EncryptedSecretKey) KDFTime() time.Duration {
	if e.Rounds == 0 {
		return 0
	}
	// Two 32-byte blocks for the 64-byte key, Rounds bcrypt_hash each.
	return 2 * time.Duration(e.Rounds) * bcryptRoundTime()
}

// Decrypt recovers the secret key. The passphrase is ignored when the key
// is stored without one. A wrong passphrase gives ErrWrongPassphrase.
func (e *EncryptedSecretKey) Decrypt(passphrase []byte) (*SecretKey, error) {
	return e.DecryptContext(context.Background(), passphrase)
}

// DecryptContext is Decrypt that stops, with ctx.Err(), when ctx is
// cancelled: the KDF of a hostile file can take minutes.
func (e *EncryptedSecretKey) DecryptContext(ctx context.Context, passphrase []byte) (*SecretKey, error) {
	plain := make([]byte, ed25519.PrivateKeySize)
	copy(plain, e.Key[:])
	if e.Rounds > 0 {
		if len(passphrase) == 0 {
			return nil, fmt.Errorf("%w (this key needs a passphrase)", ErrWrongPassphrase)
		}
		xor, err := bcryptPBKDF(passphrase, e.Salt[:], int(e.Rounds), len(plain), ctx.Err)
		if err != nil {
			return nil, err
		}
		subtle.XORBytes(plain, plain, xor)
		clear(xor)
	}
	sum := sha512.Sum512(plain)
	if subtle.ConstantTimeCompare(sum[:8], e.Checksum[:]) != 1 {
		clear(plain)
		return nil, ErrWrongPassphrase
	}
	// The stored key is seed · public key; reject a file whose halves disagree.
	k := ed25519.NewKeyFromSeed(plain[:32])
	if !bytes.Equal(k, plain) {
		clear(plain)
		return nil, fmt.Errorf("secret key is inconsistent: its public half does not match its seed")
	}
	clear(plain)
	return &SecretKey{KeyNum: e.KeyNum, Key: k}, nil
}

// EncryptSecretKey protects k with passphrase using bcrypt_pbkdf with the
// given rounds, as signify -G does. An empty passphrase stores the key in the
// clear (rounds 0, like signify -n). rand supplies the salt (crypto/rand when
// nil).
func EncryptSecretKey(k *SecretKey, passphrase []byte, rounds int, comment string, r io.Reader) (*EncryptedSecretKey, error) {
	if err := checkComment(comment); err != nil {
		return nil, err
	}
	if r == nil {
		r = rand.Reader
	}
	e := &EncryptedSecretKey{KeyNum: k.KeyNum, Comment: comment}
	if _, err := io.ReadFull(r, e.Salt[:]); err != nil {
		return nil, fmt.Errorf("generating salt: %w", err)
	}
	sum := sha512.Sum512(k.Key)
	copy(e.Checksum[:], sum[:8])
	copy(e.Key[:], k.Key)
	if len(passphrase) == 0 {
		return e, nil
	}
	if rounds < 1 || rounds > MaxKDFRounds {
		return nil, fmt.Errorf("KDF rounds must be between 1 and %d, got %d", MaxKDFRounds, rounds)
	}
	e.Rounds = uint32(rounds)
	xor, err := bcryptPBKDF(passphrase, e.Salt[:], rounds, len(e.Key), nil)
	if err != nil {
		return nil, err
	}
	subtle.XORBytes(e.Key[:], e.Key[:], xor)
	clear(xor)
	return e, nil
}
