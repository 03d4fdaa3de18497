// Command iconmaker draws Baton's app icon, assets/icon.png: a gold key on a
// navy rounded square, its shaft banded like the grip of a relay baton. It
// uses only the standard library and is deterministic, so the committed PNG
// is checked against a fresh drawing by this package's test.
//
// Run it through `go generate ./assets` from the repository root.
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"
)

func main() {
	out := flag.String("out", "icon.png", "where to write the PNG")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "iconmaker:", err)
		os.Exit(1)
	}
}

// write encodes Draw(Size) as PNG into the file at path.
func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, Draw(Size)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
