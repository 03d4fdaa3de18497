package backup

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The paper key text: a signify secret key file (still encrypted with its
// passphrase) written for a person to type back from a printed sheet. See
// spec/backups.md, "Paper key text".
//
//	baton paper key 1
//	comment: baton example.org/hello K3  7Q
//	1: RWRCS TzAAA ACoxM jE2Mz  AB
//	...
//	7: ...  CD
//	check: ABCD EFGH
//
// Each line carries a 2-character check, so a typo is caught on the line
// where it was made; the last line checks the whole file, so a typo that a
// line check misses is not mistaken for a wrong passphrase.

const (
	paperHeader     = "baton paper key 1"
	paperDomain     = "baton-paper-key-1"
	paperGroup      = 5                                                    // characters per group
	paperGroups     = 4                                                    // groups per line
	paperLineChars  = paperGroup * paperGroups                             // 20
	paperLines      = (secretKeyB64 + paperLineChars - 1) / paperLineChars // 7
	paperCheckChars = 2                                                    // per line: 10 bits
	paperFinalChars = 8                                                    // whole key: 40 bits
	secretKeyB64    = (signify.SecretKeySize + 2) / 3 * 4                  // 140
	// PaperCheckAlphabet is the alphabet of the check characters: base32
	// without 0, 1, I and O, so that no two characters look alike.
	PaperCheckAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	// MaxPaperKeyText bounds the input DecodePaperKey reads.
	MaxPaperKeyText = 8 << 10
)

// paperCheck returns n check characters: the first 5n bits of
// SHA-256(domain || tag || text) in PaperCheckAlphabet.
func paperCheck(tag byte, text []byte, n int) string {
	h := sha256.New()
	h.Write([]byte(paperDomain))
	h.Write([]byte{tag})
	h.Write(text)
	sum := h.Sum(nil)
	out := make([]byte, n)
	for i := range out {
		bit := 5 * i
		v := uint16(sum[bit/8])<<8 | uint16(sum[bit/8+1])
		out[i] = PaperCheckAlphabet[(v>>(11-bit%8))&31]
	}
	return string(out)
}

// paperFinalTag is the tag of the whole-key check; lines use 0 (comment)
// and 1..7.
const paperFinalTag = 0xff

// EncodePaperKey returns the paper key text of enc, ending in a newline.
// The comment is written as it is; keep it printable ASCII (Baton's own
// are) so that a printed sheet shows it exactly.
func EncodePaperKey(enc *signify.EncryptedSecretKey) string {
	var b strings.Builder
	b.WriteString(paperHeader + "\n")
	fmt.Fprintf(&b, "comment: %s  %s\n", enc.Comment, paperCheck(0, []byte(enc.Comment), paperCheckChars))
	line := base64.StdEncoding.EncodeToString(enc.Blob())
	for i := range paperLines {
		text := line[i*paperLineChars : min(len(line), (i+1)*paperLineChars)]
		fmt.Fprintf(&b, "%d:", i+1)
		for g := 0; g < len(text); g += paperGroup {
			b.WriteString(" " + text[g:min(len(text), g+paperGroup)])
		}
		fmt.Fprintf(&b, "  %s\n", paperCheck(byte(i+1), []byte(text), paperCheckChars))
	}
	final := paperCheck(paperFinalTag, enc.Marshal(), paperFinalChars)
	fmt.Fprintf(&b, "check: %s %s\n", final[:4], final[4:])
	return b.String()
}

// paperLine is one non-blank line of typed input.
type paperLine struct {
	n    int    // line number in the input, 1-based
	text string // trimmed
}

// DecodePaperKey reads a paper key text as a person typed it back and
// returns the (still encrypted) secret key. name names the input in errors,
// which are *ParseError values whose Line is the line of the input and whose
// message names the line of the sheet ("key line 3") that is wrong.
//
// It tolerates what is unambiguous: blank lines, CRLF, spaces and tabs
// anywhere between groups, a check typed without its space, lowercase in the
// header, labels and check characters. The key characters themselves are
// base64, where case matters.
func DecodePaperKey(name, text string) (*signify.EncryptedSecretKey, error) {
	r := &paperReader{name: name}
	if len(text) > MaxPaperKeyText {
		return nil, r.fail(0, "%d bytes, more than a paper key text can be (%d)", len(text), MaxPaperKeyText)
	}
	lines, err := r.layout(text)
	if err != nil {
		return nil, err
	}
	comment, err := r.comment(lines[1])
	if err != nil {
		return nil, err
	}
	keys, err := r.keyLines(lines[2 : 2+paperLines])
	if err != nil {
		return nil, err
	}
	fl := lines[len(lines)-1]
	final, err := r.checkLine(fl)
	if err != nil {
		return nil, err
	}
	build := func(keyText []string) (*signify.EncryptedSecretKey, []byte, error) {
		file := signify.CommentHeader + comment + "\n" + strings.Join(keyText, "") + "\n"
		enc, err := signify.ParseSecretKey(name, []byte(file))
		return enc, []byte(file), err
	}
	if len(keys.bad) > 0 {
		return nil, r.badLines(keys, lines, final, build)
	}
	enc, file, err := build(keys.text)
	if err != nil {
		// The checks passed, so the sheet itself holds no signify key.
		return nil, r.fail(0, "the typed lines pass their checks but are not a signify secret key: %v", err)
	}
	if final != paperCheck(paperFinalTag, file, paperFinalChars) {
		return nil, r.fail(fl.n, "the whole-key check %s %s does not match, although every line matches its own check: a typo slipped past a line check, or the check line is mistyped; compare every line with the sheet", final[:4], final[4:])
	}
	return enc, nil
}

// paperReader parses a typed paper key; its errors name the input line.
type paperReader struct{ name string }

func (r *paperReader) fail(line int, format string, args ...any) error {
	return &signify.ParseError{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// layout returns the non-blank lines, checking the header and the count.
func (r *paperReader) layout(text string) ([]paperLine, error) {
	var lines []paperLine
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if l != "" {
			lines = append(lines, paperLine{i + 1, l})
		}
	}
	want := 3 + paperLines // header, comment, key lines, check
	if len(lines) == 0 {
		return nil, r.fail(0, "empty: expected the %d lines of a paper key, starting with %q", want, paperHeader)
	}
	if strings.Join(strings.Fields(strings.ToLower(lines[0].text)), " ") != paperHeader {
		return nil, r.fail(lines[0].n, "expected %q, the first line of a paper key sheet, found %s", paperHeader, untrusted.QuoteStart([]byte(lines[0].text)))
	}
	if len(lines) < want {
		missing := "the check line"
		switch k := len(lines); {
		case k == 1:
			missing = "the comment line"
		case k < want-1:
			missing = fmt.Sprintf("key line %d", k-1)
		}
		return nil, r.fail(0, "only %d of the %d lines of a paper key: %s and what follows it are missing", len(lines), want, missing)
	}
	if len(lines) > want {
		return nil, r.fail(lines[want].n, "unexpected line after the check line; a paper key has %d lines", want)
	}
	return lines, nil
}

// comment reads the comment line: "comment:" text, two spaces, check.
func (r *paperReader) comment(cl paperLine) (string, error) {
	label, rest, ok := cutLabel(cl.text)
	if !ok || label != "comment" {
		return "", r.fail(cl.n, "expected the comment line, \"comment: <text>  <check>\", found %s", untrusted.QuoteStart([]byte(cl.text)))
	}
	cut := strings.LastIndexAny(rest, " \t")
	if cut < 0 {
		return "", r.fail(cl.n, "the comment line needs its comment and a %d-character check after it", paperCheckChars)
	}
	comment, ccheck := strings.TrimSpace(rest[:cut]), strings.ToUpper(rest[cut+1:])
	if err := signify.CheckComment(comment); err != nil {
		return "", r.fail(cl.n, "comment line: %v", err)
	}
	if err := checkChars(ccheck, paperCheckChars); err != nil {
		return "", r.fail(cl.n, "comment line: %v", err)
	}
	if ccheck != paperCheck(0, []byte(comment), paperCheckChars) {
		return "", r.fail(cl.n, "comment line: the check %q does not match: the comment is mistyped (spaces count inside it)", ccheck)
	}
	return comment, nil
}

// paperKeys is what the key lines held: their text and checks, the lines
// whose check fails and the error for the first of them.
type paperKeys struct {
	text, checks []string
	bad          []int
	firstErr     error
}

// keyLines reads the key lines: label, 20 base64 characters in groups, a
// 2-character check. A line whose check fails is recorded, not refused, so
// that a single typo can be located with the whole-key check.
func (r *paperReader) keyLines(lines []paperLine) (*paperKeys, error) {
	k := &paperKeys{text: make([]string, paperLines), checks: make([]string, paperLines)}
	for i, l := range lines {
		label, rest, ok := cutLabel(l.text)
		if !ok || label != fmt.Sprint(i+1) {
			return nil, r.fail(l.n, "expected key line %d, starting \"%d:\", found %s", i+1, i+1, untrusted.QuoteStart([]byte(l.text)))
		}
		s := strings.Join(strings.Fields(rest), "")
		wantLen := min(paperLineChars, secretKeyB64-i*paperLineChars)
		if len(s) != wantLen+paperCheckChars {
			return nil, r.fail(l.n, "key line %d has %d characters, expected %d key characters and a %d-character check", i+1, len(s), wantLen, paperCheckChars)
		}
		data, check := s[:wantLen], strings.ToUpper(s[wantLen:])
		for j := 0; j < len(data); j++ {
			if !isBase64Char(data[j]) {
				return nil, r.fail(l.n, "key line %d, group %d, character %d: %q is not a base64 character (A-Z a-z 0-9 + / =)", i+1, j/paperGroup+1, j%paperGroup+1, data[j])
			}
		}
		if err := checkChars(check, paperCheckChars); err != nil {
			return nil, r.fail(l.n, "key line %d: %v", i+1, err)
		}
		k.text[i], k.checks[i] = data, check
		if check != paperCheck(byte(i+1), []byte(data), paperCheckChars) {
			k.bad = append(k.bad, i)
			if k.firstErr == nil {
				k.firstErr = r.fail(l.n, "key line %d: the check %q does not match: a character of this line is mistyped (look for letters in the wrong case and for 0/O, 1/l/I)", i+1, check)
			}
		}
	}
	return k, nil
}

// checkLine reads the check line: 8 characters over the whole file.
func (r *paperReader) checkLine(fl paperLine) (string, error) {
	label, rest, ok := cutLabel(fl.text)
	if !ok || label != "check" {
		return "", r.fail(fl.n, "expected the check line, \"check: XXXX XXXX\", found %s", untrusted.QuoteStart([]byte(fl.text)))
	}
	final := strings.ToUpper(strings.Join(strings.Fields(rest), ""))
	if err := checkChars(final, paperFinalChars); err != nil {
		return "", r.fail(fl.n, "check line: %v", err)
	}
	return final, nil
}

// badLines explains key lines whose checks failed: for a single line, the
// one character that both checks agree on, when there is one.
func (r *paperReader) badLines(k *paperKeys, lines []paperLine, final string, build func([]string) (*signify.EncryptedSecretKey, []byte, error)) error {
	if len(k.bad) > 1 {
		var more []string
		for _, i := range k.bad[1:] {
			more = append(more, fmt.Sprint(i+1))
		}
		return fmt.Errorf("%w; key lines %s do not match their checks either", k.firstErr, strings.Join(more, ", "))
	}
	i := k.bad[0]
	if pos, c, ok := suggestFix(k.text, i, k.checks[i], final, build); ok {
		return r.fail(lines[2+i].n, "key line %d: the check does not match: group %d, character %d should be %q, not %q (the line and whole-key checks agree)",
			i+1, pos/paperGroup+1, pos%paperGroup+1, c, k.text[i][pos])
	}
	return k.firstErr
}

// suggestFix looks for the one character of key line i that, changed to a
// look-alike or the other case, makes both the line's check (typed as
// check) and the whole-key check pass. It reports a fix only when exactly
// one exists.
func suggestFix(keyText []string, i int, check, final string, build func([]string) (*signify.EncryptedSecretKey, []byte, error)) (pos int, c byte, ok bool) {
	line := keyText[i]
	kt := append([]string(nil), keyText...)
	found := 0
	for p := 0; p < len(line); p++ {
		for _, alt := range lookAlikes(line[p]) {
			kt[i] = line[:p] + string(alt) + line[p+1:]
			if paperCheck(byte(i+1), []byte(kt[i]), paperCheckChars) != check {
				continue
			}
			if _, file, err := build(kt); err == nil && paperCheck(paperFinalTag, file, paperFinalChars) == final {
				pos, c = p, alt
				found++
			}
		}
	}
	return pos, c, found == 1
}

// lookAlikes returns the characters a person may have typed for b by
// mistake: the other case and shapes that look the same on paper.
func lookAlikes(b byte) []byte {
	var out []byte
	switch {
	case b >= 'a' && b <= 'z':
		out = append(out, b-'a'+'A')
	case b >= 'A' && b <= 'Z':
		out = append(out, b-'A'+'a')
	}
	switch b {
	case '0':
		out = append(out, 'O', 'o', 'D', 'Q')
	case 'O', 'o':
		out = append(out, '0')
	case 'D', 'Q':
		out = append(out, '0')
	case '1':
		out = append(out, 'l', 'I', 'i')
	case 'l', 'I', 'i':
		out = append(out, '1', 'l', 'I')
	case '5':
		out = append(out, 'S', 's')
	case 'S', 's':
		out = append(out, '5')
	case '2':
		out = append(out, 'Z', 'z')
	case 'Z', 'z':
		out = append(out, '2')
	case '8':
		out = append(out, 'B')
	case 'B':
		out = append(out, '8')
	case '6':
		out = append(out, 'G', 'b')
	case 'G':
		out = append(out, '6')
	case '9':
		out = append(out, 'g', 'q')
	case 'g', 'q':
		out = append(out, '9')
	case '+':
		out = append(out, 't')
	case 't':
		out = append(out, '+')
	}
	var uniq []byte
	for _, c := range out {
		if c != b && !strings.ContainsRune(string(uniq), rune(c)) {
			uniq = append(uniq, c)
		}
	}
	return uniq
}

// cutLabel splits "label: rest" (or "label rest"); the label is lowercased.
func cutLabel(s string) (label, rest string, ok bool) {
	end := strings.IndexAny(s, ": \t.")
	if end <= 0 {
		return "", "", false
	}
	label, rest = strings.ToLower(s[:end]), s[end:]
	rest = strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, ".") {
		rest = rest[1:]
	}
	return label, strings.TrimSpace(rest), true
}

func checkChars(s string, n int) error {
	if len(s) != n {
		return fmt.Errorf("the check is %d characters, found %q", n, s)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(PaperCheckAlphabet, s[i]) < 0 {
			return fmt.Errorf("%q is not a check character (checks use %s: no 0, 1, I or O)", s[i], PaperCheckAlphabet)
		}
	}
	return nil
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}
