package signify

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A release's checksum list is the text that OpenBSD signs for its releases
// and that `signify -C` checks: one line per file,
//
//	SHA256 (<name>) = <64 lowercase hex digits>\n
//
// exactly as `sha256sum --tag` writes it. Baton reads and writes a strict
// subset of what signify accepts, so that every list it writes verifies with
// stock signify and every list it accepts has exactly one encoding. See
// spec/signify.md, "Checksum list".

const (
	// MaxChecksumEntries is the most lines a checksum list may have.
	MaxChecksumEntries = 1_000_000
	// MaxChecksumLineLen is the longest line, without its "\n", in bytes.
	MaxChecksumLineLen = 4096
	// MaxChecksumNameLen is the longest file name, in bytes. signify -C
	// reads names with "%1023[^)]" and rejects the line when a name is
	// longer (measured with signify-openbsd: 1023 bytes verify, 1024 fail).
	MaxChecksumNameLen = 1023

	checksumAlgo     = "SHA256"
	checksumPrefix   = checksumAlgo + " ("
	checksumSep      = ") = "
	checksumHexLen   = 64
	checksumExpected = `expected "SHA256 (name) = <64 hex digits>"`
	minChecksumLine  = len(checksumPrefix) + 1 + len(checksumSep) + checksumHexLen + 1
)

// Checksum is one line of a checksum list: a file name relative to the
// release directory (with "/" separators) and the SHA-256 of its contents.
type Checksum struct {
	Name string
	Sum  [32]byte
}

// ChecksumList is a release's checksum list. Its order is the order of the
// lines; lists that Baton builds from files (HashFiles) are sorted by name.
type ChecksumList []Checksum

// ParseChecksumList parses data as a checksum list. name names the input in
// errors, which are *ParseError values giving the line and what was expected.
//
// It is strict: every line must be "SHA256 (<name>) = <64 lowercase hex
// digits>" ended by "\n" (no CRLF, no blank lines, no other algorithm), and
// every name must pass the rules of CheckChecksumName and appear once. An
// accepted list marshals back to exactly data.
func ParseChecksumList(name string, data []byte) (ChecksumList, error) {
	if len(data) == 0 {
		return nil, &ParseError{File: name, Msg: `empty checksum list: expected at least one "SHA256 (name) = <64 hex digits>" line`}
	}
	// A valid line has at least minChecksumLine bytes, which bounds the
	// number of entries data can hold without trusting its newlines.
	n := min(len(data)/minChecksumLine, MaxChecksumEntries)
	list := make(ChecksumList, 0, n)
	var dups checksumDups
	for lineNo := 1; len(data) > 0; lineNo++ {
		fail := func(format string, args ...any) error {
			return &ParseError{File: name, Line: lineNo, Msg: fmt.Sprintf(format, args...)}
		}
		if lineNo > MaxChecksumEntries {
			return nil, fail("more than %d entries: expected at most %d", MaxChecksumEntries, MaxChecksumEntries)
		}
		end := bytes.IndexByte(data, '\n')
		var line []byte
		if end < 0 {
			line = data
		} else {
			line = data[:end]
		}
		if len(line) > MaxChecksumLineLen {
			return nil, fail("line is %d bytes long: expected at most %d", len(line), MaxChecksumLineLen)
		}
		if end < 0 {
			return nil, fail(`line is not terminated: expected "\n" at the end of every line, found end of input after %s`, checksumQuote(line))
		}
		data = data[end+1:]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			return nil, fail(`line ends in "\r\n": expected "\n" line endings`)
		}
		c, msg := parseChecksumLine(line)
		if msg != "" {
			return nil, fail("%s", msg)
		}
		if first := dups.firstLine(list, c.Name); first > 0 {
			return nil, fail("duplicate name %q (first on line %d): expected each file once", c.Name, first)
		}
		list = append(list, c)
	}
	return list, nil
}

