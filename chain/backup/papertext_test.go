package backup_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/decred/dcrwallet/pgpwordlist"
)

const paperPass = "paper key test passphrase"

// paperKey is a seeded key encrypted at a low KDF cost (the format is the
// same at any cost).
func paperKey(t testing.TB, label string) (*signify.SecretKey, *signify.EncryptedSecretKey) {
	t.Helper()
	k, err := signify.GenerateKey(chaintest.Seeded("paper test key " + label))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.EncryptSecretKey(k, []byte(paperPass), 2, "baton example.org/hello "+label, chaintest.Seeded("paper test salt "+label))
	if err != nil {
		t.Fatal(err)
	}
	return k, enc
}

func TestPaperKeyRoundTrip(t *testing.T) {
	for _, label := range []string{"K1", "K2", "recovery", "K17"} {
		k, enc := paperKey(t, label)
		text := backup.EncodePaperKey(enc)
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		if len(lines) != 10 || lines[0] != "baton paper key 1" || !strings.HasPrefix(lines[9], "check: ") {
			t.Fatalf("layout:\n%s", text)
		}
		for i, l := range lines[2:9] {
			// "N: ccccc ccccc ccccc ccccc  XX"
			if len(l) != len("1: ccccc ccccc ccccc ccccc  XX") || !strings.HasPrefix(l, fmt.Sprintf("%d: ", i+1)) {
				t.Fatalf("key line %d is %q", i+1, l)
			}
		}
		got, err := backup.DecodePaperKey("sheet", text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", label, err, text)
		}
		if !bytes.Equal(got.Marshal(), enc.Marshal()) {
			t.Fatalf("%s: decoded key differs", label)
		}
		if backup.EncodePaperKey(got) != text {
			t.Fatalf("%s: re-encoding changed the text", label)
		}
		dk, err := got.Decrypt([]byte(paperPass))
		if err != nil {
			t.Fatal(err)
		}
		if !dk.Public("").Equal(k.Public("")) {
			t.Fatal("decrypted key differs")
		}
	}
}

func TestPaperKeyTolerance(t *testing.T) {
	_, enc := paperKey(t, "K3")
	text := backup.EncodePaperKey(enc)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	variants := map[string]string{
		"CRLF and blank lines": "\r\n" + strings.Join(lines, "\r\n\r\n") + "\r\n\r\n",
		"lowercase header, labels and checks": func() string {
			var out []string
			for i, l := range lines {
				if i == 1 {
					// the comment itself is case-sensitive; its label and check are not
					c := strings.LastIndex(l, " ")
					l = "COMMENT:" + l[len("comment:"):c] + " " + strings.ToLower(l[c+1:])
				} else if i >= 2 && i <= 8 {
					c := strings.LastIndex(l, " ")
					l = l[:c] + " " + strings.ToLower(l[c+1:])
				} else {
					l = strings.ToLower(l)
				}
				out = append(out, l)
			}
			return strings.Join(out, "\n")
		}(),
		"no spaces inside key lines": func() string {
			var out []string
			for i, l := range lines {
				if i >= 2 && i <= 8 {
					label, rest, _ := strings.Cut(l, ":")
					l = label + ": " + strings.Join(strings.Fields(rest), "")
				}
				out = append(out, l)
			}
			return strings.Join(out, "\n")
		}(),
		"tabs and extra spaces": func() string {
			var out []string
			for i, l := range lines {
				if i >= 2 {
					l = "  " + strings.ReplaceAll(l, " ", " \t ") + "\t"
				}
				out = append(out, l)
			}
			return strings.Join(out, "\n")
		}(),
		"label without colon": func() string {
			var out []string
			for i, l := range lines {
				if i >= 2 && i <= 8 {
					l = strings.Replace(l, ":", "", 1)
				}
				out = append(out, l)
			}
			return strings.Join(out, "\n")
		}(),
	}
	for name, v := range variants {
		got, err := backup.DecodePaperKey("typed", v)
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, v)
			continue
		}
		if !bytes.Equal(got.Marshal(), enc.Marshal()) {
			t.Errorf("%s: different key", name)
		}
	}
}

