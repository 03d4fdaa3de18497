package ceremony

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// Paper sheets: a PDF per key (the public key, its fingerprint words, a QR
// code of the encrypted secret key file and the same file as typed-restore
// text) and a PDF per recovery key share (its words and a QR code of its
// text). The PDFs are written without compression, so that the restore
// test can read the text and the QR image back from the file as written.

const (
	qrPixels = 600  // QR image size in pixels
	qrMM     = 70.0 // printed size
)

// sheet is a PDF page being laid out.
type sheet struct {
	f *fpdf.Fpdf
}

func newSheet(title string, created time.Time) *sheet {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(false) // the restore test reads the sheet back
	f.SetCatalogSort(true)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetTitle(title, false)
	f.SetCreator("Baton", false)
	f.SetMargins(18, 16, 18)
	f.SetAutoPageBreak(false, 10)
	f.AddPage()
	return &sheet{f: f}
}

func (s *sheet) font(family, style string, size float64) { s.f.SetFont(family, style, size) }

// line writes one line of text at the left margin.
func (s *sheet) line(h float64, text string) {
	s.f.SetX(18)
	s.f.CellFormat(0, h, text, "", 1, "L", false, 0, "")
}

// field writes "label  value" with the labels in one column.
func (s *sheet) field(label, value string) {
	s.f.SetX(18)
	s.f.SetFont("Helvetica", "", 11)
	s.f.CellFormat(24, 6, label, "", 0, "L", false, 0, "")
	s.f.CellFormat(0, 6, value, "", 1, "L", false, 0, "")
}

// fitLine writes one line in the largest size up to size that fits the
// page width.
func (s *sheet) fitLine(family string, size, h float64, text string) {
	w, _ := s.f.GetPageSize()
	left, _, right, _ := s.f.GetMargins()
	for ; size > 6; size -= 0.5 {
		s.f.SetFont(family, "", size)
		if s.f.GetStringWidth(text) <= w-left-right-2 {
			break
		}
	}
	s.line(h, text)
}

// para writes wrapped text.
func (s *sheet) para(h float64, text string) {
	s.f.SetX(18)
	s.f.MultiCell(0, h, text, "", "L", false)
}

// qr places a QR code of payload with its top-left corner at (x, y).
func (s *sheet) qr(name string, payload []byte, x, y float64) error {
	img, err := qrGrayPNG(payload)
	if err != nil {
		return err
	}
	s.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(img))
	s.f.ImageOptions(name, x, y, qrMM, qrMM, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return nil
}

func (s *sheet) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := s.f.Output(&b); err != nil {
		return nil, fmt.Errorf("rendering the PDF: %w", err)
	}
	return b.Bytes(), nil
}

