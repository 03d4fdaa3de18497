package ceremony

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos of a paper sheet
	_ "image/png"  // scans and screenshots of a paper sheet
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/backup"
	"github.com/baton-signing/baton/chain/signify"
)

// Backups. A key counts as backed up only once a restore test proved the
// backup: the copy was read back, decrypted with the passphrase and matched
// the vault's public key (or, for shares, M shares read back rebuilt the
// recovery key). Proven backups are listed in <package dir>/backups.json.
//
// On the chosen folder (removable media) everything goes under
//
//	<folder>/baton-backup/<package, path-escaped>/
//	    <label>.sec, <label>.pub          encrypted key file copies
//	    <label>-paper.pdf                 paper sheets
//	    recovery-shares-<split id>/       one share-<i>-of-<n>.{pdf,txt} per share

// BackupKind is how a key is backed up.
type BackupKind string

// Backup kinds.
const (
	BackupFile   BackupKind = "file"   // an encrypted copy of the key file
	BackupPaper  BackupKind = "paper"  // a printed sheet: QR code and typed-restore text
	BackupShares BackupKind = "shares" // M-of-N shares of the recovery key
)

// BackupRecord is one proven backup of a key, as backups.json lists it.
type BackupRecord struct {
	Label         string       `json:"label"`
	Kind          BackupKind   `json:"kind"`
	Location      string       `json:"location"`
	Time          time.Time    `json:"time"`
	Fingerprint   string       `json:"fingerprint"` // hex SHA-256 fingerprint of the key's public half
	RestoreTested bool         `json:"restore_tested"`
	Detail        string       `json:"detail,omitempty"`
	Files         []FileRecord `json:"files,omitempty"`
	// Destroyed is when the person said this backup of a retired key was
	// destroyed (baton backup destroyed); until then status reminds them.
	Destroyed *time.Time `json:"destroyed,omitempty"`
}

// backupsFile is backups.json.
type backupsFile struct {
	Version int            `json:"version"`
	Backups []BackupRecord `json:"backups"`
}

const backupsVersion = 1

// BackupDir is where backups of pkg go inside a chosen folder.
func BackupDir(folder, pkg string) string {
	return filepath.Join(folder, "baton-backup", url.PathEscape(pkg))
}

func (p *Package) backupsPath() string { return p.path("backups.json") }

// Backups lists the package's proven backups, oldest first.
func (p *Package) Backups() ([]BackupRecord, error) {
	data, err := os.ReadFile(p.backupsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f backupsFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s is damaged: %v", p.backupsPath(), err)
	}
	if f.Version != backupsVersion {
		return nil, fmt.Errorf("%s has version %d; this Baton reads version %d", p.backupsPath(), f.Version, backupsVersion)
	}
	return f.Backups, nil
}

// recordBackup adds r to backups.json, replacing an earlier record of the
// same key, kind and location.
func (p *Package) recordBackup(r BackupRecord) error {
	list, err := p.Backups()
	if err != nil {
		return err
	}
	list = slices.DeleteFunc(list, func(x BackupRecord) bool {
		return x.Label == r.Label && x.Kind == r.Kind && x.Location == r.Location && x.Fingerprint == r.Fingerprint
	})
	list = append(list, r)
	data, err := json.MarshalIndent(backupsFile{Version: backupsVersion, Backups: list}, "", "  ")
	if err != nil {
		return err
	}
	return writeReplace(p.backupsPath(), append(data, '\n'))
}

