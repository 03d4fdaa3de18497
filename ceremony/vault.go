package ceremony

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// ErrKeyLost is returned when a key a ceremony needs has no secret in the
// vault: it was retired, or lost. A lost key in force is replaced by a
// re-key with the recovery key.
var ErrKeyLost = errors.New("key not in the vault")

// Vault is a directory, outside every git work tree, that holds per package
// its keys (secret keys only passphrase-encrypted), chain, release
// signatures, ceremony journal and transcripts:
//
//	<vault>/<package, path-escaped>/
//	    chain                the package's chain file (public)
//	    keys/recovery.{sec,pub}
//	    keys/K<n>.{sec,pub}  release keys, numbered in order of generation
//	    releases/<version>/SHA256, SHA256.sig
//	    keys/emergency.{sec,pq}  the offline ML-DSA-65 emergency key, if made
//	    journal.json         the unfinished ceremony, if any
//	    transcripts/         one signed transcript per finished ceremony
//	    backups.json         restore-tested backups
//	    handover.draft       a successor's draft hand-over entry
//	    .lock                held by the running ceremony (flock)
type Vault struct {
	Dir string
	// KDFRounds is the bcrypt_pbkdf cost for new secret keys
	// (signify.DefaultKDFRounds when 0).
	KDFRounds int
}

// DefaultVaultDir is $BATON_VAULT, else $XDG_DATA_HOME/baton, else
// ~/.local/share/baton.
func DefaultVaultDir() (string, error) {
	if d := os.Getenv("BATON_VAULT"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "baton"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the vault: set BATON_VAULT: %w", err)
	}
	return filepath.Join(home, ".local", "share", "baton"), nil
}

// OpenVault opens (creating it 0700 if needed) the vault at dir. It refuses
// a directory inside a git work tree.
func OpenVault(dir string) (*Vault, error) {
	if err := refuseGitWorkTree(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the vault: %w", err)
	}
	return &Vault{Dir: dir}, nil
}

