package app

import (
	"crypto/rand"
	"fmt"
	"image/color"
	"math"
	"math/big"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/decred/dcrwallet/pgpwordlist"
	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"
)

// minScore is the lowest zxcvbn score (0-4) Baton accepts for a new
// passphrase outside a demo vault.
const minScore = 3

// scoreNames say what a zxcvbn score means.
var scoreNames = []string{"very weak", "weak", "fair", "good", "strong"}

// scoreColors colour the meter's segments by score: red to green.
var scoreColors = []color.NRGBA{
	{R: 0xD3, G: 0x2F, B: 0x2F, A: 0xFF},
	{R: 0xE8, G: 0x73, B: 0x0C, A: 0xFF},
	{R: 0xE0, G: 0xB0, B: 0x00, A: 0xFF},
	{R: 0x7C, G: 0xB3, B: 0x42, A: 0xFF},
	{R: 0x1E, G: 0x8E, B: 0x3E, A: 0xFF},
}

// guessesPerSecond is the attack the crack-time estimate assumes: an
// offline attack on a stolen key file with a slow hash, zxcvbn's
// "offline, slow hashing" case (bcrypt_pbkdf at signify's cost is slower
// still per guess, but an attacker may have many machines).
const guessesPerSecond = 1e4

// rating is zxcvbn's verdict on a passphrase, worded for people.
type rating struct {
	score     int     // 0-4
	guesses   float64 // zxcvbn's estimate of the guesses needed
	warning   string  // what makes it weak, if anything
	suggest   string  // what to do about it
	crackTime string  // how long guessing takes at guessesPerSecond
}

// userWords splits hints (the package, the signatory's name, the
// operator, the witnesses) into the words a person might build a
// passphrase from: zxcvbn matches user inputs as whole dictionary words,
// so "Grace Hopper" must be given as "grace" and "hopper", and
// "example.org/rocket" as "example", "org" and "rocket". The whole hints
// are kept too.
func userWords(hints []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || seen[w] {
			return
		}
		seen[w] = true
		out = append(out, w)
	}
	for _, h := range hints {
		add(h)
		for _, w := range strings.FieldsFunc(h, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			add(w)
		}
	}
	return out
}

// ratePassphrase rates pass with zxcvbn, the words of hints counting as
// words an attacker tries first.
func ratePassphrase(pass string, hints []string) rating {
	if pass == "" {
		return rating{}
	}
	words := userWords(hints)
	res := zxcvbn.PasswordStrength(pass, words)
	r := rating{score: res.Score, guesses: res.Guesses}
	r.warning, r.suggest = feedback(res.Score, res.Sequence)
	// zxcvbn charges every separator as a pattern of its own, so "grace
	// hopper rocket" rates good although an attacker who knows the
	// signatory and the package guesses it at once. Words taken from the
	// details add nothing: the passphrase is worth what remains without
	// them.
	own := map[string]bool{}
	for _, w := range words {
		own[w] = true
	}
	var kept, dropped []string
	for _, tok := range strings.FieldsFunc(pass, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if own[strings.ToLower(tok)] {
			dropped = append(dropped, fmt.Sprintf("%q", tok))
		} else {
			kept = append(kept, tok)
		}
	}
	if len(dropped) > 0 {
		rest := zxcvbn.PasswordStrength(strings.Join(kept, " "), words)
		if len(kept) == 0 {
			rest.Score, rest.Guesses = 0, 1
		}
		if rest.Guesses < r.guesses {
			r.score, r.guesses = rest.Score, rest.Guesses
			r.warning, r.suggest = feedback(rest.Score, rest.Sequence)
		}
		if r.score < minScore {
			r.warning = strings.Join(dropped, ", ") + " come from the names or the package: attackers try those first, so they add nothing."
			if len(dropped) == 1 {
				r.warning = dropped[0] + " comes from a name or the package: attackers try those first, so it adds nothing."
			}
		}
	}
	r.crackTime = crackTime(r.guesses / guessesPerSecond)
	return r
}

