package vectors

import (
	"bytes"
	"strings"
)

type badFile struct {
	Case
	data []byte
}

// badFiles returns the must-fail parse vectors, each with the start of the
// error it must give: the file, the line and what was expected.
func badFiles(files map[string][]byte) []badFile {
	pub := files["keys/k1.pub"]
	sec := files["keys/k1.sec"]
	sig := files["keys/message.txt.sig"]
	lines := func(b []byte) []string { return strings.SplitAfter(string(b), "\n") }
	pl := lines(pub)
	var out []badFile
	add := func(name, format string, data []byte, contains string) {
		f := "bad/" + name
		out = append(out, badFile{Case: Case{Name: "reject-" + name, Type: "parse", Format: format, File: f, Expect: "parse", Contains: f + ":" + contains}, data: data})
	}
	add("pub-truncated-base64", "publickey", []byte(pl[0]+pl[1][:30]+"\n"), `2: base64 line is 30 characters, expected 56`)
	add("pub-no-final-newline", "publickey", bytes.TrimSuffix(pub, []byte("\n")), `2: no newline after the base64 line`)
	add("pub-wrong-algorithm", "publickey", []byte(pl[0]+"WF"+pl[1][2:]), `2: unsupported algorithm "XT", expected "Ed" (Ed25519)`)
	add("pub-is-secret-key", "publickey", sec, `2: base64 line is 140 characters, expected 56 for a signify public key (this looks like a secret key)`)
	add("sec-is-public-key", "secretkey", pub, `2: base64 line is 56 characters, expected 140 for a signify secret key (this looks like a public key)`)
	add("pub-comment-too-long", "publickey", []byte("untrusted comment: "+strings.Repeat("x", 1024)+"\n"+pl[1]), `1: comment is 1024 bytes, longer than signify's limit of 1023`)
	add("pub-crlf", "publickey", []byte(strings.ReplaceAll(string(pub), "\n", "\r\n")), `1: line ends in CRLF`)
	add("pub-no-comment-header", "publickey", []byte("comment: x\n"+pl[1]), `1: expected "untrusted comment: "`)
	add("pub-empty", "publickey", nil, ` empty file, expected a signify public key`)
	add("pub-trailing-data", "publickey", append(append([]byte{}, pub...), "extra\n"...), `3: unexpected data after the public key`)
	add("sig-wrong-length", "signature", []byte(lines(sig)[0]+lines(sig)[1][:96]+"\n"), `2: base64 line is 96 characters, expected 100`)
	sl := lines(sec)
	add("sec-unknown-kdf", "secretkey", []byte(sl[0]+"RWRY"+sl[1][4:]), `2: unsupported key derivation "XK", expected "BK" (bcrypt_pbkdf)`)

	e := string(files["release/SHA256.sig.entry"])
	add("entry-unknown-field", "entry", []byte(strings.Replace(e, "version ", "versoin ", 1)), `8: unknown field "versoin"; expected one of package`)
	add("entry-leading-zero", "entry", []byte(strings.Replace(e, "position 2", "position 02", 1)), `4: position: expected a decimal number without leading zeros`)
	add("entry-out-of-order", "entry", []byte(swapLines(e, 1, 2)), `3: field "package" is out of order`)
	add("entry-crlf", "entry", []byte(strings.Replace(e, "\n", "\r\n", 1)), `1: line ends in CRLF; chain files use LF line endings`)
	add("entry-no-signatures", "entry", []byte(e[:strings.Index(e, "\n\n")+2]), `12: expected signature lines`)
	add("entry-bad-signature-line", "entry", []byte(strings.Replace(e, "— ", "-- ", 1)), `12: expected a signature line`)
	add("entry-key-name-with-escape", "entry", []byte(strings.Replace(e, "— baton-", "— \x1b[2J\x1b]0;pwned\abaton-", 1)), `12: signature line: key name "\x1b[2J\x1b]0;pwned\x07baton-`)
	add("entry-uppercase-hash", "entry", []byte(upperPrev(e)), `7: prev: expected 64 lowercase hex digits`)

	add("chain-garbage", "chain", bytes.Repeat([]byte("garbage "), 1000), `1: line is longer than the limit of 6144 bytes`)
	add("chain-not-an-entry", "chain", []byte("hello\n"), `1: expected an entry starting with "baton-entry v1"`)
	add("chain-trailing-blank-line", "chain", append(append([]byte{}, files["release/SHA256.sig.entry"]...), '\n'), `13: file ends with a blank line`)

	store := string(files["trust/store"])
	sl2 := lines([]byte(store))
	add("trust-four-fields", "truststore", []byte(sl2[0]+strings.Join(strings.Fields(sl2[1])[:4], " ")+"\n"), `2: expected 5 fields`)
	add("trust-duplicate-package", "truststore", []byte(store+sl2[1]), `3: second pin for example.org/hello (first on line 2)`)

	add("checksums-wrong-algorithm", "checksums", []byte("MD5 (hello.txt) = 0123456789abcdef0123456789abcdef\n"), `1: found algorithm "MD5": expected SHA256`)
	return out
}

func swapLines(s string, i, j int) string {
	l := strings.SplitAfter(s, "\n")
	l[i], l[j] = l[j], l[i]
	return strings.Join(l, "")
}

func upperPrev(e string) string {
	i := strings.Index(e, "prev ") + len("prev ")
	return e[:i] + strings.ToUpper(e[i:i+64]) + e[i+64:]
}