// TestPaperKeyEveryTypoNamed changes each key character, one at a time,
// to another base64 character and checks that the line is named (or, in
// the 1 in 1024 cases where a line check cannot see it, the whole-key check
// catches it). A typo never passes.
func TestPaperKeyEveryTypoNamed(t *testing.T) {
	_, enc := paperKey(t, "K4")
	text := backup.EncodePaperKey(enc)
	lines := strings.Split(text, "\n")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	named, final := 0, 0
	for li := 2; li <= 8; li++ {
		orig := lines[li]
		for pos := 3; pos < len(orig)-4; pos++ {
			c := orig[pos]
			if c == ' ' {
				continue
			}
			for _, alt := range []byte{alphabet[(strings.IndexByte(alphabet, c)+7)%64], alphabet[(strings.IndexByte(alphabet, c)+33)%64]} {
				lines[li] = orig[:pos] + string(alt) + orig[pos+1:]
				_, err := backup.DecodePaperKey("typed", strings.Join(lines, "\n"))
				var pe *signify.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("typo %q->%q on line %d passed or gave %v", c, alt, li+1, err)
				}
				switch {
				case pe.Line == li+1 && strings.Contains(pe.Msg, fmt.Sprintf("key line %d", li-1)):
					named++
				case pe.Line == 10 && strings.Contains(pe.Msg, "whole-key check"):
					final++
				default:
					t.Fatalf("typo on line %d: error %v names another line", li+1, err)
				}
			}
			lines[li] = orig
		}
	}
	t.Logf("%d typos named by their line, %d caught by the whole-key check", named, final)
	if named < 250 {
		t.Fatalf("only %d typos named by their line", named)
	}
}

func TestPaperKeyLookAlikeSuggested(t *testing.T) {
	_, enc := paperKey(t, "K5")
	text := backup.EncodePaperKey(enc)
	lines := strings.Split(text, "\n")
	// Flip the case of the first letter of key line 4.
	l := lines[5]
	pos := strings.IndexFunc(l[3:], func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) + 3
	c := l[pos]
	typo := c ^ 0x20
	lines[5] = l[:pos] + string(typo) + l[pos+1:]
	_, err := backup.DecodePaperKey("typed", strings.Join(lines, "\n"))
	var pe *signify.ParseError
	if !errors.As(err, &pe) || pe.Line != 6 {
		t.Fatalf("want an error on line 6, got %v", err)
	}
	want := fmt.Sprintf("should be %q, not %q", c, typo)
	if !strings.Contains(pe.Msg, "key line 4") || !strings.Contains(pe.Msg, want) {
		t.Fatalf("error %q does not suggest %s", pe.Msg, want)
	}
}

func TestPaperKeyRejects(t *testing.T) {
	_, enc := paperKey(t, "K6")
	text := backup.EncodePaperKey(enc)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	repl := func(i int, s string) string {
		l := append([]string(nil), lines...)
		l[i] = s
		return strings.Join(l, "\n")
	}
	cases := []struct {
		name, in string
		line     int
		contains string
	}{
		{"empty", "", 0, "empty"},
		{"not a sheet", "hello\n", 1, "baton paper key 1"},
		{"missing lines", strings.Join(lines[:6], "\n"), 0, "key line 5"},
		{"extra line", text + "more\n", 11, "unexpected line"},
		{"comment typo", repl(1, strings.Replace(lines[1], "hello", "hallo", 1)), 2, "comment is mistyped"},
		{"key line out of order", repl(3, strings.Replace(lines[3], "2:", "3:", 1)), 4, "expected key line 2"},
		{"short line", repl(4, lines[4][:10]+lines[4][11:]), 5, "key line 3 has 21 characters"},
		{"not base64", repl(4, lines[4][:4]+"*"+lines[4][5:]), 5, "not a base64 character"},
		{"ambiguous check character", repl(4, lines[4][:len(lines[4])-1]+"0"), 5, "not a check character"},
		{"final check typo", repl(9, "check: 2222 2222"), 10, "whole-key check"},
	}
	for _, c := range cases {
		_, err := backup.DecodePaperKey("typed", c.in)
		var pe *signify.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: want a ParseError, got %v", c.name, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(pe.Msg, c.contains) {
			t.Errorf("%s: got line %d %q, want line %d containing %q", c.name, pe.Line, pe.Msg, c.line, c.contains)
		}
	}
}

