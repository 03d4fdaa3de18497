package ceremony

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// Steps and checks that several ceremonies share.

// openChain returns the package and its chain, which must exist.
func (v *Vault) openChain(pkg string) (*Package, []*chain.SignedEntry, error) {
	p := v.Package(pkg)
	entries, err := p.Chain()
	if err != nil {
		return nil, nil, err
	}
	if len(entries) == 0 {
		return nil, nil, fmt.Errorf("%s has no chain in the vault %s: start one with a genesis ceremony", pkg, v.Dir)
	}
	return p, entries, nil
}

// openChange starts a ceremony that appends a change every user is asked
// to consent to (re-key, emergency): the session, after checking the
// one-line reason they are shown, and the package, which must have a
// chain. The caller closes the session.
func (v *Vault) openChange(ui *UI, opts Options, what, pkg, why string) (*session, *Package, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := reason(what, why); err != nil {
		s.close()
		return nil, nil, err
	}
	p, _, err := v.openChain(pkg)
	if err != nil {
		s.close()
		return nil, nil, err
	}
	return s, p, nil
}

// newKeysPassphrase asks for the package passphrase: a new one (asked
// twice) while the package has no keys yet, else the existing one, proven
// by checkedPassphrase.
func (p *Package) newKeysPassphrase(s *session) ([]byte, error) {
	_, err := os.Stat(p.path("keys", "recovery.sec"))
	if errors.Is(err, fs.ErrNotExist) {
		return s.passphrase(p, true)
	}
	return p.checkedPassphrase(s)
}

// checkedPassphrase returns the package's existing passphrase once it has
// opened one of the package's secret keys (one the session opened already
// counts), so that a mistyped passphrase fails with ErrWrongPassphrase
// before a new key is encrypted with it: a key made with a typo would
// leave the ceremony unable to resume. It opens the newest release key
// it can; the recovery key only when no release key is left, and then it
// wipes it at once rather than keep it for the session. With no secret
// key in the vault (all lost; a re-key from shares) nothing can check it:
// it is asked as a new passphrase (twice), with a warning (see
// PassphraseCheckable).
//
// A passphrase set as new in this session needs no check: the keys made
// with it are this session's own.
func (p *Package) checkedPassphrase(s *session) ([]byte, error) {
	if s.pass != nil && s.newPass {
		return s.pass, nil
	}
	keys, err := p.Keys()
	if err != nil {
		return nil, err
	}
	check := ""
	for i := len(keys) - 1; i >= 0; i-- { // recovery sorts first: K<n> are tried before it
		if !keys[i].HasSecret || !p.encrypted(keys[i].Label) {
			continue // an unencrypted key (a signify -n backup restored) proves nothing
		}
		if _, ok := s.keys[p.path("keys", keys[i].Label+".sec")]; ok {
			return s.passphrase(p, false)
		}
		if check == "" {
			check = keys[i].Label
		}
	}
	if check != "" {
		k, err := p.secretKey(check, s)
		if err != nil {
			return nil, err
		}
		if check == "recovery" {
			delete(s.keys, p.path("keys", "recovery.sec"))
			clear(k.Key)
		}
		return s.passphrase(p, false)
	}
	if secPath, _ := p.emergencyPaths(); fileExists(secPath) {
		// The emergency key is encrypted with the package passphrase too.
		pass, err := s.passphrase(p, false)
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile(secPath)
		if err != nil {
			return nil, err
		}
		em, err := chain.DecryptEmergencySecret(secPath, data, pass)
		if err != nil {
			s.forget()
			return nil, err
		}
		em.Wipe()
		return pass, nil
	}
	if s.pass == nil {
		s.ui.say(Warning, "no secret key of %s is left in the vault to check the passphrase against: it is asked as a new one, and the new key is encrypted with it", p.Name)
	}
	return s.passphrase(p, true)
}

// encrypted reports whether keys/<label>.sec is passphrase-encrypted.
func (p *Package) encrypted(label string) bool {
	path := p.path("keys", label+".sec")
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	defer clear(data)
	enc, err := signify.ParseSecretKey(path, data)
	return err == nil && enc.Encrypted()
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// PassphraseCheckable reports whether the vault holds a secret key of the
// package to check its passphrase against. Without one, a ceremony that
// makes a key asks for the passphrase as a new one, twice.
func (p *Package) PassphraseCheckable() bool {
	if secPath, _ := p.emergencyPaths(); fileExists(secPath) {
		return true
	}
	keys, err := p.Keys()
	if err != nil {
		return false
	}
	for _, k := range keys {
		if k.HasSecret && p.encrypted(k.Label) {
			return true
		}
	}
	return false
}

// replacing is the part of a re-key or an emergency that picks the
// replacement key's label and then generates it, the label kept in the
// journal so that a resumed ceremony never makes a second key: the label
// is j.Data["replacement"]; the replaced key's, j.Data["replaced"].
type replacing struct {
	base
	role string // the new key's role in the transcript
}

func (r *replacing) choose(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	j.set("replaced", ks.inForce)
	j.set("replacement", fmt.Sprintf("K%d", ks.next))
	return fmt.Sprintf("replace %q with %s", ks.inForce, j.Data["replacement"]), nil
}

func (r *replacing) generate(ctx context.Context, j *journal) (string, error) {
	pass, err := r.p.checkedPassphrase(r.s)
	if err != nil {
		return "", err
	}
	label := j.Data["replacement"]
	pub, err := r.p.newKey(label, keyComment(r.p.Name, label), pass)
	if err != nil {
		return "", err
	}
	j.addKey(keyRecord(label, r.role, pub))
	return label + " " + pub.Fingerprint().WordString(), nil
}

// replacement names the replacement key, which signs the transcript.
func replacement(j *journal) (string, error) { return j.Data["replacement"], nil }

// reason checks the one-line reason users will read for an event.
func reason(what, r string) error {
	if err := chain.CheckReason(r); err != nil {
		return fmt.Errorf("the %s needs a one-line reason users will read: %w", what, err)
	}
	return nil
}