// passphraseScore rates a passphrase 0-4 with zxcvbn; hints are what the
// passphrase should not lean on (package, signatory and operator names).
func passphraseScore(pass string, hints []string) int {
	return ratePassphrase(pass, hints).score
}

// feedback derives zxcvbn's feedback from the match sequence (this Go
// port computes the sequence but not the words): the weakest pattern
// found, and what to do.
func feedback(score int, seq []*match.Match) (warning, suggest string) {
	if score >= minScore {
		return "", ""
	}
	suggest = "Add another word or two; uncommon words, in no phrase or quote, are best. Or use a suggested passphrase."
	for _, m := range seq {
		switch m.Pattern {
		case "dictionary":
			switch {
			case m.DictionaryName == "user_inputs":
				return fmt.Sprintf("%q is part of a name, the package or the operator: attackers try those first.", m.Token), suggest
			case m.DictionaryName == "passwords":
				return fmt.Sprintf("%q is among the most common passwords.", m.Token), suggest
			case strings.HasSuffix(m.DictionaryName, "names") || m.DictionaryName == "surnames":
				warning = fmt.Sprintf("%q is a common name: names are easy to guess.", m.Token)
			case m.Reversed:
				warning = fmt.Sprintf("%q is a word spelled backwards: that adds little.", m.Token)
			case m.L33t:
				warning = fmt.Sprintf("%q is a word with predictable substitutions (like @ for a).", m.Token)
			case warning == "":
				warning = fmt.Sprintf("%q is a common word.", m.Token)
			}
		case "repeat":
			warning = fmt.Sprintf("Repeats like %q are easy to guess.", m.Token)
		case "sequence":
			warning = fmt.Sprintf("Sequences like %q are easy to guess.", m.Token)
		case "spatial":
			warning = fmt.Sprintf("Keyboard patterns like %q are easy to guess.", m.Token)
		case "date", "regex":
			if warning == "" {
				warning = fmt.Sprintf("Dates and years like %q are easy to guess.", m.Token)
			}
		}
	}
	if warning == "" {
		warning = "Too short to resist guessing."
	}
	return warning, suggest
}

// crackTime says how long s seconds is, roughly.
func crackTime(s float64) string {
	const (
		minute = 60.0
		hour   = 60 * minute
		day    = 24 * hour
		month  = 31 * day
		year   = 12 * month
	)
	unit := func(n float64, name string) string {
		n = math.Round(n)
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%.0f %ss", n, name)
	}
	switch {
	case s < 1:
		return "less than a second"
	case s < minute:
		return unit(s, "second")
	case s < hour:
		return unit(s/minute, "minute")
	case s < day:
		return unit(s/hour, "hour")
	case s < month:
		return unit(s/day, "day")
	case s < year:
		return unit(s/month, "month")
	case s < 100*year:
		return unit(s/year, "year")
	}
	return "centuries"
}

// passphraseWords are the words of generated passphrases: the PGP word
// list's 512 distinct words (256 of two syllables, 256 of three), so each
// word adds 9 bits.
var passphraseWords = func() []string {
	var out []string
	for i := range 512 {
		out = append(out, strings.ToLower(pgpwordlist.ByteToMnemonic(byte(i/2), i%2)))
	}
	return out
}()

// minGeneratedBits is the least entropy of a generated passphrase.
const minGeneratedBits = 80

// generatePassphrase returns a passphrase of words drawn uniformly (with
// crypto/rand) from passphraseWords, enough of them for minGeneratedBits,
// and the bits it has.
func generatePassphrase() (string, float64, error) {
	per := math.Log2(float64(len(passphraseWords)))
	n := int(math.Ceil(minGeneratedBits / per))
	words := make([]string, n)
	for i := range words {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(len(passphraseWords))))
		if err != nil {
			return "", 0, err
		}
		words[i] = passphraseWords[j.Int64()]
	}
	return strings.Join(words, " "), float64(n) * per, nil
}