// Packages lists the packages that have a chain in the vault.
func (v *Vault) Packages() ([]string, error) {
	ents, err := os.ReadDir(v.Dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		name, err := url.PathUnescape(e.Name())
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(v.Dir, e.Name(), "chain")); err == nil {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Package returns the vault's view of one package (which may not exist yet).
func (v *Vault) Package(name string) *Package {
	return &Package{vault: v, Name: name, Dir: filepath.Join(v.Dir, url.PathEscape(name))}
}

// Package is one package's part of a vault.
type Package struct {
	vault *Vault
	Name  string
	Dir   string
}

func (p *Package) path(parts ...string) string {
	return filepath.Join(append([]string{p.Dir}, parts...)...)
}

// ChainPath is where the package's chain file lives.
func (p *Package) ChainPath() string { return p.path("chain") }

// Chain reads the package's chain (nil if there is none yet).
func (p *Package) Chain() ([]*chain.SignedEntry, error) {
	data, err := os.ReadFile(p.ChainPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return chain.ReadAll(p.ChainPath(), bytes.NewReader(data))
}

// writeChain replaces the chain file with entries, which must extend what
// is there.
func (p *Package) writeChain(entries []*chain.SignedEntry) error {
	old, err := p.Chain()
	if err != nil {
		return err
	}
	for i, e := range old {
		if i >= len(entries) || entries[i].Hash() != e.Hash() {
			return fmt.Errorf("refusing to rewrite history: the new chain does not extend the old one at position %d", i+1)
		}
	}
	return writeReplace(p.ChainPath(), chain.Marshal(entries))
}

// Key is a key file pair in the vault.
type Key struct {
	Label     string // "recovery" or "K<n>"
	Public    *signify.PublicKey
	HasSecret bool
}

// Keys lists the package's keys: recovery first, then K1, K2, ...
func (p *Package) Keys() ([]Key, error) {
	ents, err := os.ReadDir(p.path("keys"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Key
	for _, e := range ents {
		label, ok := strings.CutSuffix(e.Name(), ".pub")
		if !ok {
			continue
		}
		pub, err := p.PublicKey(label)
		if err != nil {
			return nil, err
		}
		_, serr := os.Stat(p.path("keys", label+".sec"))
		out = append(out, Key{Label: label, Public: pub, HasSecret: serr == nil})
	}
	sort.Slice(out, func(i, j int) bool { return keyOrder(out[i].Label) < keyOrder(out[j].Label) })
	return out, nil
}

// keyOrder sorts recovery first, then K<n> by n.
func keyOrder(label string) int {
	if n, err := strconv.Atoi(strings.TrimPrefix(label, "K")); err == nil && strings.HasPrefix(label, "K") {
		return n
	}
	return -1
}

// HasSecret reports whether the vault holds the secret of the package's
// key label.
func (p *Package) HasSecret(label string) bool {
	_, err := os.Stat(p.path("keys", label+".sec"))
	return err == nil
}

// PublicKey reads keys/<label>.pub.
func (p *Package) PublicKey(label string) (*signify.PublicKey, error) {
	path := p.path("keys", label+".pub")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return signify.ParsePublicKey(path, data)
}

// secretKey reads and decrypts keys/<label>.sec with the session's
// passphrase, and checks it against the .pub beside it.
func (p *Package) secretKey(label string, s *session) (*signify.SecretKey, error) {
	path := p.path("keys", label+".sec")
	if err := refuseGitWorkTree(path); err != nil {
		return nil, err
	}
	if k, ok := s.keys[path]; ok {
		if _, err := os.Stat(path); err == nil {
			return k, nil
		}
		clear(k.Key)
		delete(s.keys, path) // retired since
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: secret key %s of %s is not in the vault (%s): it was retired or lost; a lost key in force is replaced with the recovery key (a re-key)", ErrKeyLost, label, p.Name, path)
	}
	if err != nil {
		return nil, err
	}
	enc, err := signify.ParseSecretKey(path, data)
	if err != nil {
		return nil, err
	}
	var pass []byte
	if enc.Encrypted() {
		if pass, err = s.passphrase(p, false); err != nil {
			return nil, err
		}
	}
	k, err := enc.Decrypt(pass) // the vault's own key, made with the rounds its owner chose
	if err != nil {
		s.forget()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pub, err := p.PublicKey(label)
	if err != nil {
		return nil, err
	}
	if !k.Public("").Equal(pub) {
		return nil, fmt.Errorf("%s does not match %s.pub", path, label)
	}
	if s.keys == nil {
		s.keys = map[string]*signify.SecretKey{}
	}
	s.keys[path] = k
	return k, nil
}

// restoreTest reads a key from its file and decrypts it, never from the
// session's cache: a key counts only once it has come back from disk.
func (p *Package) restoreTest(label string, s *session) (*signify.SecretKey, error) {
	path := p.path("keys", label+".sec")
	if k, ok := s.keys[path]; ok {
		clear(k.Key)
		delete(s.keys, path)
	}
	return p.secretKey(label, s)
}

// newKey generates a key and stores it as keys/<label>.{sec,pub}; the
// secret part is encrypted with passphrase. If the .sec already exists (a
// resumed ceremony), the existing key is kept and returned instead: a key
// is never generated twice for one label.
func (p *Package) newKey(label, comment string, passphrase []byte) (*signify.PublicKey, error) {
	if err := os.MkdirAll(p.path("keys"), 0o700); err != nil {
		return nil, err
	}
	secPath, pubPath := p.path("keys", label+".sec"), p.path("keys", label+".pub")
	if data, err := os.ReadFile(secPath); err == nil {
		enc, err := signify.ParseSecretKey(secPath, data)
		if err != nil {
			return nil, err
		}
		k, err := enc.Decrypt(passphrase)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", secPath, err)
		}
		pub := k.Public(comment)
		if _, err := os.Stat(pubPath); errors.Is(err, fs.ErrNotExist) {
			if err := writeNew(pubPath, pub.Marshal(), 0o644); err != nil {
				return nil, err
			}
		}
		return p.PublicKey(label)
	}
	k, err := signify.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	rounds := p.vault.KDFRounds
	if rounds == 0 {
		rounds = signify.DefaultKDFRounds
	}
	enc, err := signify.EncryptSecretKey(k, passphrase, rounds, comment, nil)
	if err != nil {
		return nil, err
	}
	if err := writeSecret(secPath, enc.Marshal()); err != nil {
		return nil, err
	}
	pub := k.Public(comment)
	if err := writeNew(pubPath, pub.Marshal(), 0o644); err != nil {
		return nil, err
	}
	return pub, nil
}

// retire wipes a secret key file, keeping its public key: it is
// overwritten with zeros (unless another name links to it) and removed.
// The file is encrypted anyway; the overwrite only makes it harder to undo.
func (p *Package) retire(label string) error {
	path := p.path("keys", label+".sec")
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink == 1 && st.Mode().IsRegular() {
		if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			_, werr := f.Write(make([]byte, st.Size()))
			if werr == nil {
				werr = f.Sync()
			}
			f.Close()
			if werr != nil {
				return werr
			}
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// lock takes the package's ceremony lock: one ceremony at a time. The lock
// dies with the process, so a killed ceremony never leaves it stuck.
func (p *Package) lock() (unlock func(), err error) {
	if err := os.MkdirAll(p.Dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p.path(".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("another ceremony for %s is running (lock %s held)", p.Name, f.Name())
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
