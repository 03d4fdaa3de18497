// Package assets holds Baton's embedded files: the app icon and, later, word
// lists and other data. It imports no GUI toolkit, so the command line and
// the core may use it too.
package assets

import _ "embed"

//go:generate go run ./internal/iconmaker -out icon.png

// IconPNG is the app icon: a 512×512 RGBA PNG drawn by internal/iconmaker.
// Callers must not modify the slice.
//
//go:embed icon.png
var IconPNG []byte
