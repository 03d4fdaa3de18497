package app

import (
	"fmt"
	"image"
	_ "image/gif"  // QR photos and screenshots come as GIF,
	_ "image/jpeg" // JPEG
	_ "image/png"  // or PNG
	"os"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
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

// decodeQR returns the payload of the QR code in img.
func decodeQR(img image.Image) ([]byte, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, err
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return nil, fmt.Errorf("no readable QR code in the image: %w", err)
	}
	return []byte(res.GetText()), nil
}
