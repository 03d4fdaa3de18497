package ceremony

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestTextPDFKeepsEveryLine(t *testing.T) {
	var lines []string
	for i := range 150 {
		lines = append(lines, fmt.Sprintf("line %03d: step done", i))
	}
	long := strings.Repeat("0123456789", 30) // wider than the page
	lines = append(lines, "", long, "operator:  Zoë Müller")
	pdf, err := TextPDF("transcript of example.org/hello", strings.Join(lines, "\n")+"\n", time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	got := strings.Join(pdfStrings(pdf), "\n")
	for _, want := range []string{"line 000: step done", "line 149: step done", "transcript of example.org/hello", "page 1 of 3", "page 3 of 3"} {
		if !strings.Contains(got, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// The long line is wrapped, not cut: its pieces join back to it.
	var pieces strings.Builder
	for _, s := range pdfStrings(pdf) {
		if strings.HasPrefix(s, "0123456789") {
			pieces.WriteString(s)
		}
	}
	if pieces.String() != long {
		t.Errorf("the long line came back as %d characters, want %d", pieces.Len(), len(long))
	}
	// Latin-1 names survive (as Windows-1252 bytes in the PDF).
	if !bytes.Contains(pdf, []byte("Zo\xeb M\xfcller")) {
		t.Error("a name with accents did not survive")
	}
}
