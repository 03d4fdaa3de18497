package app

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

func TestGeneratedPassphraseHas80Bits(t *testing.T) {
	distinct := map[string]bool{}
	for _, w := range passphraseWords {
		distinct[w] = true
	}
	if len(distinct) != len(passphraseWords) || len(passphraseWords) != 512 {
		t.Fatalf("word list: %d words, %d distinct; want 512 distinct", len(passphraseWords), len(distinct))
	}
	seen := map[string]bool{}
	for range 20 {
		p, bits, err := generatePassphrase()
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(p)
		if want := float64(len(words)) * math.Log2(float64(len(distinct))); bits < minGeneratedBits || math.Abs(bits-want) > 1e-9 {
			t.Errorf("%q: %.1f bits claimed, %d words of %d give %.1f; want at least %d", p, bits, len(words), len(distinct), want, minGeneratedBits)
		}
		for _, w := range words {
			if !distinct[w] {
				t.Errorf("%q: word %q is not in the list", p, w)
			}
		}
		if seen[p] {
			t.Errorf("%q drawn twice", p)
		}
		seen[p] = true
		if s := passphraseScore(p, nil); s < minScore {
			t.Errorf("%q rates %d", p, s)
		}
	}
}

func TestUserWordsSplitHints(t *testing.T) {
	got := userWords([]string{"example.org/rocket", "Grace Hopper", ""})
	for _, want := range []string{"example", "org", "rocket", "grace", "hopper", "grace hopper"} {
		if !strings.Contains("|"+strings.Join(got, "|")+"|", "|"+want+"|") {
			t.Errorf("userWords = %q, lacks %q", got, want)
		}
	}
}

// openGenesisPassphrase drives the genesis wizard to its passphrase page
// with package pkg and signatory name.
func openGenesisPassphrase(t *testing.T, pkg, name, operator string) (*ceremoniesScreen, *wizard) {
	t.Helper()
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	c, wz := openWizard(t, st, "New chain (genesis)…")
	form := wz.form.(*genesisForm)
	test.Type(form.pkgEntry, pkg)
	test.Type(form.nameEntry, name)
	test.Type(wz.operator, operator)
	test.Tap(findButton(t, c.root, "Next"))
	if wz.page != pagePassphrase {
		t.Fatalf("details refused: %q", wz.formErr.Text)
	}
	return c, wz
}

// TestMeterSeesNamesAndPackage: the signatory's name plus the package's
// last word is a weak passphrase, and the meter says why and how long
// guessing takes.
func TestMeterSeesNamesAndPackage(t *testing.T) {
	if s := passphraseScore("grace hopper rocket", []string{"example.org/rocket", "Grace Hopper"}); s >= minScore {
		t.Errorf("score %d with the name and package as hints", s)
	}
	_, wz := openGenesisPassphrase(t, "example.org/rocket", "Grace Hopper", "Ada Lovelace")
	test.Type(wz.pass, "grace hopper rocket")
	if wz.meter.score >= minScore || wz.meter.score > 1 {
		t.Errorf("meter score %d for the name plus the package", wz.meter.score)
	}
	if !wz.meter.warning.Visible() || !strings.Contains(wz.meter.warning.Text, "grace") {
		t.Errorf("no warning naming the user's own word: %q", wz.meter.warning.Text)
	}
	if !wz.meter.crack.Visible() || wz.meter.crack.Text == "" {
		t.Error("no crack-time estimate")
	}
	test.Type(wz.pass2, "grace hopper rocket")
	wz.startIfReady()
	if !wz.passErr.Visible() || wz.page != pagePassphrase {
		t.Error("a weak passphrase was accepted")
	}

	// The operator's name counts too.
	wz.pass.SetText("")
	test.Type(wz.pass, "ada lovelace rocket")
	if wz.meter.score >= minScore {
		t.Errorf("meter score %d for the operator's name", wz.meter.score)
	}
}

// TestSuggestedPassphraseFillsBothFields: the generator's passphrase is
// shown with its bits and, used, fills both fields and rates strong.
func TestSuggestedPassphraseFillsBothFields(t *testing.T) {
	c, wz := openGenesisPassphrase(t, "example.org/rocket", "Grace Hopper", "Ada Lovelace")
	test.Tap(findButton(t, c.root, "Suggest a passphrase"))
	if wz.suggest.bits < minGeneratedBits || !wz.suggest.phrase.Visible() || !strings.Contains(wz.suggest.phrase.Text, wz.suggest.last) {
		t.Fatalf("suggestion %q, %.0f bits, shown %v", wz.suggest.last, wz.suggest.bits, wz.suggest.phrase.Visible())
	}
	test.Tap(findButton(t, c.root, "Use it"))
	if wz.pass.Text != wz.suggest.last || wz.pass2.Text != wz.suggest.last {
		t.Errorf("fields %q / %q, want %q", wz.pass.Text, wz.pass2.Text, wz.suggest.last)
	}
	if wz.meter.score < minScore {
		t.Errorf("suggested passphrase rates %d", wz.meter.score)
	}
	if err := wz.checkPassphrase(); err != nil {
		t.Errorf("suggested passphrase refused: %v", err)
	}
}

// pressKey delivers a key press to c as a desktop driver does: the key to
// the focused widget, then the character it types to whatever is focused
// after that.
func pressKey(c fyne.Canvas, k fyne.KeyName, r rune) {
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if f := c.Focused(); f != nil && r != 0 {
		f.TypedRune(r)
	}
}

// TestSpaceOnNextDoesNotReachThePassphrase: pressing Space on Next moves
// to the passphrase page and focuses the field, which stays empty.
func TestSpaceOnNextDoesNotReachThePassphrase(t *testing.T) {
	st, _ := newTestState(t)
	v, err := ceremony.OpenVault(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.SetVault(v)
	c, wz := openWizard(t, st, "New chain (genesis)…")
	form := wz.form.(*genesisForm)
	test.Type(form.pkgEntry, "example.org/rocket")
	test.Type(form.nameEntry, "Grace Hopper")
	test.Type(wz.operator, "Grace Hopper")
	canvas := st.Window.Canvas()
	next := findButton(t, c.root, "Next")
	canvas.Focus(next)
	pressKey(canvas, fyne.KeySpace, ' ')
	if wz.page != pagePassphrase {
		t.Fatalf("Space on Next: page %d, error %q", wz.page, wz.formErr.Text)
	}
	if canvas.Focused() != fyne.Focusable(wz.pass) {
		t.Errorf("focus on %T, want the passphrase", canvas.Focused())
	}
	if wz.pass.Text != "" {
		t.Errorf("passphrase field holds %q after Space on Next", wz.pass.Text)
	}
	// Typed for real, a space is kept.
	pressKey(canvas, fyne.KeySpace, ' ')
	pressKey(canvas, fyne.KeyA, 'a')
	if wz.pass.Text != " a" {
		t.Errorf("typed \" a\", field holds %q", wz.pass.Text)
	}
	var _ *widget.Entry = &wz.pass.Entry
}
