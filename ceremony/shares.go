package ceremony

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/signify"
)

// SharesParams say how to split the recovery key and where the sheets go.
type SharesParams struct {
	Package string
	// Folder is where the share sheets go (under BackupDir(Folder,
	// Package)/recovery-shares-<split id>/): print them, hand them out,
	// then delete the files.
	Folder    string
	Threshold int // M: how many shares rebuild the key (at least 2)
	Total     int // N: how many shares to make
	// Holders optionally names who each share is for, printed on its sheet:
	// empty, or exactly Total names.
	Holders []string
}

// shareSheetName is the file name of share i of n.
func shareSheetName(i, n int) string { return fmt.Sprintf("share-%d-of-%d.pdf", i, n) }

// BackupShares splits the package's recovery key M-of-N (the passphrase
// decrypts it), writes one PDF sheet per share, and proves the split by a
// restore test: every sheet is read back from its file (its text and its QR
// code), and combinations of M shares read back, which together use every
// share, must each rebuild the recovery key. Only then is the split
// recorded in backups.json. It ends with a signed transcript.
//
// An interrupted split is not resumed: running it again makes a new split
// in a new folder (the shares of an unfinished split are never recorded;
// delete its folder).
func (v *Vault) BackupShares(ctx context.Context, ui *UI, opts Options, sp SharesParams) (*Outcome, error) {
	if sp.Threshold < 2 || sp.Threshold > sp.Total || sp.Total > backup.MaxShares {
		return nil, fmt.Errorf("a split needs 2 <= M <= N <= %d, got %d of %d", backup.MaxShares, sp.Threshold, sp.Total)
	}
	if len(sp.Holders) != 0 && len(sp.Holders) != sp.Total {
		return nil, fmt.Errorf("%d holders named for %d shares: name every holder or none", len(sp.Holders), sp.Total)
	}
	b, err := v.backupSetup(opts, ui, BackupParams{Package: sp.Package, Folder: sp.Folder, Labels: []string{"recovery"}})
	if err != nil {
		return nil, err
	}
	defer b.s.close()
	sb := &sharesBackup{b, sp}
	return b.p.perform(ctx, b.s, sb.declare())
}

// sharesBackup is a split of a package's recovery key.
type sharesBackup struct {
	*backupTo
	sp SharesParams
}

func (b *sharesBackup) declare() declared {
	sp := b.sp
	params := map[string]string{"package": sp.Package, "folder": b.dir, "threshold": strconv.Itoa(sp.Threshold), "total": strconv.Itoa(sp.Total)}
	if len(sp.Holders) > 0 {
		params["holders"] = strings.Join(sp.Holders, ", ")
	}
	return declared{
		name:   "backup-shares",
		params: params,
		plan:   SharesPlan(sp),
		steps: map[string]stepFunc{
			"readiness":    b.readiness,
			"split":        b.split,
			"restore-test": b.restoreTest,
		},
		closing: func(j *journal, out *Outcome) error {
			for _, f := range splitSheets(j) {
				out.Sheets = append(out.Sheets, f.Name)
			}
			if len(out.Sheets) > 0 {
				out.Folder = filepath.Dir(out.Sheets[0])
			}
			return nil
		},
	}
}

// splitSheets lists the share sheets the journal records.
func splitSheets(j *journal) []FileRecord {
	var fs []FileRecord
	for _, f := range j.Files {
		if strings.HasSuffix(f.Name, ".pdf") && strings.Contains(filepath.Base(filepath.Dir(f.Name)), "recovery-shares-") {
			fs = append(fs, f)
		}
	}
	return fs
}

// split splits the recovery key and writes a sheet per share.
func (b *sharesBackup) split(ctx context.Context, j *journal) (string, error) {
	sp := b.sp
	k, err := b.p.secretKey("recovery", b.s)
	if err != nil {
		return "", err
	}
	defer clear(k.Key)
	shares, err := backup.SplitKey(k, b.p.Name, sp.Threshold, sp.Total, nil)
	if err != nil {
		return "", err
	}
	sdir := filepath.Join(b.dir, "recovery-shares-"+shares[0].Split.String())
	for _, sh := range shares {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		holder := ""
		if len(sp.Holders) > 0 {
			holder = sp.Holders[sh.Index-1]
		}
		pdf, err := ShareSheet(sh, holder, j.Started)
		if err != nil {
			return "", err
		}
		path := filepath.Join(sdir, shareSheetName(sh.Index, sh.Total))
		if err := putFile(path, pdf, true); err != nil {
			return "", err
		}
		j.addFile(fileRecord(path, pdf))
		sh.Value = [32]byte{}
	}
	j.addKey(keyRecord("recovery", fmt.Sprintf("split %d of %d (split %s)", sp.Threshold, sp.Total, shares[0].Split), k.Public("")))
	return fmt.Sprintf("split %s: %d sheets in %s", shares[0].Split, sp.Total, sdir), nil
}