// qrGrayPNG renders payload as an 8-bit grey PNG QR code (qr.PNG
// makes a paletted one), which PDF stores as a plain DeviceGray image. The
// code must decode back to payload with Baton's own reader (ScanQR): a few
// codes trip it, so a stronger error correction level is tried before
// giving up.
func qrGrayPNG(payload []byte) ([]byte, error) {
	var last error
	for _, level := range []qr.Level{qr.Medium, qr.High, qr.Highest} {
		b, err := qrGrayPNGLevel(payload, level)
		if err != nil {
			return nil, err
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		got, err := ScanQR(img)
		if err == nil && bytes.Equal(got, payload) {
			return b, nil
		}
		last = err
	}
	return nil, fmt.Errorf("no QR code of this payload decodes back with Baton's reader: %v", last)
}

func qrGrayPNGLevel(payload []byte, level qr.Level) ([]byte, error) {
	p, err := qr.PNGLevel(payload, qrPixels, level)
	if err != nil {
		return nil, err
	}
	src, err := png.Decode(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	g := image.NewGray(src.Bounds())
	draw.Draw(g, g.Bounds(), src, src.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// PaperSheet renders the paper backup of key label of pkg as a one-page
// PDF: the public key (signify text and fingerprint words), a QR code of the
// encrypted secret key file, the same file as typed-restore text
// (backup.EncodePaperKey) and how to restore it. created dates the sheet.
func PaperSheet(pkg, label string, enc *signify.EncryptedSecretKey, pub *signify.PublicKey, created time.Time) ([]byte, error) {
	fp := pub.Fingerprint()
	s := newSheet("Baton paper backup: "+pkg+" "+label, created)
	s.font("Helvetica", "B", 17)
	s.line(9, "Baton paper backup of a secret key")
	s.field("package", pkg)
	s.field("key", label+": "+keyPurpose(label))
	s.field("key number", pub.KeyNum.String()+" (an id, not a fingerprint)")
	s.field("made", created.UTC().Format("2006-01-02 15:04 MST"))
	s.f.Ln(2)
	s.font("Helvetica", "B", 11)
	s.line(6, "Public key (signify)")
	s.font("Courier", "", 10)
	s.line(5, pub.String())
	s.font("Helvetica", "B", 11)
	s.line(6, "Fingerprint words")
	s.fitLine("Helvetica", 11, 6, fp.WordString())
	s.font("Courier", "", 8.5)
	s.line(4.5, "SHA-256 "+fp.Hex())
	s.f.Ln(3)

	top := s.f.GetY()
	if err := s.qr("key", enc.Marshal(), 18, top); err != nil {
		return nil, err
	}
	s.f.SetXY(18+qrMM+6, top+2)
	s.f.SetLeftMargin(18 + qrMM + 6)
	s.font("Helvetica", "B", 11)
	s.f.CellFormat(0, 6, "QR code: the encrypted secret key file", "", 1, "L", false, 0, "")
	s.font("Helvetica", "", 9.5)
	s.f.MultiCell(0, 4.6, "Scan it with a phone or a scanner, or photograph it, and give the image to Baton (the app's Restore a key, or baton restore --from photo.png). "+
		"It holds the key file exactly as the vault keeps it: still encrypted. "+
		"The passphrase is NOT on this sheet, and without it the sheet restores nothing.", "", "L", false)
	s.f.SetLeftMargin(18)
	s.f.SetY(top + qrMM + 4)

	s.font("Helvetica", "B", 11)
	s.line(6, "Typed restore")
	s.font("Courier", "", 11.5)
	for _, l := range strings.Split(strings.TrimSuffix(backup.EncodePaperKey(enc), "\n"), "\n") {
		s.line(5.6, l)
	}
	s.f.Ln(3)
	s.font("Helvetica", "B", 11)
	s.line(6, "How to restore")
	s.font("Helvetica", "", 9.5)
	s.para(4.6, "1. Type the ten lines above into a text file exactly as printed: line labels, groups and the two check "+
		"characters at the end of each line. Case matters in the key characters (base64), not in the labels or checks; "+
		"spaces between groups do not matter.")
	s.para(4.6, "2. In the Baton app: Ceremonies > Restore a key, package "+pkg+", key "+label+", from that file (or from a photo of the QR code). "+
		"On the command line: baton restore --package "+pkg+" --label "+label+" --from that-file.txt --operator YOUR-NAME. "+
		"A typo is caught by its line's check and named by line; the last line checks the whole key.")
	s.para(4.6, "3. Baton asks for the passphrase, decrypts the key and compares it with the public key above before it writes "+
		"anything. Check the fingerprint words it shows against the words above.")
	s.f.Ln(2)
	s.font("Helvetica", "B", 9.5)
	s.para(4.6, "Keep this sheet where a thief cannot pair it with the passphrase. Whoever has both holds the key.")
	return s.bytes()
}

// keyPurpose says what a vault key is for, from its label.
func keyPurpose(label string) string {
	if label == "recovery" {
		return "the recovery key (kept offline; re-keys the chain when a key is lost)"
	}
	if n := keyOrder(label); n > 0 {
		return fmt.Sprintf("the key for release %d (it signs that release)", n)
	}
	return "a key of this package"
}

// ShareSheet renders one recovery key share as a one-page PDF: its words,
// a QR code of its text and what to do with it. holder, if not empty, is
// printed as the person the share is for.
func ShareSheet(sh *backup.Share, holder string, created time.Time) ([]byte, error) {
	s := newSheet(fmt.Sprintf("Baton recovery share %d of %d: %s", sh.Index, sh.Total, sh.Package), created)
	s.font("Helvetica", "B", 17)
	s.line(9, fmt.Sprintf("Baton recovery key share %d of %d", sh.Index, sh.Total))
	s.field("package", sh.Package)
	s.field("signatory", string(sh.Signatory))
	s.field("split", fmt.Sprintf("%s: any %d of %d shares", sh.Split, sh.Threshold, sh.Total))
	if holder != "" {
		// The core fonts are cp1252: translate what they can show.
		s.field("for", s.f.UnicodeTranslatorFromDescriptor("")(holder))
	}
	s.field("made", created.UTC().Format("2006-01-02 15:04 MST"))
	s.f.Ln(2)
	s.font("Helvetica", "", 10)
	s.para(5, fmt.Sprintf("Any %d of the %d shares of this split together rebuild the recovery key of %s, "+
		"which can replace a lost signing key in its chain (a re-key every user sees). "+
		"Fewer than %d shares reveal nothing about the key.", sh.Threshold, sh.Total, sh.Package, sh.Threshold))
	s.f.Ln(2)
	top := s.f.GetY()
	if err := s.qr("share", sh.QRPayload(), 18, top); err != nil {
		return nil, err
	}
	s.f.SetXY(18+qrMM+6, top+2)
	s.f.SetLeftMargin(18 + qrMM + 6)
	s.font("Helvetica", "B", 11)
	s.f.CellFormat(0, 6, "QR code: this share", "", 1, "L", false, 0, "")
	s.font("Helvetica", "", 9.5)
	s.f.MultiCell(0, 4.6, "When the maintainer asks for it, let them scan this code, or read or type the words below. "+
		"Give it only to the maintainer named above, in person, and only for a re-key they told you about.", "", "L", false)
	s.f.SetLeftMargin(18)
	s.f.SetY(top + qrMM + 4)
	s.font("Helvetica", "B", 11)
	s.line(6, "The share")
	s.font("Courier", "", 9.5)
	for _, l := range strings.Split(strings.TrimSuffix(string(sh.Marshal()), "\n"), "\n") {
		s.line(5, l)
	}
	s.f.Ln(3)
	s.font("Helvetica", "", 9.5)
	s.para(4.6, "Typing it back: every line as printed. Each key line ends in two check words, so one wrong word is "+
		"found and named by its line and position; the header has its own check words. Words alternate between two "+
		"lists, so a missing or swapped word shows at once.")
	s.f.Ln(2)
	s.font("Helvetica", "B", 9.5)
	s.para(4.6, "Keep this sheet private and safe. Do not copy it, photograph it or store it on a computer.")
	return s.bytes()
}

// ScanQR decodes the QR code in an image: a photo, a scan or a rendered
// page of a paper sheet.
//
// The reader sometimes misses a code in one rendering that it finds in
// another (about one perfectly sharp code in eighty, as it is, with a
// margin or at twice the size; every one of those read once turned), so it
// tries the image as it is, with a white margin, at twice the size, and
// turned a quarter, a half and three quarters, each with both of
// gozxing's binarizers, until one reads.
func ScanQR(img image.Image) ([]byte, error) {
	r := qrcode.NewQRCodeReader()
	hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	var last error
	for _, candidate := range []func() image.Image{
		func() image.Image { return img },
		func() image.Image { return withMargin(img, img.Bounds().Dx()/8+4) },
		func() image.Image { return scaled2(img) },
		func() image.Image { return rotated(img, 1) },
		func() image.Image { return rotated(img, 2) },
		func() image.Image { return rotated(img, 3) },
	} {
		src := gozxing.NewLuminanceSourceFromImage(candidate())
		for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
			bmp, err := gozxing.NewBinaryBitmap(bin)
			if err != nil {
				return nil, fmt.Errorf("reading the image: %w", err)
			}
			res, err := r.Decode(bmp, hard)
			if err == nil {
				return []byte(res.GetText()), nil
			}
			last = err
		}
	}
	return nil, fmt.Errorf("no readable QR code in the image (try a sharper, evenly lit photo that shows the whole code): %w", last)
}

// withMargin returns img on a white canvas with m pixels around it.
func withMargin(img image.Image, m int) image.Image {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()+2*m, b.Dy()+2*m))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(m, m, m+b.Dx(), m+b.Dy()), img, b.Min, draw.Src)
	return out
}

