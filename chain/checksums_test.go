package chain_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

// Known SHA-256 values (FIPS 180-2 examples and the empty string).
const (
	sumEmpty   = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	sumABC     = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	sumMillion = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" // 1,000,000 × "a"
)

func ckLine(name, hex string) string { return "SHA256 (" + name + ") = " + hex + "\n" }

var ckValidLists = []string{
	ckLine("base.tgz", sumABC),
	ckLine("INSTALL.amd64", sumEmpty) + ckLine("base76.tgz", sumABC) + ckLine("bsd", sumMillion),
	// Not sorted: Marshal keeps the order it was given.
	ckLine("z", sumABC) + ckLine("a", sumEmpty),
	ckLine("dir/sub dir/file [1] (copy.tar.gz", sumABC) + ckLine("ünïcødé-名前.txt", sumEmpty),
	ckLine(".hidden", sumABC) + ckLine("-dash", sumEmpty) + ckLine("a..b", sumMillion) + ckLine("...", sumABC),
	ckLine(strings.Repeat("n", signify.MaxChecksumNameLen), sumABC),
}

func TestChecksumListRoundTrip(t *testing.T) {
	for _, in := range ckValidLists {
		list, err := signify.ParseChecksumList("SHA256", []byte(in))
		if err != nil {
			t.Fatalf("ParseChecksumList(%q): %v", in, err)
		}
		if got := string(list.Marshal()); got != in {
			t.Errorf("round trip:\n got %q\nwant %q", got, in)
		}
		if err := list.Validate(); err != nil {
			t.Errorf("Validate(%q): %v", in, err)
		}
	}
	list, err := signify.ParseChecksumList("SHA256", []byte(ckValidLists[1]))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[2].Name != "bsd" || list[2].Hex() != sumMillion {
		t.Fatalf("parsed %+v", list)
	}
	if c, ok := list.Lookup("base76.tgz"); !ok || c.Sum != sha256.Sum256([]byte("abc")) {
		t.Fatalf("Lookup(base76.tgz) = %x, %v", c.Sum, ok)
	}
	if _, ok := list.Lookup("nope"); ok {
		t.Fatal("Lookup found a missing name")
	}
}

func TestChecksumListSort(t *testing.T) {
	l := signify.ChecksumList{{Name: "b"}, {Name: "B"}, {Name: "a/z"}, {Name: "a"}, {Name: "a.b"}}
	l.Sort()
	var names []string
	for _, c := range l {
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, " "), "B a a.b a/z b"; got != want {
		t.Fatalf("sorted %q, want %q (byte order)", got, want)
	}
}

// ckParseErr parses in and checks the error: a *ParseError for file
// "SHA256" at line wantLine whose text contains want.
func ckParseErr(t *testing.T, in string, wantLine int, want string) {
	t.Helper()
	list, err := signify.ParseChecksumList("SHA256", []byte(in))
	if err == nil {
		t.Fatalf("ParseChecksumList(%.100q) accepted: %+v", in, list)
	}
	var pe *signify.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v is not a *ParseError", err, err)
	}
	if pe.File != "SHA256" || pe.Line != wantLine {
		t.Errorf("error %q at %s:%d, want SHA256:%d", err, pe.File, pe.Line, wantLine)
	}
	prefix := "SHA256: "
	if wantLine > 0 {
		prefix = fmt.Sprintf("SHA256:%d: ", wantLine)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, want) {
		t.Errorf("error %q, want %q...%q", msg, prefix, want)
	}
	if !strings.Contains(err.Error(), "expected") {
		t.Errorf("error %q does not say what was expected", err)
	}
}