// strengthMeter shows a rating: a bar of four segments and a word, what
// makes the passphrase weak and what to do, and how long guessing it
// would take.
type strengthMeter struct {
	segments []*canvas.Rectangle
	text     *widget.Label
	warning  *widget.Label
	suggest  *widget.Label
	crack    *widget.Label
	score    int
	box      fyne.CanvasObject
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{text: widget.NewLabel(""), warning: widget.NewLabel(""), suggest: widget.NewLabel(""), crack: widget.NewLabel("")}
	m.warning.Importance = widget.WarningImportance
	for _, l := range []*widget.Label{m.warning, m.suggest, m.crack} {
		l.Wrapping = fyne.TextWrapWord
	}
	bar := container.NewGridWithColumns(4)
	for range 4 {
		r := canvas.NewRectangle(color.Transparent)
		r.CornerRadius = 3
		r.SetMinSize(fyne.NewSize(40, 10))
		m.segments = append(m.segments, r)
		bar.Add(r)
	}
	m.box = container.NewVBox(
		container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(240, 10), bar)), m.text),
		m.crack, m.warning, m.suggest)
	m.set(-1)
	return m
}

// set shows score (0-4), or an empty meter for -1, without feedback.
func (m *strengthMeter) set(score int) {
	r := rating{score: score}
	if score < 0 {
		r.score = -1
	}
	m.show(r)
}

// show shows r; a score of -1 empties the meter.
func (m *strengthMeter) show(r rating) {
	m.score = r.score
	off := color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x40}
	for i, seg := range m.segments {
		seg.FillColor = off
		if r.score >= 0 && i < max(r.score, 1) {
			seg.FillColor = scoreColors[r.score]
		}
		seg.Refresh()
	}
	setShown := func(l *widget.Label, s string) {
		l.SetText(s)
		setVisible(l, s != "")
	}
	if r.score < 0 {
		m.text.SetText("strength: —")
		setShown(m.crack, "")
		setShown(m.warning, "")
		setShown(m.suggest, "")
		return
	}
	m.text.SetText(fmt.Sprintf("strength: %s (%d/4)", scoreNames[r.score], r.score))
	crack := ""
	if r.crackTime != "" {
		crack = "Guessing it offline (10,000 guesses a second) takes " + r.crackTime + "."
	}
	setShown(m.crack, crack)
	setShown(m.warning, r.warning)
	setShown(m.suggest, r.suggest)
}

// passphraseSuggester offers a generated passphrase: a button draws one,
// shows it with its bits, and "Use it" hands it to use (which fills the
// passphrase fields). The person must write it down: it is shown, not
// stored.
type passphraseSuggester struct {
	phrase *widget.Label
	useBtn *widget.Button
	box    fyne.CanvasObject
	last   string
	bits   float64
}

func newPassphraseSuggester(use func(string)) *passphraseSuggester {
	s := &passphraseSuggester{phrase: widget.NewLabel("")}
	s.phrase.TextStyle = fyne.TextStyle{Monospace: true}
	s.phrase.Wrapping = fyne.TextWrapWord
	s.phrase.Selectable = true
	s.useBtn = widget.NewButtonWithIcon("Use it", theme.ConfirmIcon(), func() {
		if s.last != "" {
			use(s.last)
		}
	})
	s.useBtn.Hide()
	gen := widget.NewButtonWithIcon("Suggest a passphrase", theme.ViewRefreshIcon(), s.generate)
	s.box = container.NewVBox(container.NewHBox(gen, s.useBtn), s.phrase)
	s.phrase.Hide()
	return s
}

// generate draws a new passphrase and shows it.
func (s *passphraseSuggester) generate() {
	p, bits, err := generatePassphrase()
	if err != nil {
		s.phrase.SetText("No passphrase: " + err.Error())
		s.phrase.Show()
		return
	}
	s.last, s.bits = p, bits
	s.phrase.SetText(fmt.Sprintf("%s\n(%d random words, %.0f bits; write it down before you use it)", p, len(strings.Fields(p)), bits))
	s.phrase.Show()
	s.useBtn.Show()
}
