package signify

import (
	"fmt"
)

// SignChecksumList signs a checksum list as signify -S -e does: the list is
// embedded after the signature. Stock signify verifies the result and every
// listed file with `signify -C -p KEY.pub -x LIST.sig`.
func SignChecksumList(k *SecretKey, list ChecksumList, comment string) (*Signature, error) {
	if err := list.Validate(); err != nil {
		return nil, err
	}
	if err := CheckComment(comment); err != nil {
		return nil, err
	}
	msg := list.Marshal()
	s := k.Sign(msg, comment)
	s.Message = msg
	return s, nil
}

// OpenChecksumList verifies an embedded checksum list signature with pub and
// returns the list. name names the signature file in errors.
func OpenChecksumList(pub *PublicKey, name string, sigFile []byte) (ChecksumList, error) {
	sig, err := ParseSignature(name, sigFile)
	if err != nil {
		return nil, err
	}
	if len(sig.Message) == 0 {
		return nil, fmt.Errorf("%s: no checksum list after the signature (expected a signature made with signify -S -e)", name)
	}
	msg, err := pub.VerifyEmbedded(sig)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ParseChecksumList(name, msg)
}
