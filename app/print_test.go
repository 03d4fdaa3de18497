package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lpPrint runs lp from PATH with the job's title and the file; a fake lp
// stands in for CUPS.
func TestLPPrintRunsLP(t *testing.T) {
	bin := t.TempDir()
	got := filepath.Join(t.TempDir(), "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + got + "\n[ \"$2\" = fail ] && { echo 'lp: Error - no default destination available.' >&2; exit 1; }\nexit 0\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	if err := printPDF(lpPrint, []byte("%PDF-1.3\n"), "Baton: genesis"); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(got)
	lines := strings.Split(strings.TrimSpace(string(args)), "\n")
	if len(lines) != 4 || lines[0] != "-t" || lines[1] != "Baton: genesis" || lines[2] != "--" || !strings.HasSuffix(lines[3], ".pdf") {
		t.Fatalf("lp ran with %q", lines)
	}
	if _, err := os.Stat(lines[3]); !os.IsNotExist(err) {
		t.Error("the temporary PDF was left behind")
	}
	err := printPDF(lpPrint, []byte("%PDF-1.3\n"), "fail")
	if err == nil || !strings.Contains(err.Error(), "no default destination") {
		t.Errorf("lp's failure came back as %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if err := lpPrint("x.pdf", "x"); err != errNoPrintSystem {
		t.Errorf("without lp: %v", err)
	}
}