// parseChecksumLine parses one line without its "\n". It returns a message
// saying what was expected when the line is malformed.
func parseChecksumLine(line []byte) (Checksum, string) {
	if !bytes.HasPrefix(line, []byte(checksumPrefix)) {
		// Name the algorithm when the line has the shape of another
		// one's ("SHA512 (name) = ...", "MD5 (name) = ...").
		if algo, _, ok := bytes.Cut(line, []byte(" (")); ok && len(algo) > 0 && isChecksumAlgoName(algo) {
			return Checksum{}, fmt.Sprintf("found algorithm %s: expected %s (%s)",
				strconv.Quote(string(algo)), checksumAlgo, strings.TrimPrefix(checksumExpected, "expected "))
		}
		return Checksum{}, checksumExpected + ", found " + checksumQuote(line)
	}
	rest := line[len(checksumPrefix):]
	// Names cannot contain ")", so the last ") = " ends the name; a ")"
	// left inside the name is reported by the name check below.
	sep := len(rest) - len(checksumSep) - checksumHexLen
	hexOK := sep >= 0 && string(rest[sep:sep+len(checksumSep)]) == checksumSep && isLowerHexDigits(rest[sep+len(checksumSep):])
	if !hexOK {
		sep = bytes.LastIndex(rest, []byte(checksumSep)) // for the error
	}
	if sep < 0 {
		return Checksum{}, checksumExpected + ", found " + checksumQuote(line)
	}
	name, digits := string(rest[:sep]), rest[sep+len(checksumSep):]
	if msg := checksumNameProblem(name); msg != "" {
		return Checksum{}, msg
	}
	c := Checksum{Name: name}
	if !hexOK {
		return Checksum{}, fmt.Sprintf("expected %d lowercase hex digits after %q, found %s",
			checksumHexLen, checksumSep, checksumQuote(digits))
	}
	hex.Decode(c.Sum[:], digits) // cannot fail: checked above
	return c, ""
}

func isChecksumAlgoName(s []byte) bool {
	if len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '/') {
			return false
		}
	}
	return true
}

