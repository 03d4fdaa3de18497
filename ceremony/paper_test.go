package ceremony

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

var paperSheetTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func paperSeededKey(t *testing.T, label string) (*signify.SecretKey, *signify.EncryptedSecretKey) {
	t.Helper()
	k, err := signify.GenerateKey(chaintest.Seeded("paper sheet test key " + label))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.EncryptSecretKey(k, []byte(testPass), 4, keyComment("example.org/hello", label), chaintest.Seeded("paper sheet salt "+label))
	if err != nil {
		t.Fatal(err)
	}
	return k, enc
}

// paperRenderPage turns page 1 of a PDF into a PNG with pdftoppm, as a printer
// and a scanner would.
func paperRenderPage(t *testing.T, pdf []byte) string {
	t.Helper()
	pdftoppm := chaintest.RequireTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "sheet.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", "150", "-png", "-f", "1", "-l", "1", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	m, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(m) != 1 {
		t.Fatalf("pdftoppm made %v", m)
	}
	return m[0]
}

// paperScanBoth decodes the QR code of a page image with zbarimg and with
// gozxing, and checks that they agree.
func paperScanBoth(t *testing.T, page string) []byte {
	t.Helper()
	zbarimg := chaintest.RequireTool(t, "zbarimg")
	out, err := exec.Command(zbarimg, "--raw", "-q", page).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code: %v", err)
	}
	f, err := os.Open(page)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := ScanQR(img)
	if err != nil {
		t.Fatalf("gozxing: %v", err)
	}
	// zbarimg ends its output with a newline of its own.
	if z := strings.TrimSuffix(string(out), "\n"); z != string(gz) && z != strings.TrimSuffix(string(gz), "\n") {
		t.Fatalf("zbarimg and gozxing disagree:\n%q\n%q", out, gz)
	}
	return gz
}

func TestPaperSheetScansAndDecrypts(t *testing.T) {
	t.Parallel()
	k, enc := paperSeededKey(t, "K3")
	pdf, err := PaperSheet("example.org/hello", "K3", enc, k.Public(enc.Comment), paperSheetTime)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := PaperSheet("example.org/hello", "K3", enc, k.Public(enc.Comment), paperSheetTime)
	if !bytes.Equal(pdf, again) {
		t.Fatal("the same sheet rendered twice differs")
	}
	page := paperRenderPage(t, pdf)
	payload := paperScanBoth(t, page)
	got, err := KeyFromQR(payload)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Marshal(), enc.Marshal()) {
		t.Fatalf("the scanned QR holds other bytes:\n%q", payload)
	}
	dk, err := got.Decrypt([]byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	if !dk.Public("").Equal(k.Public("")) {
		t.Fatal("scanned key decrypts to another key")
	}
	if _, err := got.Decrypt([]byte("wrong")); !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	// ReadKeyBackup takes the page image as a photo.
	fromPhoto, kind, err := ReadKeyBackup(page)
	if err != nil || kind != BackupPaper || !bytes.Equal(fromPhoto.Marshal(), enc.Marshal()) {
		t.Fatalf("ReadKeyBackup of a photo: %v %v", kind, err)
	}

	// The sheet read back from the file, as the restore test does.
	path := filepath.Join(t.TempDir(), "K3-paper.pdf")
	os.WriteFile(path, pdf, 0o600)
	if err := readBackPaperSheet(path, enc.Marshal()); err != nil {
		t.Fatal(err)
	}
	other := *enc
	other.Comment = "another comment"
	if err := readBackPaperSheet(path, other.Marshal()); err == nil {
		t.Fatal("read-back accepted another key file")
	}
}

func TestPaperSheetTypedRestore(t *testing.T) {
	t.Parallel()
	_, enc := paperSeededKey(t, "K4")
	pdf, err := PaperSheet("example.org/hello", "K4", enc, func() *signify.PublicKey { k, _ := enc.Decrypt([]byte(testPass)); return k.Public("") }(), paperSheetTime)
	if err != nil {
		t.Fatal(err)
	}
	// What is printed is what backup.EncodePaperKey makes.
	text, err := pdfTextBlock(pdf, "baton paper key 1", 10)
	if err != nil {
		t.Fatal(err)
	}
	if text != backup.EncodePaperKey(enc) {
		t.Fatalf("printed text:\n%s\nwant:\n%s", text, backup.EncodePaperKey(enc))
	}
	// Typed back with lowercase labels and no spaces inside lines.
	var typed []string
	for _, l := range strings.Split(text, "\n") {
		if lbl, rest, ok := strings.Cut(l, ":"); ok && len(lbl) == 1 {
			l = lbl + ": " + strings.Join(strings.Fields(rest), "")
		}
		typed = append(typed, l)
	}
	got, err := RestorePaperText("typed.txt", strings.Join(typed, "\n"))
	if err != nil || !bytes.Equal(got.Marshal(), enc.Marshal()) {
		t.Fatalf("typed restore: %v", err)
	}
	// A typo is named by its line.
	lines := strings.Split(text, "\n")
	lines[6] = strings.Replace(lines[6], lines[6][3:8], "AAAAA", 1)
	_, err = RestorePaperText("typed.txt", strings.Join(lines, "\n"))
	var pe *signify.ParseError
	if !errors.As(err, &pe) || pe.Line != 7 || !strings.Contains(pe.Msg, "key line 5") {
		t.Fatalf("typo on key line 5: %v", err)
	}
	// From a file, as restore reads it.
	path := filepath.Join(t.TempDir(), "typed.txt")
	os.WriteFile(path, []byte(strings.Join(typed, "\n")), 0o600)
	if got, kind, err := ReadKeyBackup(path); err != nil || kind != BackupPaper || !bytes.Equal(got.Marshal(), enc.Marshal()) {
		t.Fatalf("ReadKeyBackup of typed text: %v %v", kind, err)
	}
}

