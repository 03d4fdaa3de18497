package chain

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/baton-signing/baton/chain/signify"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// Emergency keys: a post-quantum key (ML-DSA-65) kept offline, whose
// SHA-256 an entry commits to ("commit mldsa65 <hash>"). If Ed25519 ever
// falls, an emergency entry reveals the key and is signed by it; a client
// accepts it only where an entry it already trusted made the commitment.

// AlgMLDSA65 names ML-DSA-65 (FIPS 204) in commit and reveal fields.
const AlgMLDSA65 = "mldsa65"

// noteAlgMLDSA65 is the signed-note signature type Baton uses for ML-DSA-65
// (0xFF: the private-use value; signed-note verifiers skip unknown keys).
const noteAlgMLDSA65 = 0xff

// maxLongLineLen bounds the two lines an emergency entry needs that exceed
// maxLineLen: the revealed public key and its signature line.
const maxLongLineLen = 6144

// ErrEmergency is wrapped by refusals of an emergency entry.
var ErrEmergency = errors.New("emergency key not committed to by a trusted entry")

// EmergencyKey is a revealed (public) ML-DSA-65 key.
type EmergencyKey struct {
	Alg string
	Raw []byte // the encoded public key
	pk  *mldsa65.PublicKey
}

// Commitment returns the commitment to k an entry carries.
func (k *EmergencyKey) Commitment() Commitment {
	return Commitment{Alg: k.Alg, Hash: sha256.Sum256(k.Raw)}
}

func (k *EmergencyKey) String() string { return base64.StdEncoding.EncodeToString(k.Raw) }

// ParseEmergencyKey parses a revealed public key of alg.
func ParseEmergencyKey(alg, b64 string) (*EmergencyKey, error) {
	if alg != AlgMLDSA65 {
		return nil, fmt.Errorf("unknown emergency algorithm %q, expected %q", truncate(alg, 40), AlgMLDSA65)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil || len(raw) != mldsa65.PublicKeySize {
		return nil, fmt.Errorf("expected %d base64 characters of an ML-DSA-65 public key", base64.StdEncoding.EncodedLen(mldsa65.PublicKeySize))
	}
	var pk mldsa65.PublicKey
	if err := pk.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("invalid ML-DSA-65 public key: %v", err)
	}
	return &EmergencyKey{Alg: alg, Raw: raw, pk: &pk}, nil
}

// EmergencySecret is an emergency key's secret: its 32-byte seed.
type EmergencySecret struct {
	seed [mldsa65.SeedSize]byte
}

// GenerateEmergencyKey makes a new ML-DSA-65 key from r (crypto/rand when
// nil).
func GenerateEmergencyKey(r io.Reader) (*EmergencySecret, error) {
	if r == nil {
		r = rand.Reader
	}
	var s EmergencySecret
	if _, err := io.ReadFull(r, s.seed[:]); err != nil {
		return nil, err
	}
	return &s, nil
}

// Wipe overwrites the seed with zeros; s is useless after.
func (s *EmergencySecret) Wipe() { clear(s.seed[:]) }

// Public returns the key to reveal.
func (s *EmergencySecret) Public() *EmergencyKey {
	pk, _ := mldsa65.NewKeyFromSeed(&s.seed)
	raw, _ := pk.MarshalBinary()
	return &EmergencyKey{Alg: AlgMLDSA65, Raw: raw, pk: pk}
}

// emergencyFileMagic starts an emergency secret key file's blob.
var emergencyFileMagic = []byte("M6BK")

const emergencySecretSize = 4 + 4 + 16 + 8 + mldsa65.SeedSize