func TestParseChecksumListRejects(t *testing.T) {
	good := ckLine("ok", sumABC)
	long := strings.Repeat("x", 4097-len("SHA256 () = ")-64) // a 4097-byte line
	for _, tc := range []struct {
		desc, in string
		line     int
		want     string
	}{
		{"empty input", "", 0, `empty checksum list: expected at least one "SHA256 (name) = <64 hex digits>" line`},
		{"blank line", good + "\n", 2, `expected "SHA256 (name) = <64 hex digits>", found ""`},
		{"CRLF", good + strings.TrimSuffix(ckLine("b", sumABC), "\n") + "\r\n", 2, `line ends in "\r\n": expected "\n" line endings`},
		{"unterminated", good + strings.TrimSuffix(ckLine("b", sumABC), "\n"), 2, `line is not terminated: expected "\n" at the end of every line, found end of input after "SHA256 (b) = ba78`},
		{"empty name", good + ckLine("", sumABC), 2, "empty file name: expected a path relative to the release directory"},
		{"newline in name", "SHA256 (a\nb) = " + sumABC + "\n", 1, `expected "SHA256 (name) = <64 hex digits>", found "SHA256 (a"`},
		{"dot-dot", good + ckLine("../etc/passwd", sumABC), 2, `file name "../etc/passwd" contains "..": expected a path inside the release directory`},
		{"dot-dot inside", ckLine("a/../../b", sumABC), 1, `file name "a/../../b" contains ".."`},
		{"dot-dot alone", ckLine("..", sumABC), 1, `file name ".." contains ".."`},
		{"absolute", good + ckLine("/etc/passwd", sumABC), 2, `file name "/etc/passwd" is absolute: expected a path relative to the release directory`},
		{"NUL", ckLine("a\x00b", sumABC), 1, `file name "a\x00b" contains a NUL byte: expected printable characters`},
		{"backslash", ckLine(`dir\file`, sumABC), 1, `file name "dir\\file" contains a backslash: expected "/" as the only separator`},
		{"tab", ckLine("a\tb", sumABC), 1, `file name "a\tb" contains control character U+0009: expected printable characters`},
		{"C1 control", ckLine("a\u0085b", sumABC), 1, `file name "a\u0085b" contains control character U+0085: expected printable characters`},
		{"DEL", ckLine("a\x7fb", sumABC), 1, `file name "a\x7fb" contains control character U+007F`},
		{"bidi override", ckLine("evil\u202etxt.exe", sumABC), 1, `file name "evil\u202etxt.exe" contains bidirectional control character U+202E: expected names that display as they are`},
		{"paren", ckLine("a)b", sumABC), 1, `file name "a)b" contains ")": expected names without ")", which signify -C cannot parse`},
		{"invalid UTF-8", ckLine("a\xffb", sumABC), 1, `file name "a\xffb" is not valid UTF-8: expected UTF-8 text`},
		{"dot slash", ckLine("./a", sumABC), 1, `file name "./a" is not a clean path: expected "a"`},
		{"double slash", ckLine("a//b", sumABC), 1, `file name "a//b" is not a clean path: expected "a/b"`},
		{"trailing slash", ckLine("a/", sumABC), 1, `file name "a/" is not a clean path: expected "a"`},
		{"dot", ckLine(".", sumABC), 1, `file name "." names the release directory: expected a file in it`},
		{"name too long", ckLine(strings.Repeat("n", signify.MaxChecksumNameLen+1), sumABC), 1, "file name is 1024 bytes long: expected at most 1023 (signify's limit)"},
		{"duplicate", good + ckLine("b", sumEmpty) + ckLine("ok", sumEmpty), 3, `duplicate name "ok" (first on line 1): expected each file once`},
		{"line too long", good + ckLine(long, sumABC), 2, "line is 4097 bytes long: expected at most 4096"},
		{"line too long unterminated", good + strings.Repeat("y", 5000), 2, "line is 5000 bytes long: expected at most 4096"},
		{"SHA512", good + "SHA512 (b) = " + strings.Repeat("ab", 64) + "\n", 2, `found algorithm "SHA512": expected SHA256 ("SHA256 (name) = <64 hex digits>")`},
		{"MD5", "MD5 (b) = " + strings.Repeat("ab", 16) + "\n", 1, `found algorithm "MD5": expected SHA256`},
		{"lowercase algorithm", "sha256 (b) = " + sumABC + "\n", 1, `found algorithm "sha256": expected SHA256`},
		{"uppercase hex", ckLine("b", strings.ToUpper(sumABC)), 1, `expected 64 lowercase hex digits after ") = ", found "BA7816BF`},
		{"short hex", ckLine("b", sumABC[:63]), 1, `expected 64 lowercase hex digits after ") = ", found "ba7816bf`},
		{"long hex", ckLine("b", sumABC+"0"), 1, `expected 64 lowercase hex digits after ") = ", found "ba7816bf`},
		{"non-hex", ckLine("b", sumABC[:63]+"g"), 1, `expected 64 lowercase hex digits`},
		{"trailing space", ckLine("b", sumABC+" "), 1, `expected 64 lowercase hex digits`},
		{"openssl style", "SHA2-256(b)= " + sumABC + "\n", 1, `expected "SHA256 (name) = <64 hex digits>", found "SHA2-256(b)= ba78`},
		{"sha256sum style", sumABC + "  b\n", 1, `expected "SHA256 (name) = <64 hex digits>", found "ba7816bf`},
		{"two spaces", "SHA256 (b)  = " + sumABC + "\n", 1, `expected "SHA256 (name) = <64 hex digits>"`},
		{"no space", "SHA256(b) = " + sumABC + "\n", 1, `expected "SHA256 (name) = <64 hex digits>"`},
		{"escaped sha256sum", `\SHA256 (a\nb) = ` + sumABC + "\n", 1, `expected "SHA256 (name) = <64 hex digits>"`},
		{"signify header", "untrusted comment: verify with k.pub\n", 1, `expected "SHA256 (name) = <64 hex digits>", found "untrusted comment: verify with k.pub"`},
	} {
		t.Run(tc.desc, func(t *testing.T) { ckParseErr(t, tc.in, tc.line, tc.want) })
	}
}