func TestShareSheetScans(t *testing.T) {
	t.Parallel()
	k, err := signify.GenerateKey(chaintest.Seeded("share sheet recovery"))
	if err != nil {
		t.Fatal(err)
	}
	shares, err := backup.SplitKey(k, "example.org/hello", 2, 3, chaintest.Seeded("share sheet split"))
	if err != nil {
		t.Fatal(err)
	}
	var read []*backup.Share
	for _, sh := range shares[:2] {
		pdf, err := ShareSheet(sh, "Carol", paperSheetTime)
		if err != nil {
			t.Fatal(err)
		}
		payload := paperScanBoth(t, paperRenderPage(t, pdf))
		got, err := backup.ParseShare("scanned", payload)
		if err != nil {
			t.Fatalf("scanned share: %v\n%s", err, payload)
		}
		if !bytes.Equal(got.Marshal(), sh.Marshal()) {
			t.Fatal("scanned share differs")
		}
		path := filepath.Join(t.TempDir(), "share.pdf")
		os.WriteFile(path, pdf, 0o600)
		back, err := readBackShareSheet(fileRecord(path, pdf))
		if err != nil {
			t.Fatal(err)
		}
		read = append(read, back)
	}
	rk, err := backup.CombineShares(read)
	if err != nil || !rk.Public("").Equal(k.Public("")) {
		t.Fatalf("shares read back from their sheets: %v", err)
	}
}

func TestBackupPaperProvenThenPrintoutChecked(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	folder := t.TempDir()
	out, err := v.BackupPaper(ctx, backupPassUI(t, testPass, nil), opts, BackupParams{Package: backupPkg, Folder: folder, Labels: []string{"recovery", "K2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Sheets) != 2 || !slices.Equal(out.Files, out.Sheets) {
		t.Fatalf("sheets %v, files %v", out.Sheets, out.Files)
	}
	recs, _ := p.Backups()
	if len(recs) != 2 || recs[0].Kind != BackupPaper || !recs[0].RestoreTested || recs[1].Location != filepath.Join(BackupDir(folder, backupPkg), "K2-paper.pdf") {
		t.Fatalf("records %+v", recs)
	}
	if un, _ := p.UnprovenBackups(); strings.Join(un, " ") != "K1" {
		t.Fatalf("unproven %v", un)
	}
	if tr, _, err := p.OpenTranscript(out.Transcript); err != nil || tr.Ceremony != "backup-paper" {
		t.Fatalf("transcript: %v", err)
	}
	// The printout, scanned: a restore check records it.
	pdf, _ := os.ReadFile(out.Sheets[1])
	page := paperRenderPage(t, pdf)
	if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K2", From: page, Check: true}); err != nil {
		t.Fatal(err)
	}
	recs, _ = p.Backups()
	if len(recs) != 3 || recs[2].Location != page || recs[2].Kind != BackupPaper {
		t.Fatalf("records %+v", recs)
	}
	// The sheet of another key does not pass for K1.
	if _, err := v.Restore(ctx, backupPassUI(t, testPass, nil), opts, RestoreParams{Package: backupPkg, Label: "K1", From: page, Check: true}); err == nil {
		t.Fatal("K2's sheet passed for K1")
	}
}

// A code photographed sideways or upside down reads too, and turning by a
// quarter and then three quarters gives the image back.
func TestScanQRReadsTurnedCodes(t *testing.T) {
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	payload := qr.Payload(k.Public("baton K1 of example.org/hello"))
	data, err := qr.PNG(payload, 300)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for q := 0; q < 4; q++ {
		got, err := ScanQR(rotated(img, q))
		if err != nil || !bytes.Equal(got, payload) {
			t.Errorf("turned %d quarters: %q, %v", q, got, err)
		}
	}
	back := rotated(rotated(img, 1), 3)
	b := img.Bounds()
	for y := 0; y < b.Dy(); y += 7 {
		for x := 0; x < b.Dx(); x += 7 {
			r1, _, _, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			r2, _, _, _ := back.At(x, y).RGBA()
			if r1 != r2 {
				t.Fatalf("turning back changed pixel (%d, %d)", x, y)
			}
		}
	}
}

// The sheet's restore section names the app's way (Ceremonies > Restore a
// key) as well as the command, and the sheet stays one page.
func TestPaperSheetNamesTheAppsRestore(t *testing.T) {
	t.Parallel()
	k, enc := paperSeededKey(t, "K3")
	pdf, err := PaperSheet("example.org/hello", "K3", enc, k.Public(enc.Comment), paperSheetTime)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfStrings(pdf), " ")
	for _, want := range []string{"Ceremonies > Restore a key", "baton restore --package example.org/hello --label K3"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet does not say %q:\n%s", want, text)
		}
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != 1 {
		t.Errorf("the sheet has %d pages", n)
	}
}
