package ceremony

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// ReleaseParams name a release and its files.
type ReleaseParams struct {
	Package string
	Version string
	Dir     string   // the directory holding the release files
	Files   []string // names relative to Dir; every regular file in Dir when empty
	// BackupFolder, when set, receives a copy of the new release-plus-two
	// key, restore-tested before the ceremony ends (removable media).
	BackupFolder string
	// IncludeDotfiles signs files and directories whose name starts with
	// '.'; without it a directory holding any is refused (a forgotten .env
	// would have its hash published). Symlinks are always refused.
	IncludeDotfiles bool
	// KeepUsedKey keeps the secret of the key that signed this release
	// (and of any earlier one still in the vault) instead of wiping it.
	KeepUsedKey bool
}

// ReleaseFile is one file a release signs.
type ReleaseFile struct {
	Name string // relative to the release directory, '/'-separated
	Size int64
}

// SignatureName is the name of a release's signed checksum list, which
// the release ceremony also copies beside the release files.
const SignatureName = "SHA256.sig"

// ErrReleaseFiles is a release directory holding what a release does not
// sign silently: symlinks, other non-regular files, and (unless asked)
// dotfiles.
var ErrReleaseFiles = errors.New("the release directory holds files that are not signed silently")

// ReleaseFiles returns the files a release of dir signs, with their sizes:
// the named files, or every regular file under dir, subdirectories
// included, sorted, but not a SHA256.sig at its top (the copy a release
// leaves beside its files). It refuses symlinks and other non-regular files, and
// dotfiles (files or directories whose name starts with '.') unless
// includeDotfiles; named files count as asked for.
func ReleaseFiles(dir string, names []string, includeDotfiles bool) ([]ReleaseFile, error) {
	var out []ReleaseFile
	var links, odd, dots []string
	if len(names) > 0 {
		for _, n := range names {
			st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n)))
			if err != nil {
				return nil, err
			}
			switch {
			case st.Mode()&fs.ModeSymlink != 0:
				links = append(links, n)
			case !st.Mode().IsRegular():
				odd = append(odd, n)
			default:
				out = append(out, ReleaseFile{Name: n, Size: st.Size()})
			}
		}
	} else {
		scan, err := ScanRelease(dir)
		if err != nil {
			return nil, err
		}
		out, links, odd = scan.Signed(includeDotfiles), scan.Symlinks, scan.Odd
		if !includeDotfiles {
			dots = scan.Dotfiles
		}
	}
	var why []string
	if len(links) > 0 {
		why = append(why, fmt.Sprintf("symlinks, which a release never signs (put the file itself there): %s", strings.Join(quoteNames(links), ", ")))
	}
	if len(odd) > 0 {
		why = append(why, fmt.Sprintf("files that are not regular files: %s", strings.Join(quoteNames(odd), ", ")))
	}
	if len(dots) > 0 {
		why = append(why, fmt.Sprintf("dotfiles, signed only when asked for (include dotfiles): %s", strings.Join(quoteNames(dots), ", ")))
	}
	if len(why) > 0 {
		return nil, fmt.Errorf("%w: %s holds %s", ErrReleaseFiles, dir, strings.Join(why, "; and "))
	}
	return out, nil
}

// quoteNames shows file names from a directory the release did not make:
// any name that is not plain printable text is quoted.
func quoteNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		for _, r := range n {
			if r < 0x20 || r == 0x7f || r == ' ' || r == '"' || !strconv.IsPrint(r) {
				out[i] = strconv.Quote(n)
				break
			}
		}
	}
	return out
}

// releaseDir is where a release's checksum list and signature are kept.
func (p *Package) releaseDir(version string) string { return p.path("releases", version) }

