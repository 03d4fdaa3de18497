package ceremony

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// TextPDF lays text out for printing: an A4 PDF with title on top of every
// page and "page i of n" at the bottom, the text in a fixed-width font, its
// lines kept as they are and wrapped only where they are wider than the
// page. It is how a transcript (the signed file verbatim) is printed.
//
// The PDF's core fonts cover Windows-1252; a character outside it prints
// as "?". The signed file stays the record; the paper is a copy of it.
func TextPDF(title, text string, created time.Time) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(false)
	f.SetCatalogSort(true)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetTitle(title, true)
	f.SetCreator("Baton", false)
	f.SetMargins(18, 16, 18)
	f.SetAutoPageBreak(true, 16)
	f.AliasNbPages("{nb}")
	tr := f.UnicodeTranslatorFromDescriptor("") // UTF-8 to cp1252
	f.SetHeaderFunc(func() {
		f.SetFont("Helvetica", "B", 10)
		f.CellFormat(0, 6, tr(title), "B", 1, "L", false, 0, "")
		f.Ln(3)
	})
	f.SetFooterFunc(func() {
		f.SetY(-12)
		f.SetFont("Helvetica", "", 8)
		f.CellFormat(0, 5, fmt.Sprintf("page %d of {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})
	f.AddPage()
	f.SetFont("Courier", "", 9)
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		line = strings.ReplaceAll(line, "\t", "    ")
		if line == "" {
			f.Ln(4)
			continue
		}
		f.MultiCell(0, 4, tr(line), "", "L", false)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("rendering %q as a PDF: %w", title, err)
	}
	return b.Bytes(), nil
}