// backupsOf returns the recorded backups of the keys labels that are not
// marked destroyed.
func (p *Package) backupsOf(labels []string) ([]BackupRecord, error) {
	if len(labels) == 0 {
		return nil, nil
	}
	recs, err := p.Backups()
	if err != nil {
		return nil, err
	}
	var out []BackupRecord
	for _, r := range recs {
		if r.Destroyed == nil && slices.Contains(labels, r.Label) {
			if pub, err := p.PublicKey(r.Label); err == nil && pub.Fingerprint().Hex() != r.Fingerprint {
				continue // a backup of another key that had this label
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// retiredKeys lists the release keys the chain announced before the key
// in force whose secret is no longer in the vault.
func (p *Package) retiredKeys() ([]string, error) {
	ks, err := p.currentKeys()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range ks.keys {
		if _, announced := ks.announce[k.Label]; announced && !k.HasSecret && k.Label != ks.inForce && strings.HasPrefix(k.Label, "K") {
			out = append(out, k.Label)
		}
	}
	return out, nil
}

// BackupsToDestroy lists the recorded backups (file copies, paper sheets)
// of retired keys that are not yet marked destroyed: a thief of one could
// still sign with the key.
func (p *Package) BackupsToDestroy() ([]BackupRecord, error) {
	retired, err := p.retiredKeys()
	if err != nil {
		return nil, err
	}
	return p.backupsOf(retired)
}

// MarkBackupsDestroyed records that every backup of the retired key label
// was destroyed, and returns the records it marked. It refuses a key whose
// secret is still needed or in the vault.
func (p *Package) MarkBackupsDestroyed(label string, when time.Time) ([]BackupRecord, error) {
	if err := checkLabel(label); err != nil {
		return nil, err
	}
	unlock, err := p.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	retired, err := p.retiredKeys()
	if err != nil {
		return nil, err
	}
	if !slices.Contains(retired, label) {
		return nil, fmt.Errorf("%s of %s is not a retired key (retired: %s): its backups may be the only way back to it; keep them", label, p.Name, orNone(retired))
	}
	todo, err := p.backupsOf([]string{label})
	if err != nil {
		return nil, err
	}
	if len(todo) == 0 {
		return nil, fmt.Errorf("no backup of %s of %s is recorded as still to destroy", label, p.Name)
	}
	list, err := p.Backups()
	if err != nil {
		return nil, err
	}
	when = when.UTC()
	var marked []BackupRecord
	for i := range list {
		if slices.ContainsFunc(todo, func(r BackupRecord) bool {
			return r.Label == list[i].Label && r.Kind == list[i].Kind && r.Location == list[i].Location && r.Fingerprint == list[i].Fingerprint
		}) {
			list[i].Destroyed = &when
			marked = append(marked, list[i])
		}
	}
	data, err := json.MarshalIndent(backupsFile{Version: backupsVersion, Backups: list}, "", "  ")
	if err != nil {
		return nil, err
	}
	return marked, writeReplace(p.backupsPath(), append(data, '\n'))
}

// describeBackups names backups for a reminder: "K1 file /media/usb/...".
func describeBackups(recs []BackupRecord) string {
	var parts []string
	for _, r := range recs {
		parts = append(parts, fmt.Sprintf("%s %s %s", r.Label, r.Kind, r.Location))
	}
	return strings.Join(parts, "; ")
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// UnprovenBackups lists the keys whose secret is in the vault but that have
// no restore-tested backup (of any kind) yet, recovery first. A key whose
// only copy is the vault is lost with the vault's disk.
func (p *Package) UnprovenBackups() ([]string, error) {
	keys, err := p.Keys()
	if err != nil {
		return nil, err
	}
	recs, err := p.Backups()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range keys {
		if !k.HasSecret {
			continue
		}
		fp := k.Public.Fingerprint().Hex()
		if !slices.ContainsFunc(recs, func(r BackupRecord) bool { return r.RestoreTested && r.Fingerprint == fp }) {
			out = append(out, k.Label)
		}
	}
	return out, nil
}

// BackupParams say which keys to back up and where.
type BackupParams struct {
	Package string
	// Folder is where the backups go: removable media, outside any git
	// work tree. Files are written under BackupDir(Folder, Package).
	Folder string
	// Labels are the keys to back up; every key whose secret is in the
	// vault when empty.
	Labels []string
}

// backupTo is a backup of some of a package's keys to a chosen folder,
// which backupSetup checks.
type backupTo struct {
	base
	bp     BackupParams
	dir    string   // the package's backup folder on the chosen medium
	labels []string // the keys to back up
}

// params are a backup's journal parameters.
func (b *backupTo) params() map[string]string {
	return map[string]string{"package": b.p.Name, "folder": b.dir, "labels": strings.Join(b.labels, ",")}
}

// backupSetup opens the session of a backup and checks its folder and
// keys. The caller closes the session.
func (v *Vault) backupSetup(opts Options, ui *UI, bp BackupParams) (*backupTo, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	b, err := v.backupCheck(s, bp)
	if err != nil {
		s.close()
		return nil, err
	}
	return b, nil
}

func (v *Vault) backupCheck(s *session, bp BackupParams) (*backupTo, error) {
	p := v.Package(bp.Package)
	dir, err := backupFolder(v, bp.Folder, bp.Package, s.ui)
	if err != nil {
		return nil, err
	}
	labels := bp.Labels
	if len(labels) == 0 {
		keys, err := p.Keys()
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k.HasSecret {
				labels = append(labels, k.Label)
			}
		}
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("%s has no secret keys in the vault %s to back up", bp.Package, v.Dir)
	}
	for _, l := range bp.Labels {
		if err := checkLabel(l); err != nil {
			return nil, err
		}
	}
	for _, l := range labels {
		if _, err := os.Stat(p.KeyPath(l)); err != nil {
			return nil, fmt.Errorf("no secret key %s for %s in the vault: %w", l, bp.Package, err)
		}
	}
	return &backupTo{base{p, s}, bp, dir, labels}, nil
}

// checkLabel accepts the labels of vault keys: "recovery" and K<n>.
func checkLabel(label string) error {
	if label == "recovery" {
		return nil
	}
	if n := keyOrder(label); strings.HasPrefix(label, "K") && n >= 1 && strconv.Itoa(n) == label[1:] {
		return nil
	}
	return fmt.Errorf("key label %q: expected \"recovery\" or K<n>", label)
}

// backupFolder checks the chosen folder and returns the package's backup
// directory inside it.
func backupFolder(v *Vault, folder, pkg string, ui *UI) (string, error) {
	if folder == "" {
		return "", fmt.Errorf("no backup folder given: choose a folder on removable media")
	}
	abs, err := filepath.Abs(folder)
	if err != nil {
		return "", err
	}
	if root := gitWorkTree(abs); root != "" {
		return "", fmt.Errorf("backup folder %s is %w at %s: a backup there could be committed and published; choose a folder on removable media, outside any repository", abs, ErrInGitWorkTree, root)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("backup folder: %w", err)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("backup folder %s is not a directory", abs)
	}
	if sameDevice(abs, v.Dir) {
		ui.say(Warning, "the backup folder %s is on the same disk as the vault: it guards against mistakes, not against losing the disk; use removable media", abs)
	}
	return BackupDir(abs, pkg), nil
}

func sameDevice(a, b string) bool {
	var sa, sb syscall.Stat_t
	if syscall.Stat(a, &sa) != nil || syscall.Stat(b, &sb) != nil {
		return false
	}
	return sa.Dev == sb.Dev
}

// putFile writes a backup file that must not exist yet; a file that is
// already there with the same contents (a resumed ceremony) is fine.
func putFile(path string, data []byte, secret bool) error {
	if old, err := os.ReadFile(path); err == nil {
		if bytes.Equal(old, data) {
			return nil
		}
		return fmt.Errorf("%s already exists with other contents; Baton never overwrites a backup: choose another folder or move the old one away", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if secret {
		return writeSecret(path, data)
	}
	return writeNew(path, data, 0o644)
}

func fileRecord(path string, data []byte) FileRecord {
	return FileRecord{Name: path, SHA256: fmt.Sprintf("%x", sha256.Sum256(data))}
}

// BackupFiles copies the encrypted key files to the chosen folder, then
// restore-tests every copy: it reads it back, decrypts it with the
// passphrase (asked for here: the test proves the passphrase is known too)
// and compares it with the vault's public key. Only then is the copy
// recorded in backups.json. It ends with a signed transcript.
func (v *Vault) BackupFiles(ctx context.Context, ui *UI, opts Options, bp BackupParams) (*Outcome, error) {
	b, err := v.backupSetup(opts, ui, bp)
	if err != nil {
		return nil, err
	}
	defer b.s.close()
	f := &fileBackup{b}
	return b.p.perform(ctx, b.s, f.declare())
}

// fileBackup is a backup of keys as copies of their encrypted key files.
type fileBackup struct{ *backupTo }

func (f *fileBackup) declare() declared {
	return declared{
		name:   "backup-files",
		params: f.params(),
		plan:   BackupFilesPlan(f.bp),
		steps: map[string]stepFunc{
			"readiness":    f.readiness,
			"copy":         f.copy,
			"restore-test": f.restoreTest,
		},
		closing: func(j *journal, out *Outcome) error {
			out.Folder = f.dir
			for _, l := range f.labels {
				out.Copies = append(out.Copies, filepath.Join(f.dir, l+".sec"), filepath.Join(f.dir, l+".pub"))
			}
			return nil
		},
	}
}

func (f *fileBackup) copy(ctx context.Context, j *journal) (string, error) {
	return f.p.copyKeyFiles(f.dir, f.labels, j)
}

func (f *fileBackup) restoreTest(ctx context.Context, j *journal) (string, error) {
	return f.p.proveKeyFiles(f.s, f.dir, f.labels, j)
}

// copyKeyFiles copies the encrypted .sec and the .pub of each label into
// dir, never overwriting.
func (p *Package) copyKeyFiles(dir string, labels []string, j *journal) (string, error) {
	for _, l := range labels {
		for _, ext := range []string{".sec", ".pub"} {
			data, err := os.ReadFile(p.path("keys", l+ext))
			if err != nil {
				return "", err
			}
			dst := filepath.Join(dir, l+ext)
			if err := putFile(dst, data, ext == ".sec"); err != nil {
				return "", err
			}
			j.addFile(fileRecord(dst, data))
		}
	}
	return fmt.Sprintf("%d key files copied to %s", len(labels), dir), nil
}

// proveKeyFiles restore-tests the copies in dir: each is read back,
// decrypted with the passphrase and matched with its .pub; only then is it
// recorded in backups.json.
func (p *Package) proveKeyFiles(s *session, dir string, labels []string, j *journal) (string, error) {
	for _, l := range labels {
		path := filepath.Join(dir, l+".sec")
		data, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		enc, err := signify.ParseSecretKey(path, data)
		if err != nil {
			return "", err
		}
		k, err := p.proveKey(s, l, enc, path)
		if err != nil {
			return "", err
		}
		pubData, err := os.ReadFile(filepath.Join(dir, l+".pub"))
		if err != nil {
			return "", err
		}
		if pub, err := signify.ParsePublicKey(filepath.Join(dir, l+".pub"), pubData); err != nil || !pub.Equal(k.Public("")) {
			return "", fmt.Errorf("restore test of %s failed: the copied public key %s.pub does not match the secret key", l, l)
		}
		j.addKey(keyRecord(l, "backed up (file)", k.Public("")))
		if err := p.recordBackup(BackupRecord{
			Label: l, Kind: BackupFile, Location: path, Time: s.now(), Fingerprint: k.Public("").Fingerprint().Hex(),
			RestoreTested: true, Detail: "copy read back, decrypted with the passphrase and matched " + l + ".pub",
			Files: []FileRecord{fileRecord(path, data), fileRecord(filepath.Join(dir, l+".pub"), pubData)},
		}); err != nil {
			return "", err
		}
	}
	s.ui.say(Info, "backups in %s are restore-tested; keep that medium offline and apart from this machine: the passphrase still protects the copies", dir)
	return fmt.Sprintf("restored and matched: %v", labels), nil
}

// expectedPublic returns the public key a restored key labelled label must
// have: the vault's .pub, or when that is lost too, a key the chain names
// (the recovery key in force for "recovery"; for K<n>, with found false,
// any key the chain announced, checked by the caller).
func (p *Package) expectedPublic(label string) (pub *signify.PublicKey, fromChain bool, err error) {
	if pub, err := p.PublicKey(label); err == nil {
		return pub, false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	entries, err := p.Chain()
	if err != nil {
		return nil, false, err
	}
	if label == "recovery" {
		if h := HeldBy(entries); h != nil {
			return h.Recovery, true, nil
		}
	}
	return nil, true, nil
}

// proveKey decrypts enc with the session's passphrase and checks that it
// is key label of the package. from names the backup in errors.
func (p *Package) proveKey(s *session, label string, enc *signify.EncryptedSecretKey, from string) (*signify.SecretKey, error) {
	want, fromChain, err := p.expectedPublic(label)
	if err != nil {
		return nil, err
	}
	var pass []byte
	if enc.Encrypted() {
		if pass, err = s.passphrase(p, false); err != nil {
			return nil, err
		}
	}
	k, err := OpenKeyFile(context.Background(), s.ui, enc, pass)
	if err != nil {
		s.forget()
		return nil, fmt.Errorf("restore test of %s from %s failed: %w", label, from, err)
	}
	got := k.Public("")
	switch {
	case want != nil && !got.Equal(want):
		return nil, fmt.Errorf("restore test of %s from %s failed: %w (%s), not %s (%s)",
			label, from, ErrOtherKey, got.Fingerprint().WordString(), label, want.Fingerprint().WordString())
	case want == nil && fromChain:
		entries, err := p.Chain()
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(entries, func(e *chain.SignedEntry) bool { return e.Next.Equal(got) }) {
			return nil, fmt.Errorf("restore of %s from %s: the vault has no %s.pub and the chain never announced this key (%s), so nothing proves it is %s",
				label, from, label, got.Fingerprint().WordString(), label)
		}
	}
	return k, nil
}

// ErrOtherKey is a backup that decrypts but holds another key than the
// one it is restored as (see BackupOf for which one it may be).
var ErrOtherKey = errors.New("it holds another key")

// BackupOf guesses which of the package's keys a key backup holds, by its
// key number (which a signify secret key file keeps in the clear); "" when
// none matches or the backup cannot be read.
func (p *Package) BackupOf(from string) string {
	enc, _, err := ReadKeyBackup(from)
	if err != nil {
		return ""
	}
	keys, err := p.Keys()
	if err != nil {
		return ""
	}
	for _, k := range keys {
		if k.Public.KeyNum == enc.KeyNum {
			return k.Label
		}
	}
	return ""
}

// ReadKeyBackup reads a key backup from a file: a signify secret key file
// (a backup copy), the paper key text typed back from a sheet, or a photo or
// scan (PNG, JPEG) of a sheet's QR code. It returns the key, still
// encrypted, and which kind of backup the file was.
func ReadKeyBackup(path string) (*signify.EncryptedSecretKey, BackupKind, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if bytes.HasPrefix(data, []byte("untrusted comment: ")) {
		enc, err := signify.ParseSecretKey(path, data)
		return enc, BackupFile, err
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		payload, err := ScanQR(img)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		enc, err := KeyFromQR(payload)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		return enc, BackupPaper, nil
	}
	enc, err := backup.DecodePaperKey(path, string(data))
	return enc, BackupPaper, err
}

// RestoreParams name a key to restore and the backup to restore it from.
type RestoreParams struct {
	Package string
	Label   string // the key: "recovery" or "K<n>"
	// From is the backup: a copy of the key file, the paper key text typed
	// into a file, or a photo or scan of the sheet's QR code (see
	// ReadKeyBackup).
	From string
	// Check only proves the backup (decrypt, compare, record it in
	// backups.json) and writes no key file: the way to restore-test a
	// printed sheet or an old copy while the vault still holds the key.
	Check bool
}

// Restore restores a key into the vault from a backup: it reads the
// backup, decrypts it with the passphrase, checks it against the vault's
// public key (or, when that is lost too, the chain), records the backup as
// proven and writes keys/<label>.sec, never over an existing file. With
// Check it only proves and records the backup.
func (v *Vault) Restore(ctx context.Context, ui *UI, opts Options, rp RestoreParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	if err := checkLabel(rp.Label); err != nil {
		return nil, err
	}
	from, err := filepath.Abs(rp.From)
	if err != nil {
		return nil, err
	}
	// A copy inside a work tree is not a backup to keep, let alone to
	// record as restore-tested: it is a key waiting to be committed.
	if err := CheckSecretKeyFile("the backup", from); err != nil {
		return nil, err
	}
	p := v.Package(rp.Package)
	if _, err := os.Stat(p.KeyPath(rp.Label)); err == nil && !rp.Check {
		if j, _ := p.loadJournal(); j == nil || j.Ceremony != "restore" {
			return nil, fmt.Errorf("the vault already holds the secret key %s of %s; to restore-test a backup without writing a key, use the check mode", rp.Label, rp.Package)
		}
	}
	r := &restore{base: base{p, s}, rp: rp, from: from}
	return p.perform(ctx, s, r.declare())
}

// restore is the restore (or restore check) of one key from one backup.
type restore struct {
	base
	rp   RestoreParams
	from string // the backup, absolute
	// The backup, once read and proven (recorded in backups.json).
	enc *signify.EncryptedSecretKey
	k   *signify.SecretKey
}

func (r *restore) declare() declared {
	name := "restore"
	if r.rp.Check {
		name = "restore-check"
	}
	return declared{
		name:   name,
		params: map[string]string{"package": r.rp.Package, "label": r.rp.Label, "from": r.from},
		plan:   RestorePlan(r.rp),
		steps: map[string]stepFunc{
			"readiness":    r.readiness,
			"restore-test": r.restoreTest,
			"install":      r.install,
		},
	}
}

// load reads and proves the backup, once per run.
func (r *restore) load() error {
	if r.k != nil {
		return nil
	}
	enc, kind, err := ReadKeyBackup(r.from)
	if err != nil {
		return err
	}
	r.enc = enc
	if r.k, err = r.p.proveKey(r.s, r.rp.Label, enc, r.from); err != nil {
		return err
	}
	return r.p.recordBackup(BackupRecord{
		Label: r.rp.Label, Kind: kind, Location: r.from, Time: r.s.now(), Fingerprint: r.k.Public("").Fingerprint().Hex(),
		RestoreTested: true, Detail: fmt.Sprintf("restored from the %s backup, decrypted with the passphrase and matched", kind),
	})
}

func (r *restore) restoreTest(ctx context.Context, j *journal) (string, error) {
	if err := r.load(); err != nil {
		return "", err
	}
	j.addKey(keyRecord(r.rp.Label, "restored from backup", r.k.Public("")))
	return fmt.Sprintf("%s from %s matches %s", r.rp.Label, r.from, r.k.Public("").Fingerprint().WordString()), nil
}

// install writes the restored key into the vault, never over a file.
func (r *restore) install(ctx context.Context, j *journal) (string, error) {
	if err := r.load(); err != nil {
		return "", err
	}
	p, label := r.p, r.rp.Label
	if err := os.MkdirAll(p.path("keys"), 0o700); err != nil {
		return "", err
	}
	secPath, data := p.KeyPath(label), r.enc.Marshal()
	if err := putFile(secPath, data, true); err != nil {
		return "", err
	}
	if _, err := os.Stat(p.PublicKeyPath(label)); errors.Is(err, fs.ErrNotExist) {
		if err := writeNew(p.PublicKeyPath(label), r.k.Public(keyComment(r.rp.Package, label)).Marshal(), 0o644); err != nil {
			return "", err
		}
	}
	j.addFile(fileRecord(secPath, data))
	return "wrote " + secPath, nil
}

// head returns the newest chain entry, or nil.
func (p *Package) head() *chain.SignedEntry {
	entries, err := p.Chain()
	if err != nil || len(entries) == 0 {
		return nil
	}
	return entries[len(entries)-1]
}