// rotated returns img turned clockwise by quarters quarter turns.
func rotated(img image.Image, quarters int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if quarters%2 == 1 {
		out = image.NewGray(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := img.At(b.Min.X+x, b.Min.Y+y)
			switch quarters % 4 {
			case 1:
				out.Set(h-1-y, x, c)
			case 2:
				out.Set(w-1-x, h-1-y, c)
			case 3:
				out.Set(y, w-1-x, c)
			default:
				out.Set(x, y, c)
			}
		}
	}
	return out
}

// scaled2 returns img at twice its size (nearest neighbour).
func scaled2(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, 2*b.Dx(), 2*b.Dy()))
	for y := 0; y < 2*b.Dy(); y++ {
		for x := 0; x < 2*b.Dx(); x++ {
			out.Set(x, y, img.At(b.Min.X+x/2, b.Min.Y+y/2))
		}
	}
	return out
}

// KeyFromQR reads the encrypted secret key file a paper sheet's QR code
// carries. Scanners drop the final newline or turn line ends into CRLF;
// both are accepted here.
func KeyFromQR(payload []byte) (*signify.EncryptedSecretKey, error) {
	b := bytes.ReplaceAll(payload, []byte("\r\n"), []byte("\n"))
	if !bytes.HasSuffix(b, []byte("\n")) {
		b = append(b, '\n')
	}
	enc, err := signify.ParseSecretKey("QR code", b)
	if err != nil {
		return nil, fmt.Errorf("the QR code does not hold a signify secret key file: %w", err)
	}
	return enc, nil
}