// Release runs the release ceremony for release N: hash the files, sign
// the checksum list with K_N (the key in force), append the release entry
// announcing K_{N+1}, generate K_{N+2} and restore-test it, offer to retire
// keys no longer needed, and sign a transcript. Run again after an
// interruption, it resumes where it stopped.
func (v *Vault) Release(ctx context.Context, ui *UI, opts Options, rp ReleaseParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	if err := chain.CheckVersion(rp.Version); err != nil {
		return nil, err
	}
	p, entries, err := v.openChain(rp.Package)
	if err != nil {
		return nil, err
	}
	if to, at, ok := p.handedOver(entries); ok {
		return nil, fmt.Errorf("%s was handed over to %q at position %d: this vault no longer signs it", rp.Package, to, at)
	}
	r := &release{base: base{p, s}, rp: rp}
	if r.dir, err = filepath.Abs(rp.Dir); err != nil {
		return nil, err
	}
	listed, err := ReleaseFiles(r.dir, rp.Files, rp.IncludeDotfiles)
	if err != nil {
		return nil, err
	}
	if len(listed) == 0 {
		return nil, fmt.Errorf("no release files in %s", r.dir)
	}
	for _, f := range listed {
		r.files = append(r.files, f.Name)
	}
	if rp.BackupFolder != "" {
		if r.backupDir, err = backupFolder(v, rp.BackupFolder, rp.Package, ui); err != nil {
			return nil, err
		}
	}
	return p.perform(ctx, s, r.declare())
}

// release is the release ceremony of one version.
type release struct {
	base
	rp        ReleaseParams
	dir       string   // the release directory, absolute
	files     []string // the files it signs, relative to dir
	backupDir string   // where the new key's backup goes, if asked
}

func (r *release) declare() declared {
	params := map[string]string{"package": r.rp.Package, "version": r.rp.Version, "dir": r.dir, "files": strings.Join(r.files, ",")}
	// Only set when asked, so that a journal of an older Baton resumes.
	if r.rp.IncludeDotfiles {
		params["include-dotfiles"] = "yes"
	}
	if r.rp.KeepUsedKey {
		params["keep-used-key"] = "yes"
	}
	if r.backupDir != "" {
		params["backup"] = r.backupDir
	}
	return declared{
		name:   "release",
		params: params,
		plan:   ReleasePlan(r.rp),
		steps: map[string]stepFunc{
			"readiness":           r.readiness,
			"hash":                r.hash,
			"sign":                r.sign,
			"entry":               r.entry,
			"generate":            r.generate,
			"restore-test":        r.restoreTest,
			"backup":              r.backup,
			"backup-restore-test": r.backupRestoreTest,
			"retire":              r.retire,
		},
		closing: r.closing,
		chain:   true,
	}
}

// listPath is the checksum list the release signs.
func (r *release) listPath() string { return r.p.ChecksumsPath(r.rp.Version) }

func (r *release) hash(ctx context.Context, j *journal) (string, error) {
	// The key in force opens with the passphrase before the files are
	// hashed: a mistyped passphrase must not cost a hash of gigabytes.
	if ks, err := r.state(); err == nil && ks.inForce != "" && keyHasSecret(ks.keys, ks.inForce) {
		if _, err := r.p.secretKey(ks.inForce, r.s); err != nil {
			return "", err
		}
	}
	list, err := signify.HashFiles(ctx, r.dir, r.files, r.s.ui.progress("hashing "+r.rp.Version))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(r.p.releaseDir(r.rp.Version), 0o755); err != nil {
		return "", err
	}
	for _, c := range list {
		j.addFile(FileRecord{Name: c.Name, SHA256: c.Hex()})
	}
	return fmt.Sprintf("%d files", len(list)), writeReplace(r.listPath(), list.Marshal())
}

