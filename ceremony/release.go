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
	"strings"

	"github.com/baton-signing/baton/chain"
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
	files := rp.Files
	if len(files) == 0 {
		if files, err = listFiles(dir); err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no release files in %s", dir)
	}
	params := map[string]string{"package": rp.Package, "version": rp.Version, "dir": dir, "files": strings.Join(files, ",")}
	listPath := filepath.Join(p.releaseDir(rp.Version), "SHA256")
	sigPath := listPath + ".sig"
	var out Outcome
	var signerLabel string

	steps := []step{
		p.readinessStep(s),
		{name: "hash", title: "hash the release files", run: func(ctx context.Context, j *journal) (string, error) {
			list, err := chain.HashFiles(ctx, dir, files, ui.progress("hashing "+rp.Version))
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
		{name: "sign", title: "sign the checksum list with the key in force", run: func(ctx context.Context, j *journal) (string, error) {
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
				return "", fmt.Errorf("%w: the key in force (%s) is not in this vault: it was lost; replace it with the recovery key (baton rekey)", ErrKeyLost, entries[len(entries)-1].Next.Fingerprint().WordString())
			}
			signerLabel = ks.inForce
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
			list, err := chain.ParseChecksumList(listPath, data)
			if err != nil {
				return "", err
			}
			sig, err := chain.SignChecksumList(k, list, fmt.Sprintf("%s %s: signify -C -p %s.pub -x SHA256.sig", rp.Package, rp.Version, ks.inForce))
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
		{name: "entry", title: "append the release entry announcing the next key", run: func(ctx context.Context, j *journal) (string, error) {
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
			if _, err := chain.FirstTrust(rp.Package, chain.NewChainReader(p.ChainPath(), bytes.NewReader(chain.MarshalChain(next)))); err != nil {
				return "", fmt.Errorf("the new chain does not verify, nothing written: %w", err)
			}
			if err := p.writeChain(next); err != nil {
				return "", err
			}
			out.Head = se
			j.addKey(keyRecord(announce, fmt.Sprintf("announced at position %d", se.Position), ks.public(announce)))
			return fmt.Sprintf("position %d, entry %s, announces %s", se.Position, se.Hash(), announce), nil
		}},
		{name: "generate", title: "generate the release-plus-two key", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			ks, err := p.keyStates(entries)
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
		{name: "restore-test", title: "restore-test the new key from the vault", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			ks, err := p.keyStates(entries)
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
		{name: "retire", title: "retire secret keys no longer needed", run: func(ctx context.Context, j *journal) (string, error) {
			return p.retireOld(s, j)
		}},
	}
	if rp.BackupFolder != "" {
		dir, err := backupFolder(v, rp.BackupFolder, rp.Package, ui)
		if err != nil {
			return nil, err
		}
		params["backup"] = dir
		spares := func() ([]string, error) {
			entries, err := p.Chain()
			if err != nil {
				return nil, err
			}
			ks, err := p.keyStates(entries)
			if err != nil {
				return nil, err
			}
			return ks.spares, nil
		}
		backup := []step{
			{name: "backup", title: "back up the new key to the backup folder", run: func(ctx context.Context, j *journal) (string, error) {
				labels, err := spares()
				if err != nil {
					return "", err
				}
				return p.copyKeyFiles(dir, labels, j)
			}},
			{name: "backup-restore-test", title: "restore-test the backup copy", run: func(ctx context.Context, j *journal) (string, error) {
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
	err = p.run(ctx, s, "release", params, steps, func(j *journal) error {
		entries, err := p.Chain()
		if err != nil {
			return err
		}
		label := signerLabel
		if label == "" {
			label = p.signerOf(entries, rp.Version)
		}
		k, err := p.secretKey(label, s)
		if err != nil {
			return err
		}
		out.Transcript, err = p.writeTranscript(s, j, label, k)
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

// signerOf returns the label of the key that signed a release's entry.
func (p *Package) signerOf(entries []*chain.SignedEntry, version string) string {
	ks, err := p.keyStates(entries)
	if err != nil {
		return ""
	}
	for i, e := range entries {
		if e.Kind == chain.KindRelease && e.Version == version && i > 0 {
			for _, k := range ks.keys {
				if entries[i-1].Next.Equal(k.Public) {
					return k.Label
				}
			}
		}
	}
	return ""
}

// retireOld offers to delete the secret keys of releases before the one
// just signed: K_N stays for patch releases of N, K_{N+1} and K_{N+2} are
// the spares. Nothing is deleted without confirmation.
func (p *Package) retireOld(s *session, j *journal) (string, error) {
	entries, err := p.Chain()
	if err != nil {
		return "", err
	}
	ks, err := p.keyStates(entries)
	if err != nil {
		return "", err
	}
	// The signer of the newest release is the key announced by the entry
	// before the head.
	if len(entries) < 2 {
		return "nothing to retire", nil
	}
	keep := 0
	for _, k := range ks.keys {
		if entries[len(entries)-2].Next.Equal(k.Public) {
			keep = ks.announce[k.Label]
		}
	}
	var old []string
	for _, k := range ks.keys {
		if pos, ok := ks.announce[k.Label]; ok && k.HasSecret && pos < keep {
			old = append(old, k.Label)
		}
	}
	if len(old) == 0 {
		return "nothing to retire", nil
	}
	ok, err := s.ui.confirm(fmt.Sprintf("Delete the secret keys %s? They signed older releases and are no longer needed (their public keys stay). Make sure no patch release of those versions is still planned.", strings.Join(old, ", ")))
	if err != nil {
		return "", err
	}
	if !ok {
		j.Notes = append(j.Notes, "kept secret keys "+strings.Join(old, ", ")+" (retirement declined)")
		return "kept " + strings.Join(old, ", "), nil
	}
	for _, l := range old {
		if err := p.retire(l); err != nil {
			return "", err
		}
		j.addKey(keyRecord(l, "retired (secret deleted)", ks.public(l)))
	}
	return "deleted secret keys " + strings.Join(old, ", "), nil
}

// checkLeaks refuses to sign with a key whose secret text appears in the
// package repository (Options.Repo).
func (p *Package) checkLeaks(s *session, label string, k *chain.SecretKey) error {
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

// listFiles returns every regular file under dir, relative, sorted.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != dir {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("release directory %s does not exist", dir)
	}
	return out, err
}
