package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// releaseReport is what release prints with --json.
type releaseReport struct {
	Package    string   `json:"package"`
	Version    string   `json:"version"`
	Position   uint64   `json:"position"`
	Entry      string   `json:"entry"`
	SignedWith *keyJSON `json:"signed_with,omitempty"`
	Next       *keyJSON `json:"next_key"`
	Chain      string   `json:"chain"`
	Signature  string   `json:"signature"` // the copy beside the release files
	// VaultSignature is the vault's own copy of the signature.
	VaultSignature string   `json:"vault_signature"`
	PublicKey      string   `json:"public_key_file,omitempty"`
	Signify        string   `json:"signify_command,omitempty"`
	Transcript     string   `json:"transcript"`
	Publish        []string `json:"publish"`
	Files          []string `json:"files"`      // the files signed, relative to --dir
	TotalSize      int64    `json:"total_size"` // their size in bytes
	// Wiped are the keys whose secret the release wiped from the vault;
	// Destroy, the backups of them that remain to be destroyed.
	Wiped   []string                `json:"wiped_keys"`
	Destroy []ceremony.BackupRecord `json:"backups_to_destroy"`

	keptUsed bool // --keep-used-key: the used keys' secrets were kept
}

// releaseRequest is a release as the command line asks for it.
type releaseRequest struct {
	pkg, version, dir  string
	repo, backup       string
	dotfiles, keepUsed bool
	files              []string // relative to dir, slash-separated; none for every file
	cf                 ceremonyFlags
}

func cmdRelease(e *env, args []string) error {
	req, err := parseRelease(e, args)
	if err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(req.pkg, &req.cf)
	if err != nil {
		return err
	}
	listed, err := ceremony.ReleaseFiles(req.dir, req.files, req.dotfiles)
	if err != nil {
		return e.releaseFilesErr(err, req.dir)
	}
	if len(listed) == 0 {
		return failure(fmt.Errorf("release: no release files in --dir %s", req.dir), e.retryReplacing("--dir", "DIR-WITH-THE-RELEASE-FILES"))
	}
	total := printReleaseFiles(e, req.dir, listed)
	opts := req.cf.options()
	opts.Repo = req.repo
	out, err := v.Release(e.ctx, e.ui(), opts, ceremony.ReleaseParams{Package: req.pkg, Version: req.version, Dir: req.dir,
		Files: req.files, BackupFolder: req.backup, IncludeDotfiles: req.dotfiles, KeepUsedKey: req.keepUsed})
	if err != nil {
		return e.ceremonyErr(err, req.pkg)
	}
	e.bar.Break()
	rep, err := newReleaseReport(req, p, out, listed, total)
	if err != nil {
		return failure(err)
	}
	return e.print(rep)
}

// parseRelease parses release's flags and the files named relative to --dir.
func parseRelease(e *env, args []string) (*releaseRequest, error) {
	fs := e.flagSet("release")
	req := &releaseRequest{}
	fs.StringVar(&req.pkg, "package", "", "")
	fs.StringVar(&req.version, "version", "", "")
	fs.StringVar(&req.dir, "dir", "", "")
	fs.StringVar(&req.repo, "repo", "", "")
	fs.StringVar(&req.backup, "backup", "", "")
	fs.BoolVar(&req.dotfiles, "include-dotfiles", false, "")
	fs.BoolVar(&req.keepUsed, "keep-used-key", false, "")
	req.cf.register(fs)
	files, err := e.parse(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case req.pkg == "":
		return nil, usageErr("release: --package is missing", e.retry("--package", "NAME"))
	case req.version == "":
		return nil, usageErr("release: --version is missing", e.retry("--version", "VERSION"))
	case req.dir == "":
		return nil, usageErr("release: --dir is missing: the directory holding the release files", e.retry("--dir", "DIR"))
	}
	if err := chain.CheckVersion(req.version); err != nil {
		return nil, usageErr(fmt.Sprintf("release: --version %q: %v", req.version, err), e.retryReplacing("--version", "VERSION"))
	}
	if st, err := os.Stat(req.dir); err != nil || !st.IsDir() {
		return nil, usageErr(fmt.Sprintf("release: --dir %s is not a directory", req.dir), e.retryReplacing("--dir", "DIR"))
	}
	for _, f := range files {
		f = filepath.ToSlash(f)
		if err := signify.CheckChecksumName(f); err != nil {
			return nil, usageErr(fmt.Sprintf("release: file %q: %v (name files relative to --dir)", f, err), "baton help release")
		}
		if _, err := os.Stat(filepath.Join(req.dir, filepath.FromSlash(f))); err != nil {
			return nil, usageErr(fmt.Sprintf("release: %s is not in --dir %s: name files relative to it", f, req.dir), "baton help release")
		}
		req.files = append(req.files, f)
	}
	return req, nil
}