// sign signs the checksum list with the key in force.
func (r *release) sign(ctx context.Context, j *journal) (string, error) {
	p, sigPath := r.p, r.p.SignaturePath(r.rp.Version)
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	if done, err := p.releasedAlready(ks.entries, r.rp.Version, sigPath); done || err != nil {
		return "already in the chain", err
	}
	if ks.inForce == "" {
		return "", fmt.Errorf("%w: the key in force (%s) is not in this vault: it was lost; replace it with the recovery key (a re-key)", ErrKeyLost, ks.head().Next.Fingerprint().WordString())
	}
	k, err := p.secretKey(ks.inForce, r.s)
	if err != nil {
		return "", err
	}
	if err := p.checkLeaks(r.s, ks.inForce, k); err != nil {
		return "", err
	}
	data, err := os.ReadFile(r.listPath())
	if err != nil {
		return "", err
	}
	list, err := signify.ParseChecksumList(r.listPath(), data)
	if err != nil {
		return "", err
	}
	sig, err := signify.SignChecksumList(k, list, fmt.Sprintf("%s %s: signify -C -p %s.pub -x SHA256.sig", r.rp.Package, r.rp.Version, ks.inForce))
	if err != nil {
		return "", err
	}
	if err := writeReplace(sigPath, sig.Marshal()); err != nil {
		return "", err
	}
	j.addKey(keyRecord(ks.inForce, "signs release "+r.rp.Version, ks.public(ks.inForce)))
	j.addFile(FileRecord{Name: "SHA256.sig", SHA256: fmt.Sprintf("%x", sha256.Sum256(sig.Marshal()))})
	return "signed by " + ks.inForce, nil
}

// entry appends the release entry, which announces the oldest spare key.
func (r *release) entry(ctx context.Context, j *journal) (string, error) {
	p, sigPath := r.p, r.p.SignaturePath(r.rp.Version)
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	if done, err := p.releasedAlready(ks.entries, r.rp.Version, sigPath); done || err != nil {
		return "already appended", err
	}
	sigData, err := os.ReadFile(sigPath)
	if err != nil {
		return "", err
	}
	if len(ks.spares) == 0 {
		return "", fmt.Errorf("no spare key to announce: every release needs K_{N+1} generated in advance; the vault is missing it")
	}
	announce := ks.spares[0]
	e := chain.Follow(ks.head(), chain.KindRelease, ks.public(announce), r.s.now())
	e.Version, e.Checksums = r.rp.Version, sha256.Sum256(sigData)
	k, err := p.secretKey(ks.inForce, r.s)
	if err != nil {
		return "", err
	}
	se, err := chain.SignEntry(e, k)
	if err != nil {
		return "", err
	}
	if err := p.appendVerified(ks.entries, se); err != nil {
		return "", err
	}
	j.addKey(keyRecord(announce, fmt.Sprintf("announced at position %d", se.Position), ks.public(announce)))
	return fmt.Sprintf("position %d, entry %s, announces %s", se.Position, se.Hash(), announce), nil
}

// generate makes the release-plus-two key, unless a spare exists.
func (r *release) generate(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	if len(ks.spares) > 0 {
		return "spare key " + ks.spares[0] + " already exists", nil
	}
	pass, err := r.p.checkedPassphrase(r.s)
	if err != nil {
		return "", err
	}
	label := fmt.Sprintf("K%d", ks.next)
	pub, err := r.p.newKey(label, keyComment(r.rp.Package, label), pass)
	if err != nil {
		return "", err
	}
	j.addKey(keyRecord(label, "new spare (release plus two)", pub))
	return label + " " + pub.Fingerprint().WordString(), nil
}

// restoreTest restore-tests the spare keys from the vault.
func (r *release) restoreTest(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	return r.base.restoreTest(ks.spares...)(ctx, j)
}

// backup copies the spare keys to the backup folder.
func (r *release) backup(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	return r.p.copyKeyFiles(r.backupDir, ks.spares, j)
}

// backupRestoreTest proves the copies the backup step made.
func (r *release) backupRestoreTest(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	return r.p.proveKeyFiles(r.s, r.backupDir, ks.spares, j)
}

func (r *release) retire(ctx context.Context, j *journal) (string, error) {
	return r.p.retireUsed(j, r.rp.KeepUsedKey)
}

// closing reports the keys the release wiped: the key that signed it was
// wiped by now (unless kept), so the key in force, which the release
// announced, signs the transcript.
func (r *release) closing(j *journal, out *Outcome) error {
	out.Wiped = splitList(j.Data["wiped"])
	var err error
	if out.Destroy, err = r.p.backupsOf(out.Wiped); err != nil {
		return err
	}
	// SHA256.sig is published beside the release files: a copy goes there
	// (the vault keeps its own), named in the outcome.
	sig, err := os.ReadFile(r.p.SignaturePath(r.rp.Version))
	if err != nil {
		return err
	}
	beside := filepath.Join(r.dir, SignatureName)
	if err := writeReplace(beside, sig); err != nil {
		return fmt.Errorf("copying %s beside the release files: %w", SignatureName, err)
	}
	j.Notes = append(j.Notes, "copied "+SignatureName+" beside the release files: "+beside)
	out.Signature, out.Folder = beside, r.backupDir
	return nil
}

