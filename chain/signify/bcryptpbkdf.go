package signify

import (
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"math"
	"sync"
	"time"

	"golang.org/x/crypto/blowfish" //lint:ignore SA1019 signify's bcrypt_pbkdf is defined on Blowfish; compatibility needs it
)

// bcryptPBKDF derives keyLen bytes from pass and salt with OpenBSD's
// bcrypt_pbkdf(3), the KDF signify uses for passphrase-protected secret
// keys. It is PBKDF2 with bcrypt_hash (a Blowfish key schedule keyed by
// SHA-512 of passphrase and salt) as the pseudo-random function, whose
// output bytes are spread across the key rather than concatenated. rounds
// must be at least 1. stop, when not nil, is asked between rounds; a
// non-nil answer ends the work with that error.
func bcryptPBKDF(pass, salt []byte, rounds, keyLen int, stop func() error) ([]byte, error) {
	if rounds < 1 {
		return nil, errors.New("bcrypt_pbkdf: rounds must be at least 1")
	}
	if keyLen < 1 || keyLen > 1024 || len(salt) == 0 || len(salt) > 1<<20 {
		return nil, errors.New("bcrypt_pbkdf: bad key or salt length")
	}
	const hashLen = 32
	stride := (keyLen + hashLen - 1) / hashLen
	amt := (keyLen + stride - 1) / stride

	key := make([]byte, keyLen)
	sha2pass := sha512.Sum512(pass)
	countSalt := make([]byte, len(salt)+4)
	copy(countSalt, salt)
	var out, tmp [hashLen]byte
	for count, left := 1, keyLen; left > 0; count++ {
		binary.BigEndian.PutUint32(countSalt[len(salt):], uint32(count))
		sha2salt := sha512.Sum512(countSalt)
		bcryptHash(&tmp, &sha2pass, &sha2salt)
		out = tmp
		for i := 1; i < rounds; i++ {
			if stop != nil {
				if err := stop(); err != nil {
					clear(key)
					return nil, err
				}
			}
			sha2salt = sha512.Sum512(tmp[:])
			bcryptHash(&tmp, &sha2pass, &sha2salt)
			for j := range out {
				out[j] ^= tmp[j]
			}
		}
		n := min(amt, left)
		i := 0
		for ; i < n; i++ {
			dest := i*stride + (count - 1)
			if dest >= keyLen {
				break
			}
			key[dest] = out[i]
		}
		left -= i
	}
	return key, nil
}

// bcryptRoundTime is how long one bcrypt_hash takes on this machine, the
// fastest of a few timed once.
var bcryptRoundTime = sync.OnceValue(func() time.Duration {
	var out [32]byte
	var a, b [64]byte
	best := time.Duration(math.MaxInt64)
	for range 3 {
		start := time.Now()
		bcryptHash(&out, &a, &b)
		best = min(best, time.Since(start))
	}
	return best
})

// bcryptMagic is bcrypt_hash's plaintext, "OxychromaticBlowfishSwatDynamite".
var bcryptMagic = []byte("OxychromaticBlowfishSwatDynamite")

// bcryptHash is bcrypt_hash from OpenBSD's bcrypt_pbkdf.c: an expensive
// Blowfish key schedule over the two SHA-512 digests, then 64 encryptions of
// the magic text; the result's 32-bit words are written little-endian.
func bcryptHash(out *[32]byte, sha2pass, sha2salt *[64]byte) {
	c, err := blowfish.NewSaltedCipher(sha2pass[:], sha2salt[:])
	if err != nil {
		panic("bcrypt_pbkdf: " + err.Error()) // unreachable: 64-byte keys are valid
	}
	for i := 0; i < 64; i++ {
		blowfish.ExpandKey(sha2salt[:], c)
		blowfish.ExpandKey(sha2pass[:], c)
	}
	var cdata [32]byte
	copy(cdata[:], bcryptMagic)
	for i := 0; i < 64; i++ {
		for j := 0; j < len(cdata); j += 8 {
			c.Encrypt(cdata[j:j+8], cdata[j:j+8])
		}
	}
	// Blowfish works on big-endian words; bcrypt_hash stores them little-endian.
	for i := 0; i < len(cdata); i += 4 {
		out[i+0], out[i+1], out[i+2], out[i+3] = cdata[i+3], cdata[i+2], cdata[i+1], cdata[i+0]
	}
}

// BcryptPBKDF derives keyLen bytes from pass and salt with OpenBSD's
// bcrypt_pbkdf, as signify does for secret keys.
func BcryptPBKDF(pass, salt []byte, rounds, keyLen int) ([]byte, error) {
	return bcryptPBKDF(pass, salt, rounds, keyLen, nil)
}