func FuzzDecodePaperKey(f *testing.F) {
	for _, label := range []string{"K1", "recovery"} {
		_, enc := paperKey(f, label)
		text := backup.EncodePaperKey(enc)
		f.Add(text)
		f.Add(strings.ToLower(text))
		f.Add(strings.ReplaceAll(text, " ", ""))
		f.Add(text[:len(text)/2])
	}
	f.Add("baton paper key 1\ncomment: x  AB\n")
	f.Fuzz(func(t *testing.T, in string) {
		enc, err := backup.DecodePaperKey("fuzz", in)
		if err != nil {
			return
		}
		out := backup.EncodePaperKey(enc)
		again, err := backup.DecodePaperKey("re-encoded", out)
		if err != nil {
			t.Fatalf("re-encoded text does not decode: %v\n%s", err, out)
		}
		if !bytes.Equal(again.Marshal(), enc.Marshal()) || backup.EncodePaperKey(again) != out {
			t.Fatalf("round trip changed the key:\nin:  %q\nout: %q", in, out)
		}
	})
}

// Backup test vectors: testdata/backups/, made from fixed seeds by
// backupVectors. TestBackupVectorsAreGenerated proves the files are exactly
// what it makes; regenerate them with
//
//	BATON_WRITE_VECTORS=1 go test ./chain/backup -run TestBackupVectorsAreGenerated

const backupVectorDir = "../../testdata/backups"

// BackupVectorPassphrase protects the vector paper key.
const backupVectorPassphrase = "baton test vector passphrase"

type backupCase struct {
	Name     string   `json:"name"`
	Format   string   `json:"format"` // "paper", "share" or "combine"
	File     string   `json:"file,omitempty"`
	Shares   []string `json:"shares,omitempty"`
	Expect   string   `json:"expect"`             // "ok", "parse" (a ParseError) or an error name
	Line     int      `json:"line,omitempty"`     // parse: the line the error names
	Contains string   `json:"contains,omitempty"` // parse: text the message contains
	// ok results: the secret key file a paper key decodes to (decrypting
	// with the passphrase gives the key of Public), or the public key a
	// share set rebuilds.
	SecretKey  string `json:"secret_key,omitempty"`
	Passphrase string `json:"passphrase,omitempty"`
	Public     string `json:"public_key,omitempty"`
}