func isLowerHexDigits(s []byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// checksumQuote quotes the start of b for an error message.
func checksumQuote(b []byte) string {
	const max = 80
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}

// CheckChecksumName reports whether name may appear in a checksum list: a
// clean relative path with "/" separators inside the release directory ("a/b",
// not "./a", "a//b", "a/", "/a" or "../a"), at most MaxChecksumNameLen bytes
// of UTF-8 without control characters (C0, DEL, C1), bidirectional controls,
// backslashes or ")" (which signify -C cannot parse).
func CheckChecksumName(name string) error {
	if msg := checksumNameProblem(name); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// checksumNameProblem returns what is wrong with name, or "".
func checksumNameProblem(name string) string {
	if name == "" {
		return "empty file name: expected a path relative to the release directory"
	}
	if len(name) > MaxChecksumNameLen {
		return fmt.Sprintf("file name is %d bytes long: expected at most %d (signify's limit)", len(name), MaxChecksumNameLen)
	}
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii && !utf8.ValidString(name) {
		return fmt.Sprintf("file name %s is not valid UTF-8: expected UTF-8 text", strconv.Quote(name))
	}
	for _, r := range name {
		switch {
		case r == 0:
			return fmt.Sprintf("file name %s contains a NUL byte: expected printable characters", strconv.Quote(name))
		case r == '\n':
			return fmt.Sprintf("file name %s contains a newline: expected printable characters", strconv.Quote(name))
		case r < 0x20 || 0x7f <= r && r < 0xa0:
			return fmt.Sprintf("file name %s contains control character %U: expected printable characters", strconv.Quote(name), r)
		case r == '\\':
			return fmt.Sprintf("file name %s contains a backslash: expected \"/\" as the only separator", strconv.Quote(name))
		case r == ')':
			return fmt.Sprintf("file name %s contains \")\": expected names without \")\", which signify -C cannot parse", strconv.Quote(name))
		case isBidiControl(r):
			return fmt.Sprintf("file name %s contains bidirectional control character %U: expected names that display as they are", strconv.Quote(name), r)
		}
	}
	if name[0] == '/' {
		return fmt.Sprintf("file name %s is absolute: expected a path relative to the release directory", strconv.Quote(name))
	}
	if name == ".." || strings.HasPrefix(name, "../") || strings.HasSuffix(name, "/..") || strings.Contains(name, "/../") {
		return fmt.Sprintf("file name %s contains \"..\": expected a path inside the release directory", strconv.Quote(name))
	}
	if name == "." {
		return `file name "." names the release directory: expected a file in it`
	}
	if clean := path.Clean(name); clean != name {
		return fmt.Sprintf("file name %s is not a clean path: expected %s", strconv.Quote(name), strconv.Quote(clean))
	}
	return ""
}

// isBidiControl reports the characters that reorder displayed text, with
// which a name could show as another ("Trojan Source", CVE-2021-42574).
func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// Validate checks what ParseChecksumList checks of a list built in memory:
// one to MaxChecksumEntries entries, valid names, no duplicates. Its errors
// are *ParseError values whose line is the line the entry would occupy.
func (l ChecksumList) Validate() error {
	const file = "checksum list"
	if len(l) == 0 {
		return &ParseError{File: file, Msg: "empty checksum list: expected at least one file"}
	}
	if len(l) > MaxChecksumEntries {
		return &ParseError{File: file, Msg: fmt.Sprintf("%d entries: expected at most %d", len(l), MaxChecksumEntries)}
	}
	var dups checksumDups
	for i, c := range l {
		if msg := checksumNameProblem(c.Name); msg != "" {
			return &ParseError{File: file, Line: i + 1, Msg: msg}
		}
		if first := dups.firstLine(l[:i], c.Name); first > 0 {
			return &ParseError{File: file, Line: i + 1, Msg: fmt.Sprintf("duplicate name %q (first on line %d): expected each file once", c.Name, first)}
		}
	}
	return nil
}

// checksumDups finds repeated names. While names come in increasing order,
// as in the lists Baton writes, none can repeat and no set is needed; the
// first name out of order builds one from the names before it.
type checksumDups struct {
	seen map[string]int // name -> line (1-based)
}

// firstLine returns the line of name among before, the names so far, or 0
// if it is new; name is then recorded as the next line.
func (d *checksumDups) firstLine(before ChecksumList, name string) int {
	if d.seen == nil {
		if len(before) == 0 || name > before[len(before)-1].Name {
			return 0
		}
		d.seen = make(map[string]int, 2*len(before))
		for i, c := range before {
			d.seen[c.Name] = i + 1
		}
	}
	if first, ok := d.seen[name]; ok {
		return first
	}
	d.seen[name] = len(before) + 1
	return 0
}

// Marshal encodes the list, one "SHA256 (<name>) = <hex>\n" line per entry
// in the list's order. For a list returned by ParseChecksumList it gives back
// the parsed bytes exactly. It does not validate: call Validate first on a
// list built by hand.
func (l ChecksumList) Marshal() []byte {
	size := 0
	for _, c := range l {
		size += len(checksumPrefix) + len(c.Name) + len(checksumSep) + checksumHexLen + 1
	}
	b := make([]byte, 0, size)
	for _, c := range l {
		b = append(b, checksumPrefix...)
		b = append(b, c.Name...)
		b = append(b, checksumSep...)
		b = hex.AppendEncode(b, c.Sum[:])
		b = append(b, '\n')
	}
	return b
}

// Sort sorts the list by name, in byte order (as `LC_ALL=C sort` would).
func (l ChecksumList) Sort() {
	slices.SortFunc(l, func(a, b Checksum) int { return strings.Compare(a.Name, b.Name) })
}

// Lookup returns the checksum of the named file.
func (l ChecksumList) Lookup(name string) (Checksum, bool) {
	for _, c := range l {
		if c.Name == name {
			return c, true
		}
	}
	return Checksum{}, false
}

// Hex returns the checksum as 64 lowercase hex digits.
func (c Checksum) Hex() string { return hex.EncodeToString(c.Sum[:]) }
