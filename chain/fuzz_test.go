package chain_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/untrusted"
)

// Every parser has a fuzz target. The seed corpus is every vector file of
// the format (valid and invalid). The property: no panic on any input, and
// whatever parses re-encodes to the same bytes.

func fuzzFormat(f *testing.F, format string) {
	for _, c := range loadCases(f) {
		if c.Type == "parse" && c.Format == format {
			f.Add(readVector(f, c.File))
		}
		if format == "chain" && c.Chain != "" {
			f.Add(readVector(f, c.Chain))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := parseAs(format, "fuzz", in, "")
		if err != nil {
			return
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("parse and re-encode changed the bytes:\nin:  %q\nout: %q", in, out)
		}
	})
}

func FuzzParsePublicKey(f *testing.F)   { fuzzFormat(f, "publickey") }
func FuzzParseSecretKey(f *testing.F)   { fuzzFormat(f, "secretkey") }
func FuzzParseSignature(f *testing.F)   { fuzzFormat(f, "signature") }
func FuzzParseSignedEntry(f *testing.F) { fuzzFormat(f, "entry") }
func FuzzReadChain(f *testing.F)        { fuzzFormat(f, "chain") }
func FuzzParseTrustStore(f *testing.F)  { fuzzFormat(f, "truststore") }

// FuzzEscape: whatever the input, Escape, Quote and SanitizeMessage give
// valid UTF-8 without an unsafe character, Quote gives a Go string literal
// of the input, and Escape is Quote without the quote marks' escaping.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"Ada", "\x1b[2J\x1b]0;t\a", "a\u202eb\u2028c\u200b", "\xff\xfe", `a"b\c`, "李\t\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, q, m := untrusted.Escape(s), untrusted.Quote(s), untrusted.SanitizeMessage(s)
		checkEscaped(t, "Escape", e)
		checkEscaped(t, "Quote", q)
		checkEscaped(t, "SanitizeMessage", m)
		if back, err := strconv.Unquote(q); err != nil || back != s {
			t.Fatalf("Unquote(Quote(%q)) = %q, %v", s, back, err)
		}
		if want := strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`); e != want {
			t.Fatalf("Escape(%q) = %q, want %q", s, e, want)
		}
		if untrusted.NeedsEscape(s) != (e != s) {
			t.Fatalf("NeedsEscape(%q) = %v, Escape changed it: %v", s, untrusted.NeedsEscape(s), e != s)
		}
	})
}