// newReleaseReport describes a finished release: what signed it, what to
// publish and how users check it.
func newReleaseReport(req *releaseRequest, p *ceremony.Package, out *ceremony.Outcome, listed []ceremony.ReleaseFile, total int64) (*releaseReport, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, err
	}
	head := out.Head
	var signer string
	var signerKey *signify.PublicKey
	if n := len(entries); n >= 2 {
		signerKey = entries[n-2].Next
		signer = labelOf(p, signerKey)
	}
	rep := &releaseReport{
		Package: req.pkg, Version: req.version, Position: head.Position, Entry: head.Hash().String(),
		SignedWith: describeKey(signer, signerKey), Next: describeKey(labelOf(p, head.Next), head.Next),
		Chain: p.ChainPath(), Signature: out.Signature, VaultSignature: p.SignaturePath(req.version), Transcript: out.Transcript, Publish: out.Files,
		TotalSize: total, Wiped: append([]string{}, out.Wiped...), Destroy: append([]ceremony.BackupRecord{}, out.Destroy...),
		keptUsed: req.keepUsed,
	}
	for _, f := range listed {
		rep.Files = append(rep.Files, f.Name)
	}
	if signer != "" {
		rep.PublicKey = p.PublicKeyPath(signer)
		rep.Signify = fmt.Sprintf("signify-openbsd -C -p %s.pub -x SHA256.sig", signer)
	}
	return rep, nil
}

func (rep *releaseReport) text(e *env, w io.Writer) {
	fmt.Fprintf(w, "Released %s %s at position %d", rep.Package, rep.Version, rep.Position)
	if rep.SignedWith != nil && rep.SignedWith.Label != "" {
		fmt.Fprintf(w, ", signed with %s", rep.SignedWith.Label)
	}
	fmt.Fprintf(w, ".\n\nPublish these files:\n")
	fmt.Fprintf(w, "  %s\n      the chain: replaces the copy users fetch\n", rep.Chain)
	fmt.Fprintf(w, "  %s\n      the signed checksum list, copied beside the release files (the vault keeps %s)\n\n", rep.Signature, rep.VaultSignature)
	fmt.Fprintf(w, "Users check the release with Baton:\n  baton verify --package %s --chain chain --sig SHA256.sig\n", shellQuote(rep.Package))
	if rep.PublicKey != "" {
		signer := rep.SignedWith.Label
		fmt.Fprintf(w, "or, in the directory of the release files, with stock signify and %s.pub\n"+
			"(%s; baton keys show --package %s %s prints it):\n  %s\n",
			signer, rep.PublicKey, shellQuote(rep.Package), signer, rep.Signify)
	}
	fmt.Fprintf(w, "\nNext release will be signed with the key this entry announced: %s\n  %s\n",
		labelOr(rep.Next.Label, "the next key"), rep.Next.Words)
	printWiped(e, rep.Package, rep.Wiped, rep.Destroy, rep.keptUsed)
	fmt.Fprintf(w, "transcript: %s\n", rep.Transcript)
}

func labelOr(label, alt string) string {
	if label == "" {
		return alt
	}
	return label
}

// labelOf returns the vault label of a public key, or "".
func labelOf(p *ceremony.Package, k *signify.PublicKey) string {
	if k == nil {
		return ""
	}
	keys, err := p.Keys()
	if err != nil {
		return ""
	}
	for _, x := range keys {
		if x.Public.Equal(k) {
			return x.Label
		}
	}
	return ""
}

