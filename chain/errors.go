package chain

import (
	"errors"
	"fmt"
)

// ParseError reports malformed input: which file, which line (1-based, 0 if
// none) and what was expected.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ErrWrongPassphrase is returned when a secret key's checksum does not match
// after decryption: the passphrase is wrong (or the file was altered).
var ErrWrongPassphrase = errors.New("wrong passphrase: the decrypted key does not match its checksum")

// ErrBadSignature is returned when a signature does not verify.
var ErrBadSignature = errors.New("signature verification failed")
