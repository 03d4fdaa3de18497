package ceremony

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/baton-signing/baton/chain"
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
		return nil, nil, fmt.Errorf("%s has no chain in the vault %s: start one with baton init", pkg, v.Dir)
	}
	return p, entries, nil
}

// newKeysPassphrase asks for the package passphrase: a new one (asked
// twice) while the package has no keys yet, else the existing one.
func (p *Package) newKeysPassphrase(s *session) ([]byte, error) {
	_, err := os.Stat(p.path("keys", "recovery.sec"))
	return s.passphrase(p, errors.Is(err, fs.ErrNotExist))
}

// generateStep generates the key label (once: newKey keeps an existing one).
func (p *Package) generateStep(s *session, label, role string) step {
	return step{name: "generate-" + label, title: "generate " + role, run: func(ctx context.Context, j *journal) (string, error) {
		pass, err := p.newKeysPassphrase(s)
		if err != nil {
			return "", err
		}
		pub, err := p.newKey(label, keyComment(p.Name, label), pass)
		if err != nil {
			return "", err
		}
		j.addKey(keyRecord(label, role, pub))
		return label + " " + pub.Fingerprint().WordString(), nil
	}}
}

// replacementSteps pick the label of a replacement key in the journal and
// then generate it, so that a resumed ceremony never makes a second key.
// The label is j.Data["replacement"]; the replaced key's, j.Data["replaced"].
func (p *Package) replacementSteps(s *session, entries []*chain.SignedEntry, role string) []step {
	return []step{
		{name: "choose", title: "choose the replacement key's label", run: func(ctx context.Context, j *journal) (string, error) {
			ks, err := p.keyStates(entries)
			if err != nil {
				return "", err
			}
			j.set("replaced", ks.inForce)
			j.set("replacement", fmt.Sprintf("K%d", ks.next))
			return fmt.Sprintf("replace %q with %s", ks.inForce, j.Data["replacement"]), nil
		}},
		{name: "generate", title: "generate the replacement key", run: func(ctx context.Context, j *journal) (string, error) {
			pass, err := s.passphrase(p, false)
			if err != nil {
				return "", err
			}
			label := j.Data["replacement"]
			pub, err := p.newKey(label, keyComment(p.Name, label), pass)
			if err != nil {
				return "", err
			}
			j.addKey(keyRecord(label, role, pub))
			return label + " " + pub.Fingerprint().WordString(), nil
		}},
	}
}

// reason checks the one-line reason users will read for an event.
func reason(what, r string) error {
	if err := chain.CheckReason(r); err != nil {
		return fmt.Errorf("the %s needs a one-line reason users will read: %w", what, err)
	}
	return nil
}