// A million entries parse; one more is refused at line 1,000,001.
func TestParseChecksumListTooManyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an 86 MB list")
	}
	line := []byte(ckLine("0000000", sumABC))
	data := make([]byte, 0, (signify.MaxChecksumEntries+1)*len(line))
	for i := range signify.MaxChecksumEntries + 1 {
		for d, n := 14, i; d >= 8; d, n = d-1, n/10 {
			line[d] = byte('0' + n%10) // the name: i in 7 decimal digits
		}
		data = append(data, line...)
	}
	// The error at line 1,000,001 shows that the lines before it parsed.
	ckParseErr(t, string(data), signify.MaxChecksumEntries+1, "more than 1000000 entries: expected at most 1000000")
}

func TestChecksumListValidate(t *testing.T) {
	var sum [32]byte
	for _, tc := range []struct {
		list signify.ChecksumList
		want string
	}{
		{nil, "checksum list: empty checksum list: expected at least one file"},
		{signify.ChecksumList{{Name: "a"}, {Name: "../b"}}, `checksum list:2: file name "../b" contains ".."`},
		{signify.ChecksumList{{Name: "a"}, {Name: "b"}, {Name: "a"}}, `checksum list:3: duplicate name "a" (first on line 1)`},
		{signify.ChecksumList{{Name: "a\nb", Sum: sum}}, `checksum list:1: file name "a\nb" contains a newline`},
	} {
		err := tc.list.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.list, err, tc.want)
		}
	}
}

