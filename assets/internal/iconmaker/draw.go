package main

import (
	"image"
	"image/color"
	"math"
)

// Size is the icon's width and height in pixels.
const Size = 512

// samples is the supersampling factor per axis used for anti-aliasing.
const samples = 4

var (
	navyTop    = color.NRGBA{0x2B, 0x45, 0x7A, 0xFF}
	navyBottom = color.NRGBA{0x14, 0x22, 0x42, 0xFF}
	gold       = color.NRGBA{0xF6, 0xB9, 0x3B, 0xFF}
	goldShade  = color.NRGBA{0xD9, 0x8E, 0x1C, 0xFF}
)

// Draw renders the icon at n×n pixels. The drawing is defined on a 512-unit
// canvas and scaled, so any n gives the same picture.
func Draw(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	scale := 512.0 / float64(n)
	for py := 0; py < n; py++ {
		for px := 0; px < n; px++ {
			var r, g, b, a float64
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/samples) * scale
					y := (float64(py) + (float64(sy)+0.5)/samples) * scale
					c := shade(x, y)
					fa := float64(c.A) / 255
					r += float64(c.R) * fa
					g += float64(c.G) * fa
					b += float64(c.B) * fa
					a += fa
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)),
				G: uint8(math.Round(g / a)),
				B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / (samples * samples) * 255)),
			})
		}
	}
	return img
}

// shade returns the colour of the point (x, y) on the 512-unit canvas.
func shade(x, y float64) color.NRGBA {
	if roundedSquare(x, y, 24, 104) > 0 {
		return color.NRGBA{}
	}
	bg := mix(navyTop, navyBottom, y/512)
	// Key coordinates: u runs along the key from bow (upper left) to tip
	// (lower right), v across it.
	const c = 256.0
	u := ((x - c) + (y - c)) / math.Sqrt2
	v := ((y - c) - (x - c)) / math.Sqrt2
	u -= 8 // moves the key towards its heavy bow end, balancing it by eye
	bowX, bowR, holeR := -112.0, 84.0, 34.0
	bow := math.Hypot(u-bowX, v) - bowR
	hole := holeR - math.Hypot(u-bowX, v)
	shaft := capsule(u, v, -40, 176, 26)
	tooth1 := box(u-118, v-50, 16, 30)
	tooth2 := box(u-160, v-42, 16, 22)
	key := math.Min(math.Min(math.Max(bow, hole), shaft), math.Min(tooth1, tooth2))
	if key > 0 {
		return bg
	}
	// Two bands across the shaft: the grip of a relay baton.
	if (u > 10 && u < 30) || (u > 56 && u < 76) {
		return goldShade
	}
	return gold
}

// roundedSquare is the signed distance from (x, y) to a square inset by
// margin from the 512-unit canvas with corners of radius r.
func roundedSquare(x, y, margin, r float64) float64 {
	half := 256 - margin
	return box(x-256, y-256, half-r, half-r) - r
}

// box is the signed distance from (x, y) to an axis-aligned box centred on
// the origin with half-sizes hx and hy.
func box(x, y, hx, hy float64) float64 {
	dx := math.Abs(x) - hx
	dy := math.Abs(y) - hy
	out := math.Hypot(math.Max(dx, 0), math.Max(dy, 0))
	return out + math.Min(math.Max(dx, dy), 0)
}

// capsule is the signed distance from (u, v) to a bar along the u axis from
// u0 to u1 with round ends of radius r.
func capsule(u, v, u0, u1, r float64) float64 {
	t := math.Max(u0, math.Min(u1, u))
	return math.Hypot(u-t, v) - r
}

// mix blends a towards b by t in [0, 1].
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*t)) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 0xFF}
}
