package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSharesReport: the split's summary names every sheet and its holder
// (or none), and a vault without the recovery key's secret cannot split.
func TestSharesReport(t *testing.T) {
	_, vault, usb := aliceInit(t)
	out := mustBaton(t, nil, "shares", "--package", "hello", "--to", usb, "--threshold", "2", "--total", "3", "--operator", "Alice")
	for _, want := range []string{
		"Split the recovery key of hello 2 of 3 (split ",
		"Restore-tested: 2 of 3, split ",
		"share 1 of 3  (no holder named)",
		"share-3-of-3.pdf",
		"baton rekey --package hello --reason 'WHAT HAPPENED' --operator Alice --shares SHARE-FILE...",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(filepath.Join(usb, "baton-backup", "hello", "recovery-shares-")) + `[0-9a-f]{16}$`).MatchString(out) {
		t.Errorf("the report does not name the split's folder:\n%s", out)
	}
	list := mustBaton(t, nil, "backup", "list", "--package", "hello")
	if !strings.Contains(list, "NOT restore-tested: K1, K2") || strings.Contains(list, "NOT restore-tested: recovery") {
		t.Errorf("after the split, the recovery key counts as backed up:\n%s", list)
	}

	os.Remove(filepath.Join(vault, "hello", "keys", "recovery.sec"))
	code, _, errs := runBaton(t, nil, "shares", "--package", "hello", "--to", usb, "--threshold", "2", "--total", "3", "--operator", "Alice")
	if code != exitFailure || !strings.Contains(errs, "the recovery key's secret is not in the vault") ||
		!strings.Contains(errs, "hint: restore it from a backup first: baton restore --package hello --label recovery --from BACKUP-FILE --operator Alice") {
		t.Fatalf("no recovery secret: exit %d\n%s", code, errs)
	}
}
