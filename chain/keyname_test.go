package chain_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
	"github.com/baton-signing/baton/chain/signify"
)

// hostileSigLine is a signature line by a key named name: 68 bytes of key id
// and signature that verify nothing, as a mirror without a key would write.
func hostileSigLine(name string) string {
	return "— " + name + " " + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 68)) + "\n"
}

// Attack: a mirror with no key adds a signature line whose key name holds
// terminal escapes (clear the screen, retitle the window), a bidi override,
// a line separator or a zero-width space. Verifiers skip lines by unknown
// keys, so before key names were restricted the line parsed and its name
// reached the terminal raw through "signed by: ..." and "second signature
// by key ..." messages. Now the line is a parse error naming the line, and
// the error shows the name escaped.
func TestHostileKeyNameRefused(t *testing.T) {
	genesis := vectors.Story(chain.Hash{1})[0].Marshal()
	sigLine := bytes.Count(genesis, []byte("\n")) + 1 // the line after the genesis's own signatures
	for _, c := range []struct{ name, shown string }{
		{"evil\x1b[2J\x1b[H\x1b[32mOK\x1b[0m", `evil\x1b[2J\x1b[H\x1b[32mOK\x1b[0m`},
		{"\x1b]0;pwned\a", `\x1b]0;pwned\x07`},
		{"baton-\u202e00ffeeddccbbaa99", `baton-\u202e00ffeeddccbbaa99`},
		{"line\u2028break", `line\u2028break`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"c1\u009bcsi", `c1\u009bcsi`},
		{"del\x7f", `del\x7f`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"nbsp\u00a0name", `nbsp\u00a0name`},
	} {
		in := append(bytes.Clone(genesis), hostileSigLine(c.name)...)
		for _, parse := range []struct {
			how string
			fn  func() error
		}{
			{"ParseSignedEntry", func() error { _, err := chain.ParseSignedEntry("evil.chain", 1, in); return err }},
			{"ReadChain", func() error { _, err := chain.ReadAll("evil.chain", bytes.NewReader(in)); return err }},
		} {
			err := parse.fn()
			if err == nil {
				t.Fatalf("%s accepted the key name %q", parse.how, c.name)
			}
			var pe *signify.ParseError
			if !errors.As(err, &pe) || pe.Line != sigLine {
				t.Fatalf("%s: %q: want a ParseError at line %d, got %#v", parse.how, c.name, sigLine, err)
			}
			msg := err.Error()
			checkEscaped(t, parse.how+" error", msg)
			if !strings.Contains(msg, c.shown) || !strings.Contains(msg, "key name") {
				t.Fatalf("%s: error does not show the key name escaped as %s: %s", parse.how, c.shown, msg)
			}
		}
	}
}

// Names other signed-note tools write (a witness of a transparency log,
// say) still parse: the grammar is the signed-note one, made printable.
func TestForeignKeyNamesParse(t *testing.T) {
	genesis := vectors.Story(chain.Hash{1})[0].Marshal()
	for _, name := range []string{"example.com/witness", "sum.golang.org", "K3", "Zoë's-key"} {
		in := append(bytes.Clone(genesis), hostileSigLine(name)...)
		se, err := chain.ParseSignedEntry("ok.chain", 1, in)
		if err != nil {
			t.Fatalf("key name %q refused: %v", name, err)
		}
		if got := se.Sigs[len(se.Sigs)-1].Name; got != name {
			t.Fatalf("key name %q read as %q", name, got)
		}
		if !bytes.Equal(se.Marshal(), in) {
			t.Fatalf("key name %q does not re-encode", name)
		}
	}
	for _, name := range []string{"", "a+b", "a\tb", "a\u3000b"} {
		if chain.CheckKeyName(name) == nil {
			t.Errorf("CheckKeyName(%q) accepted it", name)
		}
	}
}

// The messages that list signature lines quote their names, so a name
// holding '"', ',' or ')' cannot forge the list.
func TestSignedByQuotesNames(t *testing.T) {
	genesis := vectors.Story(chain.Hash{1})[0].Marshal()
	in := append(bytes.Clone(genesis), hostileSigLine(`x"),(signed-by:"baton-00`)...)
	se, err := chain.ParseSignedEntry("ok.chain", 1, in)
	if err != nil {
		t.Fatal(err)
	}
	err = se.SignedBy(vectors.Pub("K9"))
	if !errors.Is(err, chain.ErrNotSigned) {
		t.Fatalf("SignedBy = %v, want ErrNotSigned", err)
	}
	if !strings.Contains(err.Error(), `"x\"),(signed-by:\"baton-00"`) {
		t.Fatalf("SignedBy does not quote the names: %v", err)
	}
	dup := append(bytes.Clone(in), hostileSigLine(`x"),(signed-by:"baton-00`)...)
	if _, err := chain.ParseSignedEntry("dup.chain", 1, dup); err == nil || !strings.Contains(err.Error(), `second signature by key "x\"),(signed-by:\"baton-00"`) {
		t.Fatalf("a second line by the same key: %v", err)
	}
}

// ParseError escapes what is left of the input in its message and file
// name, whatever built it.
func TestParseErrorEscapes(t *testing.T) {
	err := &signify.ParseError{File: "evil\x1b[2J.chain", Line: 3, Msg: "found \x1b]0;t\a and \u202e, kept \"\\x1b\""}
	want := `evil\x1b[2J.chain:3: found \x1b]0;t\x07 and \u202e, kept "\x1b"`
	if err.Error() != want {
		t.Fatalf("ParseError = %s, want %s", err.Error(), want)
	}
}

// A checksum list may name a file with a zero-width or line separator
// character (spec/signify.md, "Checksum list", forbids only controls and
// bidi controls); the error
// that lists bad files shows it escaped.
func TestBadFilesErrorEscapes(t *testing.T) {
	err := &signify.BadFilesError{Listed: 2, Bad: []signify.BadFile{{Name: "a\u2028b.bin", Err: signify.ErrChecksumMismatch}, {Name: "c\u200b.bin", Err: signify.ErrFileMissing}}}
	checkEscaped(t, "BadFilesError", err.Error())
	if !strings.Contains(err.Error(), `a\u2028b.bin: `) || !strings.Contains(err.Error(), `c\u200b.bin: `) {
		t.Fatalf("BadFilesError does not show the names escaped: %s", err)
	}
}