// EncryptEmergencySecret stores s like a signify secret key: the seed XOR
// bcrypt_pbkdf(passphrase, salt, rounds), with a SHA-512 checksum, in a
// two-line "untrusted comment" file. A passphrase is required.
func EncryptEmergencySecret(s *EmergencySecret, passphrase []byte, rounds int, comment string, r io.Reader) ([]byte, error) {
	if err := signify.CheckComment(comment); err != nil {
		return nil, err
	}
	if len(passphrase) == 0 || rounds < 1 || rounds > signify.MaxKDFRounds {
		return nil, fmt.Errorf("an emergency key needs a passphrase and 1 to %d KDF rounds", signify.MaxKDFRounds)
	}
	if r == nil {
		r = rand.Reader
	}
	blob := make([]byte, 0, emergencySecretSize)
	blob = append(blob, emergencyFileMagic...)
	blob = binary.BigEndian.AppendUint32(blob, uint32(rounds))
	salt := make([]byte, 16)
	if _, err := io.ReadFull(r, salt); err != nil {
		return nil, err
	}
	blob = append(blob, salt...)
	sum := sha512.Sum512(s.seed[:])
	blob = append(blob, sum[:8]...)
	xor, err := signify.BcryptPBKDF(passphrase, salt, rounds, len(s.seed))
	if err != nil {
		return nil, err
	}
	enc := make([]byte, len(s.seed))
	subtle.XORBytes(enc, s.seed[:], xor)
	return signify.MarshalArmor(comment, append(blob, enc...), nil), nil
}

// DecryptEmergencySecret opens a file made by EncryptEmergencySecret.
func DecryptEmergencySecret(name string, data, passphrase []byte) (*EmergencySecret, error) {
	_, b, _, err := signify.ParseArmor(name, data, emergencySecretSize, "Baton emergency key")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(b[:4], emergencyFileMagic) {
		return nil, &signify.ParseError{File: name, Line: 2, Msg: "not a Baton emergency key (expected \"M6BK\")"}
	}
	rounds := binary.BigEndian.Uint32(b[4:8])
	if rounds < 1 || rounds > signify.MaxKDFRounds {
		return nil, &signify.ParseError{File: name, Line: 2, Msg: fmt.Sprintf("KDF rounds %d out of range", rounds)}
	}
	xor, err := signify.BcryptPBKDF(passphrase, b[8:24], int(rounds), mldsa65.SeedSize)
	if err != nil {
		return nil, err
	}
	var s EmergencySecret
	subtle.XORBytes(s.seed[:], b[32:], xor)
	sum := sha512.Sum512(s.seed[:])
	if subtle.ConstantTimeCompare(sum[:8], b[24:32]) != 1 {
		return nil, signify.ErrWrongPassphrase
	}
	return &s, nil
}

// emergencyNoteName is the signature line name of an emergency key.
func emergencyNoteName(k *EmergencyKey) string {
	h := sha256.Sum256(k.Raw)
	return fmt.Sprintf("baton-pq-%x", h[:8])
}

func emergencyKeyID(name string, k *EmergencyKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', noteAlgMLDSA65})
	h.Write(k.Raw)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// SignEmergency adds the emergency key's signature to an emergency entry.
func (s *SignedEntry) SignEmergency(k *EmergencySecret) error {
	pub := k.Public()
	if s.Reveal == nil || !bytes.Equal(s.Reveal.Raw, pub.Raw) {
		return fmt.Errorf("the entry does not reveal this emergency key")
	}
	_, sk := mldsa65.NewKeyFromSeed(&k.seed)
	sig := make([]byte, mldsa65.SignatureSize)
	if err := mldsa65.SignTo(sk, s.Text, nil, false, sig); err != nil {
		return err
	}
	name := emergencyNoteName(pub)
	s.Sigs = append(s.Sigs, NoteSig{Name: name, KeyID: emergencyKeyID(name, pub), Sig: sig})
	return nil
}

// signedByEmergency checks the entry's signature by its revealed key.
func (s *SignedEntry) signedByEmergency() error {
	k := s.Reveal
	name := emergencyNoteName(k)
	id := emergencyKeyID(name, k)
	for _, sig := range s.Sigs {
		if sig.Name == name && sig.KeyID == id {
			if len(sig.Sig) != mldsa65.SignatureSize || !mldsa65.Verify(k.pk, s.Text, nil, sig.Sig) {
				return fmt.Errorf("%w: the ML-DSA-65 signature by %s does not verify", signify.ErrBadSignature, name)
			}
			return nil
		}
	}
	return fmt.Errorf("%w: no signature by the revealed emergency key %s", ErrNotSigned, name)
}
