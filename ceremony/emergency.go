package ceremony

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/baton-signing/baton/chain"
)

// ErrNoEmergencyKey is returned by an emergency ceremony for a package
// whose chain was started without an emergency key (see
// GenesisParams.EmergencyKey): one cannot be added later.
var ErrNoEmergencyKey = errors.New("no emergency key in this vault")

// The emergency key is an ML-DSA-65 key made at genesis and kept offline:
// keys/emergency.sec (its seed, passphrase-encrypted like a signify key)
// and keys/emergency.pq (the public key, base64). The genesis entry commits
// to its hash; Emergency reveals it if Ed25519 ever falls.

func (p *Package) emergencyPaths() (sec, pub string) {
	return p.path("keys", "emergency.sec"), p.path("keys", "emergency.pq")
}

// EmergencyReady says why the package cannot switch to its emergency key,
// if it cannot: the key is made only at genesis, its secret must be in the
// vault, and an entry of the chain must have committed to it (clients
// refuse an emergency entry no entry they trusted committed to).
func (p *Package) EmergencyReady() error {
	secPath, pubPath := p.emergencyPaths()
	if _, err := os.Stat(secPath); err != nil {
		return fmt.Errorf("%s has %w: it is made only when a chain is started with one "+
			"and cannot be added later; if the key in force is lost or stolen, re-key instead", p.Name, ErrNoEmergencyKey)
	}
	pq, err := os.ReadFile(pubPath)
	if err != nil {
		return fmt.Errorf("the public half of the emergency key of %s is missing from the vault: %w", p.Name, err)
	}
	k, err := chain.ParseEmergencyKey(chain.AlgMLDSA65, strings.TrimSpace(string(pq)))
	if err != nil {
		return fmt.Errorf("%s: %w", pubPath, err)
	}
	entries, err := p.Chain()
	if err != nil {
		return err
	}
	want := k.Commitment()
	for _, e := range entries {
		for _, c := range e.Commits {
			if c == want {
				return nil
			}
		}
	}
	return fmt.Errorf("the chain of %s never committed to this vault's emergency key, so clients would refuse an emergency entry; "+
		"if the key in force is lost or stolen, re-key instead", p.Name)
}

// newEmergencyKey makes the emergency key unless it exists (a resumed
// genesis), and returns its public half.
func (p *Package) newEmergencyKey(pass []byte, rounds int) (*chain.EmergencyKey, error) {
	secPath, pubPath := p.emergencyPaths()
	if data, err := os.ReadFile(secPath); err == nil {
		s, err := chain.DecryptEmergencySecret(secPath, data, pass)
		if err != nil {
			return nil, err
		}
		k := s.Public()
		if _, err := os.Stat(pubPath); errors.Is(err, fs.ErrNotExist) {
			if err := writeNew(pubPath, []byte(k.String()+"\n"), 0o644); err != nil {
				return nil, err
			}
		}
		return k, nil
	}
	if err := os.MkdirAll(p.path("keys"), 0o700); err != nil {
		return nil, err
	}
	s, err := chain.GenerateEmergencyKey(nil)
	if err != nil {
		return nil, err
	}
	data, err := chain.EncryptEmergencySecret(s, pass, rounds, "baton emergency key (ML-DSA-65) for "+p.Name, nil)
	if err != nil {
		return nil, err
	}
	if err := writeSecret(secPath, data); err != nil {
		return nil, err
	}
	k := s.Public()
	return k, writeNew(pubPath, []byte(k.String()+"\n"), 0o644)
}

// EmergencyParams describe an emergency switch.
type EmergencyParams struct {
	Package string
	Reason  string
}

// Emergency reveals the package's committed ML-DSA-65 key in an emergency
// entry signed by it, announcing a fresh replacement key. Every client asks
// its user before crossing it, and accepts it only if an entry the user
// already trusted committed to the key.
func (v *Vault) Emergency(ctx context.Context, ui *UI, opts Options, ep EmergencyParams) (*Outcome, error) {
	s, p, err := v.openChange(ui, opts, "emergency", ep.Package, ep.Reason)
	if err != nil {
		return nil, err
	}
	defer s.close()
	if err := p.EmergencyReady(); err != nil {
		return nil, err
	}
	e := &emergency{replacing{base{p, s}, "replacement (emergency)"}, ep}
	return p.perform(ctx, s, e.declare())
}

// emergency is the emergency ceremony of one package.
type emergency struct {
	replacing
	ep EmergencyParams
}

func (e *emergency) declare() declared {
	return declared{
		name:   "emergency",
		params: map[string]string{"package": e.ep.Package, "reason": e.ep.Reason},
		plan:   EmergencyPlan(e.ep),
		steps: map[string]stepFunc{
			"readiness": e.readiness,
			"choose":    e.choose,
			"generate":  e.generate,
			"entry":     e.entry,
		},
		signer: replacement,
		chain:  true,
	}
}

// entry reveals the emergency key in an entry it signs with the
// replacement, which it announces.
func (em *emergency) entry(ctx context.Context, j *journal) (string, error) {
	p := em.p
	ks, err := em.state()
	if err != nil {
		return "", err
	}
	label := j.Data["replacement"]
	k, err := p.secretKey(label, em.s)
	if err != nil {
		return "", err
	}
	head := ks.head()
	if head.Kind == chain.KindEmergency && head.Next.Equal(k.Public("")) {
		return "already appended", nil
	}
	pass, err := em.s.passphrase(p, false)
	if err != nil {
		return "", err
	}
	secPath, _ := p.emergencyPaths()
	data, err := os.ReadFile(secPath)
	if err != nil {
		return "", err
	}
	sk, err := chain.DecryptEmergencySecret(secPath, data, pass)
	if err != nil {
		return "", err
	}
	defer sk.Wipe()
	e := chain.Follow(head, chain.KindEmergency, k.Public(""), em.s.now())
	e.Reason, e.Reveal = em.ep.Reason, sk.Public()
	se, err := chain.SignEntry(e, k)
	if err != nil {
		return "", err
	}
	if err := se.SignEmergency(sk); err != nil {
		return "", err
	}
	if err := p.appendVerified(ks.entries, se); err != nil {
		return "", err
	}
	c := sk.Public().Commitment()
	j.addFile(FileRecord{Name: "revealed " + c.Alg + " key", SHA256: c.Hash.String()})
	return fmt.Sprintf("position %d reveals the %s key %s", se.Position, c.Alg, c.Hash), nil
}
