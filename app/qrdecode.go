package app

import (
	"fmt"
	"image"
	_ "image/gif"  // QR photos and screenshots come as GIF,
	_ "image/jpeg" // JPEG
	_ "image/png"  // or PNG
	"os"

	"github.com/baton-signing/baton/ceremony"
)

// decodeQRFile reads the QR code in an image file (a photo or a
// screenshot) and returns its payload.
func decodeQRFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a PNG, JPEG or GIF image: %w", path, err)
	}
	return decodeQR(img)
}

// decodeQR returns the payload of the QR code in img, with the same reader
// the backup restore uses (several renderings and binarizers).
func decodeQR(img image.Image) ([]byte, error) { return ceremony.ScanQR(img) }
