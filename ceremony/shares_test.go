package ceremony

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// sheetShareTexts reads the text of every share sheet a split wrote, as a
// holder would type it back.
func sheetShareTexts(t *testing.T, dir string) []ShareText {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "share-*-of-*.pdf"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no share sheets in %s: %v", dir, err)
	}
	slices.Sort(m)
	var out []ShareText
	for _, path := range m {
		pdf, _ := os.ReadFile(path)
		text, err := pdfTextBlock(pdf, "baton recovery share 1", 11)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ShareText{Name: filepath.Base(path), Text: []byte(text)})
	}
	return out
}

func TestBackupSharesProvenThenRebuild(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	folder := t.TempDir()
	holders := []string{"Bob", "Carol", "Dave", "Erin", "Frank"}
	out, err := v.BackupShares(ctx, backupPassUI(t, testPass, nil), opts, SharesParams{Package: backupPkg, Folder: folder, Threshold: 3, Total: 5, Holders: holders})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Sheets) != 5 || !slices.Equal(out.Files, out.Sheets) || out.Folder != filepath.Dir(out.Sheets[0]) {
		t.Fatalf("sheets %v in %s, files %v", out.Sheets, out.Folder, out.Files)
	}
	recs, err := p.Backups()
	if err != nil || len(recs) != 1 {
		t.Fatalf("records %v %v", recs, err)
	}
	r := recs[0]
	rec, _ := p.PublicKey("recovery")
	if r.Kind != BackupShares || r.Label != "recovery" || !r.RestoreTested || r.Fingerprint != rec.Fingerprint().Hex() || !strings.Contains(r.Detail, "3 of 5") || len(r.Files) != 5 {
		t.Fatalf("record %+v", r)
	}
	for _, f := range out.Sheets {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if un, _ := p.UnprovenBackups(); strings.Join(un, " ") != "K1 K2" {
		t.Fatalf("unproven: %v", un)
	}
	tr, text, err := p.OpenTranscript(out.Transcript)
	if err != nil || tr.Ceremony != "backup-shares" || !strings.Contains(text, "sets of 3 shares rebuilt") {
		t.Fatalf("transcript %v:\n%s", err, text)
	}
	if strings.Contains(text, "Carol") == false {
		t.Fatalf("the transcript does not name the holders:\n%s", text)
	}

	texts := sheetShareTexts(t, r.Location)
	// ReadShare reads a sheet's PDF as it was written.
	if st, err := ReadShare(out.Sheets[0]); err != nil || string(st.Text) != string(texts[0].Text) {
		t.Fatalf("ReadShare of %s: %v", out.Sheets[0], err)
	}
	// Every set of 3 rebuilds the recovery key.
	n := 0
	for a := 0; a < 5; a++ {
		for b := a + 1; b < 5; b++ {
			for c := b + 1; c < 5; c++ {
				k, err := p.Rebuild([]ShareText{texts[a], texts[b], texts[c]})
				if err != nil || !k.Public("").Equal(rec) {
					t.Fatalf("shares %d %d %d: %v", a+1, b+1, c+1, err)
				}
				n++
			}
			// Every set of 2 is too few.
			_, err := p.Rebuild([]ShareText{texts[a], texts[b]})
			if !errors.Is(err, backup.ErrTooFewShares) || !strings.Contains(err.Error(), "2 of 3 needed shares: missing threshold") {
				t.Fatalf("two shares: %v", err)
			}
		}
	}
	if n != 10 {
		t.Fatal(n)
	}

	// One wrong word, typed back, is named by file, line and word.
	bad := string(texts[1].Text)
	lines := strings.Split(bad, "\n")
	w := strings.Fields(lines[9])
	w[4] = strings.Fields(lines[8])[4] // a word of the same list, from the line above
	if w[4] == strings.Fields(lines[9])[4] {
		w[4] = strings.Fields(lines[7])[4]
	}
	lines[9] = strings.Join(w, " ")
	_, err = p.Rebuild([]ShareText{texts[0], {Name: "carol.txt", Text: []byte(strings.Join(lines, "\n"))}, texts[2]})
	var pe *signify.ParseError
	if !errors.As(err, &pe) || pe.File != "carol.txt" || pe.Line != 10 || !strings.Contains(pe.Msg, "key line 3, word 4") {
		t.Fatalf("wrong word: %v", err)
	}
}

