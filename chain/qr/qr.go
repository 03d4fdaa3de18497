package qr

import (
	"bytes"
	"fmt"

	"github.com/baton-signing/baton/chain/signify"
	qrcode "github.com/skip2/go-qrcode"
)

// Payload returns the text a key's QR code carries: the signify public key
// file itself, two short lines a phone's camera app shows legibly. Keep the
// comment short (the package and key position) so the code stays coarse
// enough to scan across a table.
func Payload(p *signify.PublicKey) []byte {
	if p.Comment == "" {
		q := *p
		q.Comment = "baton public key"
		return q.Marshal()
	}
	return p.Marshal()
}

// ParsePayload reads a key from a scanned QR payload. Scanners often drop
// the final newline or turn line ends into CRLF, so both are accepted here,
// and only here.
func ParsePayload(b []byte) (*signify.PublicKey, error) {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if !bytes.HasSuffix(b, []byte("\n")) {
		b = append(bytes.Clone(b), '\n')
	}
	p, err := signify.ParsePublicKey("QR code", b)
	if err != nil {
		return nil, fmt.Errorf("the QR code does not hold a signify public key: %w", err)
	}
	return p, nil
}

// PNG renders payload as a PNG QR code of at most size×size pixels with
// medium error correction (readable from a photo or a screen). Every module
// gets the same whole number of pixels: a code scaled by a fraction has
// modules of uneven width, which some decoders then misread.
func PNG(payload []byte, size int) ([]byte, error) {
	return PNGLevel(payload, size, Medium)
}

// Level is a QR code's error correction level.
type Level int

// Error correction levels: Medium recovers about 15% of the code, High 25%,
// Highest 30%.
const (
	Medium Level = iota
	High
	Highest
)

// PNGLevel is PNG with the given error correction level.
func PNGLevel(payload []byte, size int, level Level) ([]byte, error) {
	lv := map[Level]qrcode.RecoveryLevel{Medium: qrcode.Medium, High: qrcode.High, Highest: qrcode.Highest}[level]
	q, err := qrcode.New(string(payload), lv)
	if err != nil {
		return nil, fmt.Errorf("making QR code: %w", err)
	}
	scale := size / len(q.Bitmap()) // modules per side, quiet zone included
	if scale < 1 {
		scale = 1
	}
	return q.PNG(-scale)
}

// Terminal renders payload as a QR code for a terminal using half-block
// characters (two modules per character cell). ANSI colours set black on
// white explicitly, so it scans on dark and light terminals alike.
func Terminal(payload []byte) (string, error) {
	q, err := qrcode.New(string(payload), qrcode.Low)
	if err != nil {
		return "", fmt.Errorf("making QR code: %w", err)
	}
	bm := q.Bitmap() // includes the quiet zone; true is dark
	var b bytes.Buffer
	for y := 0; y < len(bm); y += 2 {
		b.WriteString("\x1b[30;47m") // black on white
		for x := range bm[y] {
			top := bm[y][x]
			bottom := y+1 < len(bm) && bm[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString("\x1b[0m\n")
	}
	return b.String(), nil
}