func backupVectors(t testing.TB) (map[string][]byte, []backupCase) {
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{}
	var cases []backupCase
	// The paper key.
	pk, err := signify.GenerateKey(chaintest.Seeded("baton backup vector paper key"))
	must(err)
	enc, err := signify.EncryptSecretKey(pk, []byte(backupVectorPassphrase), signify.DefaultKDFRounds, "baton example.org/hello K3", chaintest.Seeded("baton backup vector paper salt"))
	must(err)
	paper := backup.EncodePaperKey(enc)
	files["paper-key.txt"] = []byte(paper)
	files["paper-key.sec"] = enc.Marshal()
	files["paper-key.pub"] = pk.Public("baton example.org/hello K3").Marshal()
	cases = append(cases, backupCase{Name: "paper key", Format: "paper", File: "paper-key.txt", Expect: "ok", SecretKey: "paper-key.sec", Passphrase: backupVectorPassphrase, Public: "paper-key.pub"})
	lines := strings.Split(paper, "\n")
	edit := func(i int, s string) []byte {
		l := append([]string(nil), lines...)
		l[i] = s
		return []byte(strings.Join(l, "\n"))
	}
	typed := []string{"Baton Paper Key 1", ""}
	for i, l := range lines[1:] {
		if i >= 1 && i <= 7 {
			label, rest, _ := strings.Cut(l, ":")
			f := strings.Fields(rest)
			l = label + "  " + strings.Join(f[:len(f)-1], "") + strings.ToLower(f[len(f)-1])
		}
		typed = append(typed, l)
	}
	files["paper-key-typed.txt"] = []byte(strings.Join(typed, "\r\n"))
	cases = append(cases, backupCase{Name: "paper key typed loosely", Format: "paper", File: "paper-key-typed.txt", Expect: "ok", SecretKey: "paper-key.sec", Passphrase: backupVectorPassphrase, Public: "paper-key.pub"})
	l4 := lines[4]
	files["paper-key-typo-line-3.txt"] = edit(4, l4[:9]+"#"+l4[10:])
	cases = append(cases, backupCase{Name: "paper key, not base64 on line 3", Format: "paper", File: "paper-key-typo-line-3.txt", Expect: "parse", Line: 5, Contains: "key line 3, group 2, character 1"})
	l7 := lines[7]
	swap := byte('A')
	if l7[4] == 'A' {
		swap = 'B'
	}
	files["paper-key-typo-line-6.txt"] = edit(7, l7[:4]+string(swap)+l7[5:])
	cases = append(cases, backupCase{Name: "paper key, typo on line 6", Format: "paper", File: "paper-key-typo-line-6.txt", Expect: "parse", Line: 8, Contains: "key line 6"})
	files["paper-key-bad-final-check.txt"] = edit(9, "check: 2222 2222")
	cases = append(cases, backupCase{Name: "paper key, whole-key check", Format: "paper", File: "paper-key-bad-final-check.txt", Expect: "parse", Line: 10, Contains: "whole-key check"})

	// A 2-of-3 split of a recovery key, and a second split of it.
	rk, err := signify.GenerateKey(chaintest.Seeded("baton backup vector recovery key"))
	must(err)
	files["recovery.pub"] = rk.Public("baton example.org/hello recovery").Marshal()
	shares, err := backup.SplitKey(rk, "example.org/hello", 2, 3, chaintest.Seeded("baton backup vector split"))
	must(err)
	for _, s := range shares {
		name := fmt.Sprintf("share-%d-of-3.txt", s.Index)
		files[name] = s.Marshal()
		cases = append(cases, backupCase{Name: fmt.Sprintf("share %d", s.Index), Format: "share", File: name, Expect: "ok"})
	}
	files["share-1-of-3.qr"] = shares[0].QRPayload()
	cases = append(cases, backupCase{Name: "share 1, QR payload", Format: "share", File: "share-1-of-3.qr", Expect: "ok"})
	other, err := backup.SplitKey(rk, "example.org/hello", 2, 3, chaintest.Seeded("baton backup vector other split"))
	must(err)
	files["other-split-share-2-of-3.txt"] = other[1].Marshal()
	sl := strings.Split(string(shares[1].Marshal()), "\n")
	w := strings.Fields(sl[9])
	w[5] = pgpwordlist.ByteToMnemonic(0x5a, 4)
	if w[5] == strings.Fields(sl[9])[5] {
		w[5] = pgpwordlist.ByteToMnemonic(0xa5, 4)
	}
	sl[9] = strings.Join(w, " ")
	files["share-2-wrong-word.txt"] = []byte(strings.Join(sl, "\n"))
	cases = append(cases, backupCase{Name: "share, one wrong word", Format: "share", File: "share-2-wrong-word.txt", Expect: "parse", Line: 10, Contains: "key line 3, word 5"})
	hl := strings.Split(string(shares[2].Marshal()), "\n")
	hl[5] = strings.Replace(hl[5], "any 2", "any 3", 1)
	files["share-3-header-typo.txt"] = []byte(strings.Join(hl, "\n"))
	cases = append(cases, backupCase{Name: "share, header typo", Format: "share", File: "share-3-header-typo.txt", Expect: "parse", Line: 7, Contains: "header does not match its check words"})
	for _, set := range [][]string{{"share-1-of-3.txt", "share-2-of-3.txt"}, {"share-1-of-3.txt", "share-3-of-3.txt"}, {"share-3-of-3.txt", "share-2-of-3.txt"}, {"share-1-of-3.qr", "share-2-of-3.txt", "share-3-of-3.txt"}} {
		cases = append(cases, backupCase{Name: "combine " + strings.Join(set, " + "), Format: "combine", Shares: set, Expect: "ok", Public: "recovery.pub"})
	}
	cases = append(cases,
		backupCase{Name: "combine one share", Format: "combine", Shares: []string{"share-2-of-3.txt"}, Expect: "ErrTooFewShares"},
		backupCase{Name: "combine a share twice", Format: "combine", Shares: []string{"share-1-of-3.txt", "share-1-of-3.qr"}, Expect: "ErrDuplicateShare"},
		backupCase{Name: "combine shares of two splits", Format: "combine", Shares: []string{"share-1-of-3.txt", "other-split-share-2-of-3.txt"}, Expect: "ErrOtherSplit"},
	)
	manifest, err := json.MarshalIndent(cases, "", "  ")
	must(err)
	files["vectors.json"] = append(manifest, '\n')
	return files, cases
}