func TestRebuildRefusesOtherSplitsAndKeys(t *testing.T) {
	t.Parallel()
	v, p, opts := backupVault(t)
	ctx := context.Background()
	f1, f2 := t.TempDir(), t.TempDir()
	for _, f := range []string{f1, f2} {
		if _, err := v.BackupShares(ctx, backupPassUI(t, testPass, nil), opts, SharesParams{Package: backupPkg, Folder: f, Threshold: 2, Total: 3}); err != nil {
			t.Fatal(err)
		}
	}
	recs, _ := p.Backups()
	if len(recs) != 2 {
		t.Fatalf("records %v", recs)
	}
	a, b := sheetShareTexts(t, recs[0].Location), sheetShareTexts(t, recs[1].Location)
	_, err := p.Rebuild([]ShareText{a[0], b[1]})
	if !errors.Is(err, backup.ErrOtherSplit) {
		t.Fatalf("want ErrOtherSplit, got %v", err)
	}
	// Shares of another key.
	other, _ := signify.GenerateKey(chaintest.Seeded("another recovery key"))
	shares, _ := backup.SplitKey(other, backupPkg, 2, 2, chaintest.Seeded("other split"))
	_, err = p.Rebuild([]ShareText{{Name: "x", Text: shares[0].Marshal()}, {Name: "y", Text: shares[1].Marshal()}})
	if err == nil || !strings.Contains(err.Error(), "not of "+string(chain.SignatoryOf(mustPub(p, "recovery")))) {
		t.Fatalf("shares of another key: %v", err)
	}
	// Shares of another package.
	shares, _ = backup.SplitKey(other, "example.org/other", 2, 2, nil)
	if _, err := p.Rebuild([]ShareText{{Name: "x", Text: shares[0].Marshal()}, {Name: "y", Text: shares[1].Marshal()}}); err == nil || !strings.Contains(err.Error(), "example.org/other") {
		t.Fatalf("shares of another package: %v", err)
	}
	// A share read from a photo of its QR code.
	png, err := qr.PNG(shares[0].QRPayload(), 400)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "share.png")
	os.WriteFile(path, png, 0o600)
	st, err := ReadShare(path)
	if err != nil {
		t.Fatal(err)
	}
	if sh, err := backup.ParseShare(st.Name, st.Text); err != nil || sh.Value != shares[0].Value {
		t.Fatalf("share from a photo: %v", err)
	}
}

func TestBackupSharesArguments(t *testing.T) {
	t.Parallel()
	v, _, opts := backupVault(t)
	for _, sp := range []SharesParams{
		{Threshold: 1, Total: 3}, {Threshold: 4, Total: 3}, {Threshold: 2, Total: 300},
		{Threshold: 2, Total: 3, Holders: []string{"one"}},
	} {
		sp.Package, sp.Folder = backupPkg, t.TempDir()
		if _, err := v.BackupShares(context.Background(), backupPassUI(t, testPass, nil), opts, sp); err == nil {
			t.Errorf("%d of %d with %v accepted", sp.Threshold, sp.Total, sp.Holders)
		}
	}
}

func TestCoveringSets(t *testing.T) {
	t.Parallel()
	for n := 2; n <= 9; n++ {
		for m := 2; m <= n; m++ {
			seen := map[int]bool{}
			for _, set := range coveringSets(n, m) {
				in := map[int]bool{}
				for _, i := range set {
					if i < 0 || i >= n || in[i] {
						t.Fatalf("n=%d m=%d: bad set %v", n, m, set)
					}
					in[i], seen[i] = true, true
				}
			}
			if len(seen) != n {
				t.Fatalf("n=%d m=%d: %v does not cover every share", n, m, coveringSets(n, m))
			}
		}
	}
	if got := fmt.Sprint(coveringSets(5, 3)); got != "[[0 1 2] [3 4 0]]" {
		t.Fatal(got)
	}
}
