package app

import (
	"image"
	"image/color"
	"math"

	"github.com/baton-signing/baton/chain/signify"
)

// identiconGrid is the identicon's size in cells: 5×5, mirrored left to
// right, so 15 cells carry 15 bits of the fingerprint.
const identiconGrid = 5

// identicon draws a picture of a fingerprint: a 5×5 grid mirrored about
// its middle column, a cell filled when its bit of the fingerprint is set,
// in a colour whose hue comes from other bytes of the fingerprint, on a
// pale background, with a margin of half a cell. It is a quick visual cue
// that two keys differ, never a substitute for the words or the QR code:
// 15 bits and a hue are far too few to resist a forger. The image is
// size×size pixels (size is rounded down to a multiple of 6 cells' worth).
func identicon(fp signify.Fingerprint, size int) *image.NRGBA {
	// Cell size: the grid plus a half cell of margin on each side.
	cell := size / (identiconGrid + 1)
	if cell < 1 {
		cell = 1
	}
	side := cell * (identiconGrid + 1)
	img := image.NewNRGBA(image.Rect(0, 0, side, side))

	hue := float64(uint16(fp[16])<<8|uint16(fp[17])) / 65536 * 360
	sat := 0.55 + float64(fp[18])/255*0.3
	light := 0.38 + float64(fp[19])/255*0.14
	fg := hsl(hue, sat, light)
	bg := color.NRGBA{R: 0xF4, G: 0xF4, B: 0xF2, A: 0xFF}

	fill := func(x0, y0, w, h int, c color.NRGBA) {
		for y := y0; y < y0+h; y++ {
			for x := x0; x < x0+w; x++ {
				img.SetNRGBA(x, y, c)
			}
		}
	}
	fill(0, 0, side, side, bg)
	margin := cell / 2
	bit := 0
	for col := 0; col < (identiconGrid+1)/2; col++ {
		for row := 0; row < identiconGrid; row++ {
			on := fp[bit/8]>>(bit%8)&1 == 1
			bit++
			if !on {
				continue
			}
			fill(margin+col*cell, margin+row*cell, cell, cell, fg)
			if mirror := identiconGrid - 1 - col; mirror != col {
				fill(margin+mirror*cell, margin+row*cell, cell, cell, fg)
			}
		}
	}
	return img
}

// hsl converts a hue in degrees, a saturation and a lightness in [0, 1] to
// an opaque colour.
func hsl(h, s, l float64) color.NRGBA {
	c := (1 - math.Abs(2*l-1)) * s
	hp := h / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g, b = c, x, 0
	case hp < 2:
		r, g, b = x, c, 0
	case hp < 3:
		r, g, b = 0, c, x
	case hp < 4:
		r, g, b = 0, x, c
	case hp < 5:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	m := l - c/2
	to8 := func(v float64) uint8 { return uint8(math.Round((v + m) * 255)) }
	return color.NRGBA{R: to8(r), G: to8(g), B: to8(b), A: 0xFF}
}
