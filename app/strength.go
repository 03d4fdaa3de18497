package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/trustelem/zxcvbn"
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

// passphraseScore rates a passphrase 0-4 with zxcvbn; hints are words the
// passphrase should not lean on (package, signatory and operator names).
func passphraseScore(pass string, hints []string) int {
	if pass == "" {
		return 0
	}
	return zxcvbn.PasswordStrength(pass, hints).Score
}

// strengthMeter shows a score as a bar of four segments and a word.
type strengthMeter struct {
	segments []*canvas.Rectangle
	text     *widget.Label
	score    int
	box      fyne.CanvasObject
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{text: widget.NewLabel("")}
	bar := container.NewGridWithColumns(4)
	for range 4 {
		r := canvas.NewRectangle(color.Transparent)
		r.CornerRadius = 3
		r.SetMinSize(fyne.NewSize(40, 10))
		m.segments = append(m.segments, r)
		bar.Add(r)
	}
	m.box = container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(240, 10), bar)), m.text)
	m.set(-1)
	return m
}

// set shows score (0-4), or an empty meter for -1.
func (m *strengthMeter) set(score int) {
	m.score = score
	off := color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x40}
	for i, r := range m.segments {
		r.FillColor = off
		if score >= 0 && i < max(score, 1) {
			r.FillColor = scoreColors[score]
		}
		r.Refresh()
	}
	if score < 0 {
		m.text.SetText("strength: —")
		return
	}
	m.text.SetText("strength: " + scoreNames[score] + " (" + string(rune('0'+score)) + "/4)")
}
