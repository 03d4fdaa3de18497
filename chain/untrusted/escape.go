package untrusted

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text read from a chain, a signature, a key comment or a checksum list is
// untrusted: a mirror with no key can put terminal escapes (ESC [2J clears
// the screen, ESC ]0; retitles the window), bidirectional overrides that
// make text display as other text (CVE-2021-42574), zero-width characters
// and line separators into it. Every such string is shown through Escape or
// Quote, which render the dangerous characters visibly, in Go's escape
// syntax:
//
//	C0 controls, DEL, invalid UTF-8    \x1b  \x7f  \xff  (\t \n \r as such)
//	C1 controls                         \u0085
//	bidi and zero-width characters      \u202e  \u2066  \u200b  \ufeff
//	line and paragraph separators       \u2028  \u2029
//
// A character is shown as it is when it is printable (Go's
// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
// ASCII space), so names in any script stay readable. Everything else is
// escaped: besides the characters above, every other format character,
// space other than U+0020, private-use and unassigned code point.

// UnsafeRune reports whether r must be escaped before it is shown: a
// control character, a bidirectional or zero-width character, a line or
// paragraph separator, or any other character that is not printable.
// (Invalid UTF-8 decodes as U+FFFD, which is printable: callers check the
// width of what they decoded.)
func UnsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional controls
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true // zero-width characters
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return r != ' ' && !unicode.IsPrint(r)
}

// NeedsEscape reports whether Escape would change s: s holds invalid UTF-8,
// a backslash or an unsafe character (UnsafeRune).
func NeedsEscape(s string) bool {
	for i, r := range s {
		if r == '\\' || UnsafeRune(r) || r == utf8.RuneError && isInvalidAt(s, i) {
			return true
		}
	}
	return false
}

// Escape returns s with every unsafe character (UnsafeRune) and every byte
// of invalid UTF-8 escaped, and backslashes doubled so that the escaping is
// unambiguous: "Ada\x1b[2J" shows as `Ada\x1b[2J`, a name that holds the
// four characters `\x1b` shows as `\\x1b`. Quote marks are kept; use Quote
// where the text is set in quotes.
func Escape(s string) string {
	if !NeedsEscape(s) {
		return s
	}
	return string(appendEscaped(make([]byte, 0, len(s)+8), s, 0))
}

// Quote returns s in double quotes for prose, escaped as Escape does and
// with its own quote marks escaped: `"Ada \"x\", y"`. Unlike strconv.Quote
// it never escapes a printable character, and unlike strconv.QuoteToASCII it
// keeps names in any script readable. strconv.Unquote(Quote(s)) == s.
func Quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = appendEscaped(b, s, '"')
	return string(append(b, '"'))
}

// QuoteAll quotes each string with Quote.
func QuoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = Quote(s)
	}
	return out
}

// sanitize escapes unsafe characters and invalid UTF-8 but leaves
// backslashes alone: a last line of defence for messages that are already
// built, some parts of them escaped or %q-quoted (whose backslashes must
// not be doubled). It is the identity on text with nothing unsafe.
func sanitize(s string) string {
	for i, r := range s {
		if UnsafeRune(r) || r == utf8.RuneError && isInvalidAt(s, i) {
			return string(appendSanitized(append(make([]byte, 0, len(s)+8), s[:i]...), s[i:]))
		}
	}
	return s
}

func appendSanitized(b []byte, s string) []byte {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 || UnsafeRune(r) {
			b = appendEscaped(b, s[:n], 0)
		} else {
			b = append(b, s[:n]...)
		}
		s = s[n:]
	}
	return b
}

// SanitizeMessage is sanitize for other packages: it escapes the unsafe
// characters of an already-built message (an error's text, say) and keeps
// its backslashes as they are. Build messages from Quote and Escape; this is
// for the boundary where they are printed.
func SanitizeMessage(s string) string { return sanitize(s) }

func isInvalidAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 1
}

// appendEscaped appends s escaped; quote (if not 0) is escaped too.
func appendEscaped(b []byte, s string, quote byte) []byte {
	const hex = "0123456789abcdef"
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		c := s[0]
		s = s[n:]
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
			continue
		case r == '\\' || quote != 0 && r == rune(quote):
			b = append(b, '\\', byte(r))
			continue
		case !UnsafeRune(r):
			b = utf8.AppendRune(b, r)
			continue
		}
		switch r {
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			switch {
			case r < 0x80:
				b = append(b, '\\', 'x', hex[r>>4], hex[r&15])
			case r < 0x10000:
				b = append(b, `\u`...)
				b = append(b, pad(strconv.FormatInt(int64(r), 16), 4)...)
			default:
				b = append(b, `\U`...)
				b = append(b, pad(strconv.FormatInt(int64(r), 16), 8)...)
			}
		}
	}
	return b
}

func pad(h string, n int) string {
	if len(h) >= n {
		return h
	}
	return strings.Repeat("0", n-len(h)) + h
}

// QuoteStart quotes the start of an input line for an error message: at
// most 40 bytes, Go-quoted, with "..." when there was more.
func QuoteStart(b []byte) string {
	if len(b) > 40 {
		return fmt.Sprintf("%q...", b[:40])
	}
	return fmt.Sprintf("%q", b)
}
