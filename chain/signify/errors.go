package signify

import (
	"errors"
	"fmt"

	"github.com/baton-signing/baton/chain/untrusted"
)

// ParseError reports malformed input: which file, which line (1-based, 0 if
// none) and what was expected.
type ParseError struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message". Parts of the message that come from
// the input are quoted or escaped where the message is built; as a last line
// of defence, any control, bidirectional or zero-width character left in the
// file name or message is escaped here too (SanitizeMessage).
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return untrusted.SanitizeMessage(fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg))
	}
	return untrusted.SanitizeMessage(fmt.Sprintf("%s: %s", e.File, e.Msg))
}

// ErrWrongPassphrase is returned when a secret key's checksum does not match
// after decryption: the passphrase is wrong (or the file was altered).
var ErrWrongPassphrase = errors.New("wrong passphrase: the decrypted key does not match its checksum")

// ErrBadSignature is returned when a signature does not verify.
var ErrBadSignature = errors.New("signature verification failed")