func TestCheckChecksumName(t *testing.T) {
	for _, ok := range []string{"a", "a/b/c.tgz", "with space", "(paren", "ü"} {
		if err := signify.CheckChecksumName(ok); err != nil {
			t.Errorf("CheckChecksumName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "/a", "..", "a/..", "a\nb", "a\rb", "a\\b", "a)", "./a", "a/", "\x00"} {
		if err := signify.CheckChecksumName(bad); err == nil || !strings.Contains(err.Error(), "expected") {
			t.Errorf("CheckChecksumName(%q) = %v, want an error saying what was expected", bad, err)
		}
	}
}

// A list Baton writes verifies with stock signify: signify -S -e signs it,
// signify -C checks the signature and then every listed file.
func TestChecksumListVerifiesWithSignify(t *testing.T) {
	signifyTool := chaintest.RequireTool(t, "signify-openbsd")
	dir := t.TempDir()
	keys := t.TempDir()
	files := map[string]string{
		"base.tgz":                "base set",
		"sub dir/file [1] (x.txt": "spaces and parens",
		"ünïcødé.txt":             "utf-8",
		"empty":                   "",
		strings.Repeat("n", 200) + "/" + strings.Repeat("m", 200) + "/" + strings.Repeat("o", 200) + "/" + strings.Repeat("p", 200) + "/" + strings.Repeat("q", 200) + "/" + strings.Repeat("r", 18): "longest name",
	}
	var list signify.ChecksumList
	for name, content := range files {
		ckWrite(t, dir, name, []byte(content))
		list = append(list, signify.Checksum{Name: name, Sum: sha256.Sum256([]byte(content))})
	}
	list.Sort()
	if err := list.Validate(); err != nil {
		t.Fatal(err)
	}
	listPath := filepath.Join(keys, "SHA256")
	if err := os.WriteFile(listPath, list.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	pub, sec, sig := filepath.Join(keys, "k.pub"), filepath.Join(keys, "k.sec"), filepath.Join(keys, "SHA256.sig")
	ckRun(t, "", signifyTool, "-G", "-n", "-p", pub, "-s", sec)
	ckRun(t, "", signifyTool, "-S", "-e", "-s", sec, "-m", listPath, "-x", sig)
	out := ckRun(t, dir, signifyTool, "-C", "-p", pub, "-x", sig)
	for name := range files {
		if !strings.Contains(out, name+": OK") {
			t.Errorf("signify -C output lacks %q:\n%s", name+": OK", out)
		}
	}
	// And signify notices an altered file.
	ckWrite(t, dir, "base.tgz", []byte("altered"))
	cmd := exec.Command(signifyTool, "-C", "-p", pub, "-x", sig)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "base.tgz: FAIL") {
		t.Fatalf("signify -C accepted an altered file: %v\n%s", err, b)
	}
}

func ckWrite(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ckRun(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// FuzzParseChecksumList: parsing never panics, and whatever parses marshals
// back to the very same bytes (so every accepted list has one encoding).
func FuzzParseChecksumList(f *testing.F) {
	for _, s := range ckValidLists {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"", "\n", "\r\n", ckLine("a", sumABC) + "\r\n",
		strings.TrimSuffix(ckLine("a", sumABC), "\n"),
		ckLine("", sumABC), ckLine("../a", sumABC), ckLine("/a", sumABC), ckLine("a\x00", sumABC),
		ckLine(`a\b`, sumABC), ckLine("a)b", sumABC), ckLine("a", strings.ToUpper(sumABC)),
		ckLine("a", sumABC[:10]), ckLine("a", sumABC) + ckLine("a", sumEmpty),
		"SHA512 (a) = " + strings.Repeat("ab", 64) + "\n", "SHA256 (a) = \n", "SHA256 (a\nb) = " + sumABC + "\n",
		ckLine(strings.Repeat("x", 4100), sumABC),
	} {
		f.Add([]byte(s))
	}
	// And the checksum lists of the test vectors, valid and invalid.
	for _, c := range loadCases(f) {
		if c.Type == "parse" && c.Format == "checksums" {
			f.Add(readVector(f, c.File))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := signify.ParseChecksumList("fuzz", data)
		if err != nil {
			var pe *signify.ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz" {
				t.Fatalf("error %T %v is not a *ParseError naming the input", err, err)
			}
			return
		}
		if got := list.Marshal(); !bytes.Equal(got, data) {
			t.Fatalf("Marshal(Parse(%q)) = %q", data, got)
		}
		if err := list.Validate(); err != nil {
			t.Fatalf("parsed list does not validate: %v", err)
		}
	})
}
