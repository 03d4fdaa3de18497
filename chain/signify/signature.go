package signify

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
)

// Signature is a signify signature: "Ed" · keynum · Ed25519 signature. A
// signature made with signify -S -e carries the signed message after it
// (Message); a detached one has Message nil.
type Signature struct {
	KeyNum  KeyNum
	Sig     []byte
	Comment string
	Message []byte // embedded message, or nil for a detached signature
}

// Blob returns the 74 bytes signify base64-encodes.
func (s *Signature) Blob() []byte {
	b := make([]byte, 0, signatureSize)
	b = append(b, algEd...)
	b = append(b, s.KeyNum[:]...)
	return append(b, s.Sig...)
}

// Marshal returns the signature file; an embedded message follows the
// base64 line.
func (s *Signature) Marshal() []byte { return marshalArmor(s.Comment, s.Blob(), s.Message) }

// ParseSignature parses a signify signature file, detached or with an
// embedded message. name names the input in errors.
func ParseSignature(name string, data []byte) (*Signature, error) {
	a, err := parseArmor(name, data, signatureSize, "signature")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(a.blob[:algLen], algEd) {
		return nil, &ParseError{File: name, Line: 2, Msg: fmt.Sprintf("unsupported signature algorithm %q, expected \"Ed\" (Ed25519)", a.blob[:algLen])}
	}
	s := &Signature{Sig: bytes.Clone(a.blob[10:]), Comment: a.comment}
	copy(s.KeyNum[:], a.blob[2:10])
	if len(a.message) > 0 {
		s.Message = a.message
	}
	if len(s.Sig) != ed25519.SignatureSize {
		return nil, &ParseError{File: name, Line: 2, Msg: "signature has the wrong length"}
	}
	return s, nil
}

// VerifyEmbedded checks an embedded signature with p and returns the signed
// message, as signify -V -e does.
func (p *PublicKey) VerifyEmbedded(s *Signature) ([]byte, error) {
	if err := p.Verify(s.Message, s); err != nil {
		return nil, err
	}
	return s.Message, nil
}