// restoreTest reads every sheet back and rebuilds the key from sets of M
// shares that together use every share; only then is the split recorded.
func (b *sharesBackup) restoreTest(ctx context.Context, j *journal) (string, error) {
	sp := b.sp
	files := splitSheets(j)
	if len(files) != sp.Total {
		return "", fmt.Errorf("the journal lists %d share sheets, expected %d", len(files), sp.Total)
	}
	var shares []*backup.Share
	for _, f := range files {
		sh, err := readBackShareSheet(f)
		if err != nil {
			return "", fmt.Errorf("restore test of the split failed: %w", err)
		}
		shares = append(shares, sh)
	}
	want, _, err := b.p.expectedPublic("recovery")
	if err != nil {
		return "", err
	}
	if want == nil {
		return "", fmt.Errorf("no recovery public key to test the split against")
	}
	sets := coveringSets(len(shares), sp.Threshold)
	for _, set := range sets {
		var sub []*backup.Share
		for _, i := range set {
			sub = append(sub, shares[i])
		}
		k, err := backup.CombineShares(sub)
		if err != nil {
			return "", fmt.Errorf("restore test of the split failed: %w", err)
		}
		ok := k.Public("").Equal(want)
		clear(k.Key)
		if !ok {
			return "", fmt.Errorf("restore test of the split failed: shares %v rebuild a key that is not the recovery key", sub)
		}
	}
	sdir := filepath.Dir(files[0].Name)
	if err := b.p.recordBackup(BackupRecord{
		Label: "recovery", Kind: BackupShares, Location: sdir, Time: b.s.now(), Fingerprint: want.Fingerprint().Hex(),
		RestoreTested: true,
		Detail: fmt.Sprintf("%d of %d, split %s; every sheet read back (text and QR), %d sets of %d shares rebuilt the recovery key",
			sp.Threshold, sp.Total, shares[0].Split, len(sets), sp.Threshold),
		Files: files,
	}); err != nil {
		return "", err
	}
	b.s.ui.say(Warning, "print the %d sheets in %s, give one to each holder in person, then delete that folder: every file there is a share", sp.Total, sdir)
	return fmt.Sprintf("%d sets of %d shares rebuilt the recovery key", len(sets), sp.Threshold), nil
}

// coveringSets returns sets of m indexes out of 0..n-1, consecutive with
// wrap-around, such that every index is in at least one set.
func coveringSets(n, m int) [][]int {
	var sets [][]int
	for start := 0; start < n; start += m {
		set := make([]int, m)
		for i := range set {
			set[i] = (start + i) % n
		}
		sets = append(sets, set)
	}
	return sets
}