// RestorePaperText reads the typed-restore text of a paper sheet.
func RestorePaperText(name, text string) (*signify.EncryptedSecretKey, error) {
	return backup.DecodePaperKey(name, text)
}

// RestorePaperImage reads the key from a photo or scan of a paper sheet.
func RestorePaperImage(img image.Image) (*signify.EncryptedSecretKey, error) {
	payload, err := ScanQR(img)
	if err != nil {
		return nil, err
	}
	return KeyFromQR(payload)
}

// pdfStrings returns the text strings of an uncompressed PDF's content
// streams in order, one per text-showing operator: what fpdf wrote with
// each Cell.
var pdfTjRE = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)

func pdfStrings(pdf []byte) []string {
	var out []string
	for _, m := range pdfTjRE.FindAllSubmatch(pdf, -1) {
		var b strings.Builder
		s := m[1]
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
				switch s[i] {
				case 'r':
					b.WriteByte('\r')
				case 'n':
					b.WriteByte('\n')
				default:
					b.WriteByte(s[i])
				}
				continue
			}
			b.WriteByte(s[i])
		}
		out = append(out, b.String())
	}
	return out
}

// pdfTextBlock returns the n lines that follow (and include) the line
// first in an uncompressed PDF written by newSheet, joined as text.
func pdfTextBlock(pdf []byte, first string, n int) (string, error) {
	strs := pdfStrings(pdf)
	for i, s := range strs {
		if s == first && i+n <= len(strs) {
			return strings.Join(strs[i:i+n], "\n") + "\n", nil
		}
	}
	return "", fmt.Errorf("the sheet has no %q text block", first)
}

var pdfImageRE = regexp.MustCompile(`/Subtype /Image\n/Width (\d+)\n/Height (\d+)\n/ColorSpace /DeviceGray\n/BitsPerComponent 8\n/Filter /FlateDecode\n/DecodeParms <</Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns \d+>>\n/Length (\d+)>>\nstream\n`)

// pdfQRImage extracts the grey QR image newSheet embedded and rebuilds it
// as an image: PDF keeps the PNG's compressed rows with the PNG predictor,
// so wrapping them in PNG chunks gives the image back.
func pdfQRImage(pdf []byte) (image.Image, error) {
	loc := pdfImageRE.FindSubmatchIndex(pdf)
	if loc == nil {
		return nil, errors.New("the sheet has no QR image")
	}
	atoi := func(i int) int { n, _ := strconv.Atoi(string(pdf[loc[2*i]:loc[2*i+1]])); return n }
	w, h, n := atoi(1), atoi(2), atoi(3)
	start := loc[1]
	if n <= 0 || start+n > len(pdf) {
		return nil, errors.New("the sheet's QR image is cut short")
	}
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit greyscale, deflate, adaptive filter, no interlace
	chunk("IHDR", ihdr)
	chunk("IDAT", pdf[start:start+n])
	chunk("IEND", nil)
	return png.Decode(&b)
}

// readBackPaperSheet reads a written paper sheet back: the typed-restore
// text and the QR code must both give back want, byte for byte.
func readBackPaperSheet(path string, want []byte) error {
	pdf, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text, err := pdfTextBlock(pdf, "baton paper key 1", 10)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	enc, err := backup.DecodePaperKey(path, text)
	if err != nil {
		return fmt.Errorf("the typed-restore text of %s does not decode: %w", path, err)
	}
	if !bytes.Equal(enc.Marshal(), want) {
		return fmt.Errorf("the typed-restore text of %s holds another key file", path)
	}
	img, err := pdfQRImage(pdf)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	qenc, err := RestorePaperImage(img)
	if err != nil {
		return fmt.Errorf("the QR code of %s: %w", path, err)
	}
	if !bytes.Equal(qenc.Marshal(), want) {
		return fmt.Errorf("the QR code of %s holds another key file", path)
	}
	return nil
}

