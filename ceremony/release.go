package ceremony

import (
	"bytes"
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

// ErrReleaseFiles is a release directory holding what a release does not
// sign silently: symlinks, other non-regular files, and (unless asked)
// dotfiles.
var ErrReleaseFiles = errors.New("the release directory holds files that are not signed silently")

// ReleaseFiles returns the files a release of dir signs, with their sizes:
// the named files, or every regular file under dir, subdirectories
// included, sorted. It refuses symlinks and other non-regular files, and
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
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path == dir {
				return nil
			}
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if strings.HasPrefix(d.Name(), ".") && !includeDotfiles {
				if d.IsDir() {
					dots = append(dots, rel+"/")
					return filepath.SkipDir
				}
				dots = append(dots, rel)
				return nil
			}
			switch {
			case d.IsDir():
			case d.Type()&fs.ModeSymlink != 0:
				links = append(links, rel)
			case !d.Type().IsRegular():
				odd = append(odd, rel)
			default:
				info, err := d.Info()
				if err != nil {
					return err
				}
				out = append(out, ReleaseFile{Name: rel, Size: info.Size()})
			}
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("release directory %s does not exist", dir)
		}
		if err != nil {
			return nil, err
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
	dir, err := filepath.Abs(rp.Dir)
	if err != nil {
		return nil, err
	}
	listed, err := ReleaseFiles(dir, rp.Files, rp.IncludeDotfiles)
	if err != nil {
		return nil, err
	}
	if len(listed) == 0 {
		return nil, fmt.Errorf("no release files in %s", dir)
	}
	var files []string
	for _, f := range listed {
		files = append(files, f.Name)
	}
	params := map[string]string{"package": rp.Package, "version": rp.Version, "dir": dir, "files": strings.Join(files, ",")}
	// Only set when asked, so that a journal of an older Baton resumes.
	if rp.IncludeDotfiles {
		params["include-dotfiles"] = "yes"
	}
	if rp.KeepUsedKey {
		params["keep-used-key"] = "yes"
	}
	listPath := filepath.Join(p.releaseDir(rp.Version), "SHA256")
	sigPath := listPath + ".sig"
	var out Outcome

	steps := []step{
		p.readinessStep(s),
		{name: "hash", run: func(ctx context.Context, j *journal) (string, error) {
			list, err := signify.HashFiles(ctx, dir, files, ui.progress("hashing "+rp.Version))
			if err != nil {
				return "", err
			}
			if err := os.MkdirAll(p.releaseDir(rp.Version), 0o755); err != nil {
				return "", err
			}
			for _, c := range list {
				j.addFile(FileRecord{Name: c.Name, SHA256: c.Hex()})
			}
			return fmt.Sprintf("%d files", len(list)), writeReplace(listPath, list.Marshal())
		}},
		{name: "sign", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			if done, err := p.releasedAlready(entries, rp.Version, sigPath); done || err != nil {
				return "already in the chain", err
			}
			ks, err := p.keyStates(entries)
			if err != nil {
				return "", err
			}
			if ks.inForce == "" {
				return "", fmt.Errorf("%w: the key in force (%s) is not in this vault: it was lost; replace it with the recovery key (a re-key)", ErrKeyLost, entries[len(entries)-1].Next.Fingerprint().WordString())
			}
			k, err := p.secretKey(ks.inForce, s)
			if err != nil {
				return "", err
			}
			if err := p.checkLeaks(s, ks.inForce, k); err != nil {
				return "", err
			}
			data, err := os.ReadFile(listPath)
			if err != nil {
				return "", err
			}
			list, err := signify.ParseChecksumList(listPath, data)
			if err != nil {
				return "", err
			}
			sig, err := signify.SignChecksumList(k, list, fmt.Sprintf("%s %s: signify -C -p %s.pub -x SHA256.sig", rp.Package, rp.Version, ks.inForce))
			if err != nil {
				return "", err
			}
			if err := writeReplace(sigPath, sig.Marshal()); err != nil {
				return "", err
			}
			j.addKey(keyRecord(ks.inForce, "signs release "+rp.Version, ks.public(ks.inForce)))
			j.addFile(FileRecord{Name: "SHA256.sig", SHA256: fmt.Sprintf("%x", sha256.Sum256(sig.Marshal()))})
			return "signed by " + ks.inForce, nil
		}},
		{name: "entry", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			if done, err := p.releasedAlready(entries, rp.Version, sigPath); done || err != nil {
				out.Head = entries[len(entries)-1]
				return "already appended", err
			}
			sigData, err := os.ReadFile(sigPath)
			if err != nil {
				return "", err
			}
			ks, err := p.keyStates(entries)
			if err != nil {
				return "", err
			}
			if len(ks.spares) == 0 {
				return "", fmt.Errorf("no spare key to announce: every release needs K_{N+1} generated in advance; the vault is missing it")
			}
			announce := ks.spares[0]
			head := entries[len(entries)-1]
			e := chain.Follow(head, chain.KindRelease, ks.public(announce), s.now())
			e.Version, e.Checksums = rp.Version, sha256.Sum256(sigData)
			k, err := p.secretKey(ks.inForce, s)
			if err != nil {
				return "", err
			}
			se, err := chain.SignEntry(e, k)
			if err != nil {
				return "", err
			}
			next := append(entries, se)
			if _, err := chain.FirstTrust(rp.Package, chain.NewReader(p.ChainPath(), bytes.NewReader(chain.Marshal(next)))); err != nil {
				return "", fmt.Errorf("the new chain does not verify, nothing written: %w", err)
			}
			if err := p.writeChain(next); err != nil {
				return "", err
			}
			out.Head = se
			j.addKey(keyRecord(announce, fmt.Sprintf("announced at position %d", se.Position), ks.public(announce)))
			return fmt.Sprintf("position %d, entry %s, announces %s", se.Position, se.Hash(), announce), nil
		}},
		{name: "generate", run: func(ctx context.Context, j *journal) (string, error) {
			ks, err := p.currentKeys()
			if err != nil {
				return "", err
			}
			if len(ks.spares) > 0 {
				return "spare key " + ks.spares[0] + " already exists", nil
			}
			pass, err := p.checkedPassphrase(s)
			if err != nil {
				return "", err
			}
			label := fmt.Sprintf("K%d", ks.next)
			pub, err := p.newKey(label, keyComment(rp.Package, label), pass)
			if err != nil {
				return "", err
			}
			j.addKey(keyRecord(label, "new spare (release plus two)", pub))
			return label + " " + pub.Fingerprint().WordString(), nil
		}},
		{name: "restore-test", run: func(ctx context.Context, j *journal) (string, error) {
			ks, err := p.currentKeys()
			if err != nil {
				return "", err
			}
			for _, l := range ks.spares {
				if _, err := p.restoreTest(l, s); err != nil {
					return "", fmt.Errorf("restore test of %s failed: %w", l, err)
				}
			}
			return fmt.Sprintf("decrypted and matched: %v", ks.spares), nil
		}},
		{name: "retire", run: func(ctx context.Context, j *journal) (string, error) {
			return p.retireUsed(j, rp.KeepUsedKey)
		}},
	}
	if rp.BackupFolder != "" {
		dir, err := backupFolder(v, rp.BackupFolder, rp.Package, ui)
		if err != nil {
			return nil, err
		}
		params["backup"] = dir
		spares := func() ([]string, error) {
			ks, err := p.currentKeys()
			if err != nil {
				return nil, err
			}
			return ks.spares, nil
		}
		backup := []step{
			{name: "backup", run: func(ctx context.Context, j *journal) (string, error) {
				labels, err := spares()
				if err != nil {
					return "", err
				}
				return p.copyKeyFiles(dir, labels, j)
			}},
			{name: "backup-restore-test", run: func(ctx context.Context, j *journal) (string, error) {
				labels, err := spares()
				if err != nil {
					return "", err
				}
				return p.proveKeyFiles(s, dir, labels, j)
			}},
		}
		// After the restore test from the vault, before retiring old keys.
		steps = append(steps[:6], append(backup, steps[6:]...)...)
	}
	err = p.run(ctx, s, "release", params, ReleasePlan(rp), steps, func(j *journal) error {
		// The key that signed the release was wiped by now (unless kept):
		// the key in force, which the release announced, signs.
		out.Wiped = splitList(j.Data["wiped"])
		if out.Destroy, err = p.backupsOf(out.Wiped); err != nil {
			return err
		}
		out.Transcript, err = p.signTranscript(s, j)
		return err
	})
	if err != nil {
		return nil, err
	}
	entries, err = p.Chain()
	if err != nil {
		return nil, err
	}
	out.Head = entries[len(entries)-1]
	out.Files = []string{p.ChainPath(), sigPath}
	return &out, nil
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