// readBackShareSheet reads a share sheet back from its file: the file must
// be the one written, and its text and its QR code must give the same
// share.
func readBackShareSheet(f FileRecord) (*backup.Share, error) {
	pdf, err := os.ReadFile(f.Name)
	if err != nil {
		return nil, err
	}
	if fmt.Sprintf("%x", sha256.Sum256(pdf)) != f.SHA256 {
		return nil, fmt.Errorf("%s changed since it was written", f.Name)
	}
	text, err := pdfTextBlock(pdf, "baton recovery share 1", 11)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	sh, err := backup.ParseShare(f.Name, []byte(text))
	if err != nil {
		return nil, err
	}
	img, err := pdfQRImage(pdf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	payload, err := ScanQR(img)
	if err != nil {
		return nil, fmt.Errorf("the QR code of %s: %w", f.Name, err)
	}
	qsh, err := backup.ParseShare(f.Name+" (QR code)", payload)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(qsh.Marshal(), sh.Marshal()) {
		return nil, fmt.Errorf("%s: its QR code and its text hold different shares", f.Name)
	}
	return sh, nil
}

// ShareText is one share as it was read: where from (a file name, "typed",
// "QR code") and its text.
type ShareText struct {
	Name string
	Text []byte
}

// ReadShare reads a share from a file: its text, a share sheet's PDF as
// BackupShares wrote it, or a photo or scan (PNG, JPEG) of its sheet's QR
// code.
func ReadShare(path string) (ShareText, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ShareText{}, err
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		text, err := pdfTextBlock(data, "baton recovery share 1", 11)
		clear(data)
		if err != nil {
			return ShareText{}, fmt.Errorf("%s: not a share sheet Baton wrote (%w): type its text into a file, or photograph its QR code", path, err)
		}
		return ShareText{Name: path, Text: []byte(text)}, nil
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return ShareText{}, fmt.Errorf("%s: %w", path, err)
		}
		payload, err := ScanQR(img)
		if err != nil {
			return ShareText{}, fmt.Errorf("%s: %w", path, err)
		}
		return ShareText{Name: path + " (QR code)", Text: payload}, nil
	}
	return ShareText{Name: path, Text: data}, nil
}

// RebuildKey rebuilds a recovery key from shares and checks it against
// recovery, the recovery public key (from the chain). Errors name the
// share at fault: a wrong word (by line and position), a share of another
// split, a share given twice, or too few shares.
func RebuildKey(recovery *signify.PublicKey, texts []ShareText) (*signify.SecretKey, error) {
	if recovery == nil {
		return nil, errors.New("no recovery public key to check the rebuilt key against")
	}
	var shares []*backup.Share
	for _, t := range texts {
		sh, err := backup.ParseShare(t.Name, t.Text)
		if err != nil {
			return nil, err
		}
		if sh.Signatory != chain.SignatoryOf(recovery) {
			return nil, fmt.Errorf("%v is a share of signatory %s's recovery key, not of %s", sh, sh.Signatory, chain.SignatoryOf(recovery))
		}
		shares = append(shares, sh)
	}
	k, err := backup.CombineShares(shares)
	if err != nil {
		return nil, err
	}
	if !k.Public("").Equal(recovery) {
		clear(k.Key)
		return nil, fmt.Errorf("%w: the rebuilt key is not %s", backup.ErrSharesMismatch, recovery.Fingerprint().WordString())
	}
	return k, nil
}

// RebuildFromFiles reads share sheets or text files (see ReadShare) and
// rebuilds the package's recovery key from them (see Rebuild). The shares'
// text is wiped once read; the caller wipes the key.
func (p *Package) RebuildFromFiles(files []string) (*signify.SecretKey, error) {
	var texts []ShareText
	defer func() {
		for _, t := range texts {
			clear(t.Text)
		}
	}()
	for _, f := range files {
		t, err := ReadShare(f)
		if err != nil {
			return nil, fmt.Errorf("reading a share: %w", err) // err names the file
		}
		texts = append(texts, t)
	}
	k, err := p.Rebuild(texts)
	if err != nil {
		return nil, fmt.Errorf("the shares do not rebuild the recovery key of %s: %w", p.Name, err)
	}
	return k, nil
}

// Rebuild rebuilds the package's recovery key from shares, for the re-key
// ceremony. The key must be the recovery key in force of the package's
// chain (the vault's recovery.pub when there is no chain yet), and the
// shares must be of this package.
func (p *Package) Rebuild(texts []ShareText) (*signify.SecretKey, error) {
	for _, t := range texts {
		if sh, err := backup.ParseShare(t.Name, t.Text); err == nil && sh.Package != p.Name {
			return nil, fmt.Errorf("%v is a share of %s, not of %s", sh, sh.Package, p.Name)
		}
	}
	var rec *signify.PublicKey
	entries, err := p.Chain()
	if err != nil {
		return nil, err
	}
	if h := HeldBy(entries); h != nil {
		rec = h.Recovery
	}
	if rec == nil {
		if rec, err = p.PublicKey("recovery"); err != nil {
			return nil, fmt.Errorf("%s has no chain and no recovery.pub in the vault to check the rebuilt key against: %w", p.Name, err)
		}
	}
	return RebuildKey(rec, texts)
}
