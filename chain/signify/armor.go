package signify

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain/untrusted"
)

// The signify file armor: two lines, "untrusted comment: <text>\n" and one
// base64 line, optionally followed by an embedded message (signatures made
// with signify -S -e). See spec/signify.md, "signify files".

const (
	commentHeader = "untrusted comment: "
	// MaxCommentLen is the longest comment signify accepts (COMMENTMAXLEN
	// 1024, including its terminating NUL): 1023 bytes.
	MaxCommentLen = 1023
)

// armored is one parsed signify file.
type armored struct {
	comment string
	blob    []byte // decoded base64 line
	message []byte // whatever follows the base64 line (embedded signatures)
}

// parseArmor parses data as a signify file whose base64 line decodes to
// exactly size bytes. name names the input in errors; what says what kind of
// file was expected ("public key", ...).
func parseArmor(name string, data []byte, size int, what string) (*armored, error) {
	fail := func(line int, format string, args ...any) error {
		return &ParseError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) == 0 {
		return nil, fail(0, "empty file, expected a signify %s", what)
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return nil, fail(1, "no newline after the first line, expected %q and a comment (a signify %s)", commentHeader, what)
	}
	first := data[:nl]
	if !bytes.HasPrefix(first, []byte(commentHeader)) {
		return nil, fail(1, "expected %q followed by a comment (a signify %s), found %s", commentHeader, what, untrusted.QuoteStart(first))
	}
	comment := first[len(commentHeader):]
	if bytes.HasSuffix(comment, []byte("\r")) {
		return nil, fail(1, "line ends in CRLF; signify files use LF line endings (convert with dos2unix)")
	}
	if len(comment) == 0 {
		return nil, fail(1, "empty comment; signify requires at least one character after %q", commentHeader)
	}
	if len(comment) > MaxCommentLen {
		return nil, fail(1, "comment is %d bytes, longer than signify's limit of %d", len(comment), MaxCommentLen)
	}
	if !utf8.Valid(comment) || bytes.ContainsAny(comment, "\x00\r") {
		return nil, fail(1, "comment is not valid UTF-8 text")
	}
	rest := data[nl+1:]
	want := base64.StdEncoding.EncodedLen(size)
	nl2 := bytes.IndexByte(rest, '\n')
	if nl2 < 0 {
		if len(rest) == 0 {
			return nil, fail(2, "missing base64 line, expected %d base64 characters of a signify %s", want, what)
		}
		return nil, fail(2, "no newline after the base64 line, expected %d base64 characters and a newline", want)
	}
	line := rest[:nl2]
	if bytes.HasSuffix(line, []byte("\r")) {
		return nil, fail(2, "line ends in CRLF; signify files use LF line endings (convert with dos2unix)")
	}
	if len(line) != want {
		return nil, fail(2, "base64 line is %d characters, expected %d for a signify %s%s", len(line), want, what, otherKind(len(line)))
	}
	blob, err := base64.StdEncoding.Strict().DecodeString(string(line))
	if err != nil || len(blob) != size {
		return nil, fail(2, "invalid base64, expected %d base64 characters of a signify %s", want, what)
	}
	return &armored{comment: string(comment), blob: blob, message: rest[nl2+1:]}, nil
}

// otherKind names the signify file a base64 length belongs to, to explain a
// mix-up such as a public key given where a secret key belongs.
func otherKind(n int) string {
	switch n {
	case base64.StdEncoding.EncodedLen(publicKeySize):
		return " (this looks like a public key)"
	case base64.StdEncoding.EncodedLen(secretKeySize):
		return " (this looks like a secret key)"
	case base64.StdEncoding.EncodedLen(signatureSize):
		return " (this looks like a signature)"
	}
	return ""
}

// marshalArmor encodes a signify file.
func marshalArmor(comment string, blob, message []byte) []byte {
	var b bytes.Buffer
	b.WriteString(commentHeader)
	b.WriteString(comment)
	b.WriteByte('\n')
	b.WriteString(base64.StdEncoding.EncodeToString(blob))
	b.WriteByte('\n')
	b.Write(message)
	return b.Bytes()
}

// checkComment validates a comment that is about to be written.
func checkComment(c string) error {
	switch {
	case c == "":
		return fmt.Errorf("empty comment: signify requires one")
	case len(c) > MaxCommentLen:
		return fmt.Errorf("comment is %d bytes, longer than signify's limit of %d", len(c), MaxCommentLen)
	case strings.ContainsAny(c, "\n\r\x00") || !utf8.ValidString(c):
		return fmt.Errorf("comment must be one line of UTF-8 text")
	}
	return nil
}

// ParseArmor parses data as a signify-armored file: the untrusted comment
// line, a base64 line that decodes to exactly size bytes, and the message
// after it (embedded signatures). what names the file's kind in errors,
// which are *ParseError values. Baton's own signify-armored formats (the
// emergency key file) use it.
func ParseArmor(name string, data []byte, size int, what string) (comment string, blob, message []byte, err error) {
	a, err := parseArmor(name, data, size, what)
	if err != nil {
		return "", nil, nil, err
	}
	return a.comment, a.blob, a.message, nil
}

// MarshalArmor encodes a signify-armored file.
func MarshalArmor(comment string, blob, message []byte) []byte {
	return marshalArmor(comment, blob, message)
}

// CheckComment reports why c cannot be written as an untrusted comment.
func CheckComment(c string) error { return checkComment(c) }

// CommentHeader starts the first line of every signify file.
const CommentHeader = commentHeader

// SecretKeySize is the size of a secret key's decoded base64 line.
const SecretKeySize = secretKeySize