// ceremonyVault checks the ceremony flags and opens the vault for a
// ceremony on an existing package: new keys take --kdf-rounds, else the
// cost of the package's existing keys.
func (e *env) ceremonyVault(pkg string, cf *ceremonyFlags) (*ceremony.Vault, *ceremony.Package, error) {
	if err := cf.check(e); err != nil {
		return nil, nil, err
	}
	v, err := e.openVault()
	if err != nil {
		return nil, nil, err
	}
	p, err := e.vaultPackage(v, pkg)
	if err != nil {
		return nil, nil, err
	}
	v.KDFRounds = cf.kdfRounds
	if v.KDFRounds == 0 {
		v.KDFRounds = packageRounds(p)
	}
	return v, p, nil
}

// packageRounds is the key-derivation cost of the package's existing keys,
// so that a new key is as costly to attack as the ones made at genesis.
func packageRounds(p *ceremony.Package) int {
	paths, _ := filepath.Glob(filepath.Join(p.KeysDir(), "*.sec"))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		k, err := signify.ParseSecretKey(path, data)
		clear(data)
		if err == nil && k.Rounds > 0 {
			return int(k.Rounds)
		}
	}
	return 0
}

// releaseFilesErr explains a release directory with symlinks or dotfiles.
func (e *env) releaseFilesErr(err error, dir string) error {
	if !errors.Is(err, ceremony.ErrReleaseFiles) {
		return failure(err)
	}
	var hints []string
	msg := err.Error()
	if strings.Contains(msg, "dotfiles") {
		hints = append(hints, "move the dotfiles out of "+dir+", or sign them too: "+e.retry("--include-dotfiles"))
	}
	if strings.Contains(msg, "symlinks") {
		hints = append(hints, "replace each symlink with the file it points to (cp --remove-destination \"$(readlink -f LINK)\" LINK), or move it out of "+dir)
	}
	if strings.Contains(msg, "not regular files") {
		hints = append(hints, "move what is not a regular file out of "+dir)
	}
	return failure(err, hints...)
}

// maxListed is how many file names a release lists before "and N more".
const maxListed = 20

// printReleaseFiles shows what the release will sign, before it is signed
// (on stderr, so that --json output stays JSON), and returns the total size.
func printReleaseFiles(e *env, dir string, files []ceremony.ReleaseFile) int64 {
	var total int64
	width := 0
	for i, f := range files {
		total += f.Size
		if i < maxListed {
			width = max(width, len(f.Name))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "baton: the release signs %s from %s, %s in all:\n", plural(len(files), "file"), dir, sizeText(total))
	for i, f := range files {
		if i == maxListed {
			fmt.Fprintf(&b, "  ... and %d more\n", len(files)-maxListed)
			break
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, f.Name, sizeText(f.Size))
	}
	e.bar.Printf("%s", b.String())
	return total
}

// sizeText is a byte count for people.
func sizeText(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return fmt.Sprintf("%d B", n)
	case n < k*k:
		return fmt.Sprintf("%.1f KiB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.1f MiB", float64(n)/(k*k))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(k*k*k))
}

// printWiped says which used keys the release wiped from the vault and
// which of their backups remain to be destroyed.
func printWiped(e *env, pkg string, wiped []string, destroy []ceremony.BackupRecord, kept bool) {
	w := e.stdout
	switch {
	case kept:
		fmt.Fprintf(w, "\nThe used keys' secrets were kept (--keep-used-key): they sign nothing again, and\nthe next release wipes them.\n")
	case len(wiped) > 0:
		fmt.Fprintf(w, "\nWiped the secret of %s from the vault: every version, patch releases included, is\nsigned by the next key, so it never signs again (its public key stays).\n", strings.Join(wiped, ", "))
	}
	if len(destroy) > 0 {
		var labels []string
		fmt.Fprintf(w, "Destroy its backups too (a thief of one could still sign with it):\n")
		for _, r := range destroy {
			fmt.Fprintf(w, "  %-9s %-6s %s\n", r.Label, r.Kind, r.Location)
			if !slices.Contains(labels, r.Label) {
				labels = append(labels, r.Label)
			}
		}
		fmt.Fprintf(w, "then: baton backup destroyed --package %s %s\n", shellQuote(pkg), strings.Join(labels, " "))
	}
}