func TestBackupVectorsAreGenerated(t *testing.T) {
	files, _ := backupVectors(t)
	if os.Getenv("BATON_WRITE_VECTORS") != "" {
		os.MkdirAll(backupVectorDir, 0o755)
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(backupVectorDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(backupVectorDir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/backups/%s differs from what backupVectors makes: regenerate with BATON_WRITE_VECTORS=1 go test ./chain/backup -run TestBackupVectorsAreGenerated", name)
		}
	}
	ents, _ := os.ReadDir(backupVectorDir)
	for _, e := range ents {
		if _, ok := files[e.Name()]; !ok {
			t.Errorf("testdata/backups/%s is not made by backupVectors: remove it", e.Name())
		}
	}
}

var backupErrs = map[string]error{"ErrTooFewShares": backup.ErrTooFewShares, "ErrDuplicateShare": backup.ErrDuplicateShare, "ErrOtherSplit": backup.ErrOtherSplit, "ErrSharesMismatch": backup.ErrSharesMismatch}

// TestBackupVectors runs every case of testdata/backups/vectors.json, as
// another implementation would.
func TestBackupVectors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(backupVectorDir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []backupCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(backupVectorDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			var err error
			switch c.Format {
			case "paper":
				var enc *signify.EncryptedSecretKey
				if enc, err = backup.DecodePaperKey(c.File, string(read(c.File))); err == nil && c.Expect == "ok" {
					if !bytes.Equal(enc.Marshal(), read(c.SecretKey)) {
						t.Fatal("decodes to another key file")
					}
					k, err := enc.Decrypt([]byte(c.Passphrase))
					if err != nil {
						t.Fatal(err)
					}
					pub, _ := signify.ParsePublicKey(c.Public, read(c.Public))
					if !k.Public("").Equal(pub) {
						t.Fatal("decrypts to another key")
					}
				}
			case "share":
				_, err = backup.ParseShare(c.File, read(c.File))
			case "combine":
				var shares []*backup.Share
				for _, f := range c.Shares {
					s, perr := backup.ParseShare(f, read(f))
					if perr != nil {
						t.Fatal(perr)
					}
					shares = append(shares, s)
				}
				var k *signify.SecretKey
				if k, err = backup.CombineShares(shares); err == nil {
					pub, _ := signify.ParsePublicKey(c.Public, read(c.Public))
					if !k.Public("").Equal(pub) {
						t.Fatal("rebuilds another key")
					}
				}
			default:
				t.Fatalf("unknown format %q", c.Format)
			}
			switch c.Expect {
			case "ok":
				if err != nil {
					t.Fatal(err)
				}
			case "parse":
				var pe *signify.ParseError
				if !errors.As(err, &pe) || pe.Line != c.Line || !strings.Contains(pe.Msg, c.Contains) {
					t.Fatalf("want a parse error on line %d containing %q, got %v", c.Line, c.Contains, err)
				}
			default:
				if !errors.Is(err, backupErrs[c.Expect]) {
					t.Fatalf("want %s, got %v", c.Expect, err)
				}
			}
		})
	}
}
