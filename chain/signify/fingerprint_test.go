package signify_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/internal/vectors"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

func fixturePub(t *testing.T) *signify.PublicKey {
	t.Helper()
	p, err := signify.ParsePublicKey("signify-nopass.pub", chaintest.ReadInterop(t, "signify-nopass.pub"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFingerprintCoversWholeKey(t *testing.T) {
	p := fixturePub(t)
	fp := p.Fingerprint()
	if len(fp.Words()) != 12 {
		t.Fatalf("got %d words", len(fp.Words()))
	}
	// Changing only the keynum changes the fingerprint: it covers the whole
	// structure, and the keynum alone is never the fingerprint.
	q := *p
	q.KeyNum[0] ^= 1
	if q.Fingerprint() == fp {
		t.Fatal("fingerprint ignores the keynum byte")
	}
	q = *p
	q.Key = bytes.Clone(p.Key)
	q.Key[31] ^= 1
	if q.Fingerprint().WordString() == fp.WordString() {
		t.Fatal("fingerprint words ignore the last key byte")
	}
	if strings.Contains(fp.WordString(), p.KeyNum.String()) {
		t.Fatal("keynum shown in the fingerprint")
	}
}

// Every key's own words check, whatever their case in the PGP list
// ("Burlington", "Dupont", ...).
func TestOwnWordsAlwaysMatch(t *testing.T) {
	for i := range 200 {
		fp := vectors.Pub(fmt.Sprintf("words-%d", i)).Fingerprint()
		if err := fp.CheckWords(fp.WordString()); err != nil {
			t.Fatalf("key %d: its own words %q: %v", i, fp.WordString(), err)
		}
	}
}

func TestCheckWords(t *testing.T) {
	fp := fixturePub(t).Fingerprint()
	w := fp.Words()
	if err := fp.CheckWords(strings.ToUpper(fp.WordString())); err != nil {
		t.Fatalf("exact words, other case: %v", err)
	}
	if err := fp.CheckWords(strings.Join(w, ", ")); err != nil {
		t.Fatalf("comma-separated: %v", err)
	}
	swapped := append([]string{}, w...)
	swapped[5], swapped[6] = swapped[6], swapped[5]
	err := fp.CheckWords(strings.Join(swapped, " "))
	if !errors.Is(err, signify.ErrWordInput) || !strings.Contains(err.Error(), "word 6") {
		t.Fatalf("swapped words: got %v, want an input error at word 6", err)
	}
	if err := fp.CheckWords(strings.Join(w[:11], " ")); !errors.Is(err, signify.ErrWordInput) || !strings.Contains(err.Error(), "only 11 of 12") {
		t.Fatalf("short: %v", err)
	}
	if err := fp.CheckWords(fp.WordString() + " " + w[0]); !errors.Is(err, signify.ErrWordInput) {
		t.Fatalf("13 words: %v", err)
	}
	// A typo is an input error, not a mismatch: bad input is no evidence
	// of a forgery (spec/signify.md, "Fingerprint words").
	bad := append([]string{}, w...)
	bad[0] = w[0][:len(w[0])-1] + "q"
	err = fp.CheckWords(strings.Join(bad, " "))
	if !errors.Is(err, signify.ErrWordInput) || errors.Is(err, signify.ErrWordMismatch) || !strings.Contains(err.Error(), "not in the PGP word list") {
		t.Fatalf("misspelt: %v", err)
	}
	// Another key's words: a mismatch.
	other := append([]string{}, w...)
	for _, cand := range []string{"aardvark", "absurd"} {
		if cand != strings.ToLower(w[0]) {
			other[0] = cand
			break
		}
	}
	if err := fp.CheckWords(strings.Join(other, " ")); !errors.Is(err, signify.ErrWordMismatch) || errors.Is(err, signify.ErrWordInput) {
		t.Fatalf("another key's word: %v", err)
	}
}

func TestQRDecodesWithZbarimg(t *testing.T) {
	zbarimg := chaintest.RequireTool(t, "zbarimg")
	p := fixturePub(t)
	png, err := qr.PNG(qr.Payload(p), 512)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	got, err := qr.ParsePayload(bytes.TrimSuffix(out, []byte("\n")))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(p) || got.Comment != p.Comment {
		t.Fatalf("zbarimg read %q, want the key %s", out, p)
	}
}

func TestQRTerminalIsSquare(t *testing.T) {
	s, err := qr.Terminal(qr.Payload(fixturePub(t)))
	if err != nil {
		t.Fatal(err)
	}
	s = strings.NewReplacer("\x1b[30;47m", "", "\x1b[0m", "").Replace(s)
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	width := len([]rune(lines[0]))
	if width < 21 || len(lines) < width/2 {
		t.Fatalf("terminal QR is %dx%d", width, len(lines))
	}
}