// releasedAlready reports whether the chain's head already is this
// release's entry (a resumed ceremony), and refuses a version released
// before.
func (p *Package) releasedAlready(entries []*chain.SignedEntry, version, sigPath string) (bool, error) {
	for i, e := range entries {
		if e.Kind != chain.KindRelease || e.Version != version {
			continue
		}
		sig, err := os.ReadFile(sigPath)
		if i == len(entries)-1 && err == nil && chain.Hash(sha256.Sum256(sig)) == e.Checksums {
			return true, nil
		}
		return false, fmt.Errorf("version %s was already released at position %d; choose a new version", version, e.Position)
	}
	return false, nil
}

// retireUsed wipes the secrets of the used release keys: every key the
// chain announced before the key in force. Each version, patch releases
// included, is a release entry of its own signed by the key in force, so a
// used key never signs again, and a thief of one could fork the chain at
// the position it signed. keep keeps them (and says so). The keys to wipe
// are saved in the journal first, so that a ceremony resumed after a crash
// still reports them.
func (p *Package) retireUsed(j *journal, keep bool) (string, error) {
	ks, err := p.currentKeys()
	if err != nil {
		return "", err
	}
	used := usedKeys(ks)
	if keep {
		if len(used) == 0 {
			return "nothing to retire", nil
		}
		j.Notes = append(j.Notes, "kept the secrets of the used keys "+strings.Join(used, ", ")+" (asked to keep them): they sign nothing again; the next release wipes them")
		return "kept " + strings.Join(used, ", ") + " (asked to keep them)", nil
	}
	if _, planned := j.Data["wiped"]; !planned {
		j.set("wiped", strings.Join(used, ","))
		if err := p.saveJournal(j); err != nil {
			return "", err
		}
	}
	wiped := splitList(j.Data["wiped"])
	if len(wiped) == 0 {
		return "nothing to retire", nil
	}
	for _, l := range wiped {
		if err := p.retire(l); err != nil {
			return "", err
		}
		j.addKey(keyRecord(l, "retired (secret wiped)", ks.public(l)))
	}
	detail := "wiped the secrets of " + strings.Join(wiped, ", ") + " from the vault (their public keys stay)"
	recs, err := p.backupsOf(wiped)
	if err != nil {
		return "", err
	}
	if len(recs) > 0 {
		j.Notes = append(j.Notes, "destroy the backups of the wiped keys, then record that they are destroyed: "+describeBackups(recs))
		detail += "; backups still to destroy: " + describeBackups(recs)
	}
	return detail, nil
}

// usedKeys lists the release keys with a secret in the vault that the
// chain announced before the key in force.
func usedKeys(ks *keyState) []string {
	var used []string
	for _, k := range ks.keys {
		if _, announced := ks.announce[k.Label]; announced && k.HasSecret && k.Label != ks.inForce && strings.HasPrefix(k.Label, "K") {
			used = append(used, k.Label)
		}
	}
	return used
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// checkLeaks refuses to sign with a key whose secret text appears in the
// package repository (Options.Repo).
func (p *Package) checkLeaks(s *session, label string, k *signify.SecretKey) error {
	if s.opts.Repo == "" {
		return nil
	}
	secPath := p.path("keys", label+".sec")
	data, err := os.ReadFile(secPath)
	if err != nil {
		return err
	}
	lines := strings.SplitN(string(data), "\n", 3)
	needles := map[string]string{
		"the secret key file " + label + ".sec": lines[1],
		"the decrypted secret key " + label:     base64.StdEncoding.EncodeToString(k.Key),
		"the secret key seed of " + label:       base64.StdEncoding.EncodeToString(k.Key.Seed()),
	}
	return checkRepoForSecrets(s.opts.Repo, needles)
}
