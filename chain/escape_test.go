package chain_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain/untrusted"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, escaped, quoted string }{
		{"Ada Lovelace", "Ada Lovelace", `"Ada Lovelace"`},
		{"", "", `""`},
		{"Zoë Ørsted 李雷 Αθηνά", "Zoë Ørsted 李雷 Αθηνά", `"Zoë Ørsted 李雷 Αθηνά"`},
		{`Ada "x", y`, `Ada "x", y`, `"Ada \"x\", y"`},
		{`back\slash`, `back\\slash`, `"back\\slash"`},
		{"clear\x1b[2J", `clear\x1b[2J`, `"clear\x1b[2J"`},
		{"\x1b]0;title\a", `\x1b]0;title\x07`, `"\x1b]0;title\x07"`},
		{"tab\tnl\ncr\r", `tab\tnl\ncr\r`, `"tab\tnl\ncr\r"`},
		{"nul\x00del\x7f", `nul\x00del\x7f`, `"nul\x00del\x7f"`},
		{"c1\u0085\u009b", `c1\u0085\u009b`, `"c1\u0085\u009b"`},
		{"bidi\u202eevil\u202c", `bidi\u202eevil\u202c`, `"bidi\u202eevil\u202c"`},
		{"\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202d", `\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202d`, `"\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202d"`},
		{"zero\u200bwidth\u200c\u200d\u2060\ufeff", `zero\u200bwidth\u200c\u200d\u2060\ufeff`, `"zero\u200bwidth\u200c\u200d\u2060\ufeff"`},
		{"line\u2028para\u2029", `line\u2028para\u2029`, `"line\u2028para\u2029"`},
		{"bad\xff\xc3", `bad\xff\xc3`, `"bad\xff\xc3"`},
		{"nbsp\u00a0tag\U000e0041", `nbsp\u00a0tag\U000e0041`, `"nbsp\u00a0tag\U000e0041"`},
		{"replacement \ufffd stays", "replacement \ufffd stays", "\"replacement \ufffd stays\""},
	} {
		if got := untrusted.Escape(c.in); got != c.escaped {
			t.Errorf("Escape(%q) = %s, want %s", c.in, got, c.escaped)
		}
		if got := untrusted.Quote(c.in); got != c.quoted {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.quoted)
		}
		if back, err := strconv.Unquote(untrusted.Quote(c.in)); err != nil || back != c.in {
			t.Errorf("Unquote(Quote(%q)) = %q, %v", c.in, back, err)
		}
		if untrusted.NeedsEscape(c.in) != (c.in != c.escaped) {
			t.Errorf("NeedsEscape(%q) = %v", c.in, untrusted.NeedsEscape(c.in))
		}
	}
}

func TestSanitizeMessageKeepsBackslashes(t *testing.T) {
	msg := `found "\x1b" and raw ` + "\x1b[2J\u202e" + ` in C:\path`
	want := `found "\x1b" and raw \x1b[2J\u202e in C:\path`
	if got := untrusted.SanitizeMessage(msg); got != want {
		t.Fatalf("SanitizeMessage = %s, want %s", got, want)
	}
	if got := untrusted.SanitizeMessage("plain, ünïcode"); got != "plain, ünïcode" {
		t.Fatalf("SanitizeMessage changed safe text: %q", got)
	}
}

// checkEscaped fails t if s holds a character or byte that must not reach
// a terminal.
func checkEscaped(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
	if i := strings.IndexFunc(s, untrusted.UnsafeRune); i >= 0 {
		t.Fatalf("%s holds an unsafe character at %d: %q", what, i, s)
	}
}