// BackupPaper writes a paper sheet PDF per key into the chosen folder
// (<label>-paper.pdf), then restore-tests each: it reads the sheet back
// from the file, decodes its typed-restore text and its QR code, decrypts
// the key with the passphrase and compares it with the vault's public key.
// Only then is the sheet recorded in backups.json. Print the sheets, check
// a printout with Restore (Check) from a scan, then delete the PDFs.
func (v *Vault) BackupPaper(ctx context.Context, ui *UI, opts Options, bp BackupParams) (*Outcome, error) {
	b, err := v.backupSetup(opts, ui, bp)
	if err != nil {
		return nil, err
	}
	defer b.s.close()
	pb := &paperBackup{b}
	return b.p.perform(ctx, b.s, pb.declare())
}

// paperBackup is a paper backup of keys: a sheet each.
type paperBackup struct{ *backupTo }

func (b *paperBackup) declare() declared {
	return declared{
		name:   "backup-paper",
		params: b.params(),
		plan:   BackupPaperPlan(b.bp),
		steps: map[string]stepFunc{
			"readiness":    b.readiness,
			"sheets":       b.sheets,
			"restore-test": b.restoreTest,
		},
		closing: func(j *journal, out *Outcome) error {
			out.Folder = b.dir
			for _, l := range b.labels {
				out.Sheets = append(out.Sheets, b.sheetPath(l))
			}
			return nil
		},
	}
}

func (b *paperBackup) sheetPath(l string) string { return filepath.Join(b.dir, l+"-paper.pdf") }

// readKey reads the encrypted secret key label from the vault.
func (b *paperBackup) readKey(l string) (*signify.EncryptedSecretKey, []byte, error) {
	path := b.p.KeyPath(l)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	enc, err := signify.ParseSecretKey(path, data)
	return enc, data, err
}

// sheets renders a sheet per key.
func (b *paperBackup) sheets(ctx context.Context, j *journal) (string, error) {
	for _, l := range b.labels {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		enc, _, err := b.readKey(l)
		if err != nil {
			return "", err
		}
		pub, err := b.p.PublicKey(l)
		if err != nil {
			return "", err
		}
		// Dated by the ceremony's start, so a resumed run renders the
		// same bytes.
		pdf, err := PaperSheet(b.p.Name, l, enc, pub, j.Started)
		if err != nil {
			return "", err
		}
		if err := putFile(b.sheetPath(l), pdf, true); err != nil {
			return "", err
		}
		j.addFile(fileRecord(b.sheetPath(l), pdf))
	}
	return fmt.Sprintf("%d sheets in %s", len(b.labels), b.dir), nil
}

// restoreTest reads every sheet back (text and QR), decrypts the key and
// compares it; only then is the sheet recorded as a backup.
func (b *paperBackup) restoreTest(ctx context.Context, j *journal) (string, error) {
	for _, l := range b.labels {
		enc, data, err := b.readKey(l)
		if err != nil {
			return "", err
		}
		if err := readBackPaperSheet(b.sheetPath(l), data); err != nil {
			return "", fmt.Errorf("restore test of %s failed: %w", l, err)
		}
		k, err := b.p.proveKey(b.s, l, enc, b.sheetPath(l))
		if err != nil {
			return "", err
		}
		pdf, err := os.ReadFile(b.sheetPath(l))
		if err != nil {
			return "", err
		}
		j.addKey(keyRecord(l, "backed up (paper)", k.Public("")))
		if err := b.p.recordBackup(BackupRecord{
			Label: l, Kind: BackupPaper, Location: b.sheetPath(l), Time: b.s.now(), Fingerprint: k.Public("").Fingerprint().Hex(),
			RestoreTested: true, Detail: "sheet read back: its typed-restore text and its QR code decode to the key file, which decrypts with the passphrase and matches " + l + ".pub",
			Files: []FileRecord{fileRecord(b.sheetPath(l), pdf)},
		}); err != nil {
			return "", err
		}
	}
	b.s.ui.say(Warning, "print the sheets in %s, check a printout with a restore check from a photo of its QR code, then delete the PDF files", b.dir)
	return fmt.Sprintf("read back, decrypted and matched: %v", b.labels), nil
}
