package ceremony

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// GenesisParams start a chain.
type GenesisParams struct {
	Package string // the package's name, as its ecosystem spells it
	Name    string // the signatory's name, as users will see it
	// AdoptedFrom, for adopt: the signatory id of the chain being forked.
	// The new chain is independent; the transcript records the origin.
	AdoptedFrom chain.SignatoryID
	// EmergencyKey makes an offline ML-DSA-65 key and commits the genesis
	// entry to it (see Emergency).
	EmergencyKey bool
	// SignatoryOf names another package of this vault whose recovery key
	// the new chain shares: the same signatory (the same signatory id), so
	// a user who trusts it for that package can trust this one without
	// comparing words again. Its passphrase is the new package's too.
	SignatoryOf string
}

// Genesis runs the genesis ceremony: the recovery key, K1 and K2 (release
// plus two from the start), the genesis entry signed by the recovery key
// and K1, a restore test of every key, and a transcript.
func (v *Vault) Genesis(ctx context.Context, ui *UI, opts Options, gp GenesisParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	if err := chainEntryName(gp.Package, gp.Name); err != nil {
		return nil, err
	}
	if gp.SignatoryOf != "" {
		if gp.SignatoryOf == gp.Package {
			return nil, fmt.Errorf("a package cannot share the recovery key of itself")
		}
		if gp.AdoptedFrom != "" {
			return nil, fmt.Errorf("an adopted chain is a new signatory's: it cannot share another package's recovery key")
		}
	}
	p := v.Package(gp.Package)
	if es, err := p.Chain(); err != nil {
		return nil, err
	} else if len(es) > 0 {
		if j, _ := p.loadJournal(); j == nil {
			return nil, fmt.Errorf("%s already has a chain in this vault (%d entries); run a release ceremony instead", gp.Package, len(es))
		}
	}
	g := &genesis{base{p, s}, gp}
	return p.perform(ctx, s, g.declare())
}

// genesis is the genesis (or adopt) ceremony of one package.
type genesis struct {
	base
	gp GenesisParams
}

func (g *genesis) declare() declared {
	d := declared{
		name:   "genesis",
		params: map[string]string{"package": g.gp.Package, "signatory": g.gp.Name},
		plan:   GenesisPlan(g.gp),
		steps: map[string]stepFunc{
			"readiness":          g.readiness,
			"generate-recovery":  g.generate("recovery", "recovery key (keep offline)"),
			"share-recovery":     g.shareRecovery,
			"generate-K1":        g.generate("K1", "key for release 1"),
			"generate-K2":        g.generate("K2", "key for release 2 (release plus two)"),
			"generate-emergency": g.emergency,
			"genesis-entry":      g.entry,
			"restore-test":       g.restoreTest("recovery", "K1", "K2"),
		},
		signer:  signedBy("K1"),
		closing: g.closing,
		chain:   true,
	}
	if g.gp.AdoptedFrom != "" {
		d.name = "adopt"
		d.params["adopted-from"] = string(g.gp.AdoptedFrom)
	}
	if g.gp.EmergencyKey {
		d.params["emergency-key"] = "mldsa65"
	}
	if g.gp.SignatoryOf != "" {
		d.params["signatory-of"] = g.gp.SignatoryOf
	}
	return d
}

// shareRecovery copies the recovery key of the package gp.SignatoryOf into
// this package, byte for byte (still encrypted with that package's
// passphrase, which the session now holds), once that key has opened and
// is the one its chain is held by now.
func (g *genesis) shareRecovery(ctx context.Context, j *journal) (string, error) {
	src := g.p.vault.Package(g.gp.SignatoryOf)
	es, err := src.Chain()
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", fmt.Errorf("%s has no chain in this vault: there is no signatory to share", g.gp.SignatoryOf)
	}
	rec, err := src.PublicKey("recovery")
	if err != nil {
		return "", fmt.Errorf("%w: the recovery key of %s is not in the vault: restore it first", ErrKeyLost, g.gp.SignatoryOf)
	}
	if held := HeldBy(es); !rec.Equal(held.Recovery) {
		return "", fmt.Errorf("the recovery key of %s in this vault is not the one its chain is held by now (signatory %s): the chain was handed over", g.gp.SignatoryOf, held.Signatory)
	}
	k, err := src.secretKey("recovery", g.s) // asks for its passphrase, and proves it
	if err != nil {
		return "", err
	}
	secSrc, secDst := src.path("keys", "recovery.sec"), g.p.path("keys", "recovery.sec")
	data, err := os.ReadFile(secSrc)
	if err != nil {
		return "", err
	}
	if have, err := os.ReadFile(secDst); err == nil {
		if !bytes.Equal(have, data) {
			return "", fmt.Errorf("%s holds another recovery key than %s", secDst, g.gp.SignatoryOf)
		}
	} else {
		if err := os.MkdirAll(g.p.path("keys"), 0o700); err != nil {
			return "", err
		}
		if err := refuseGitWorkTree(secDst); err != nil {
			return "", err
		}
		if err := writeNew(secDst, data, 0o600); err != nil {
			return "", err
		}
	}
	pubDst := g.p.path("keys", "recovery.pub")
	if !fileExists(pubDst) {
		if err := writeNew(pubDst, k.Public(keyComment(g.p.Name, "recovery")).Marshal(), 0o644); err != nil {
			return "", err
		}
	}
	pub, err := g.p.PublicKey("recovery")
	if err != nil {
		return "", err
	}
	j.addKey(keyRecord("recovery", "recovery key shared with "+g.gp.SignatoryOf+" (keep offline)", pub))
	if note := fmt.Sprintf("shares the recovery key, the signatory (%s) and the passphrase of %s: a backup of either recovery key is a backup of both", chain.SignatoryOf(pub), g.gp.SignatoryOf); !slices.Contains(j.Notes, note) {
		j.Notes = append(j.Notes, note) // once, however often the step is resumed
	}
	return "recovery key of " + g.gp.SignatoryOf + " " + pub.Fingerprint().WordString(), nil
}

// emergency makes the ML-DSA-65 emergency key the genesis entry commits to.
func (g *genesis) emergency(ctx context.Context, j *journal) (string, error) {
	pass, err := g.p.newKeysPassphrase(g.s)
	if err != nil {
		return "", err
	}
	rounds := g.p.vault.KDFRounds
	if rounds == 0 {
		rounds = signify.DefaultKDFRounds
	}
	k, err := g.p.newEmergencyKey(pass, rounds)
	if err != nil {
		return "", err
	}
	c := k.Commitment()
	j.addFile(FileRecord{Name: "emergency key commitment (" + c.Alg + ")", SHA256: c.Hash.String()})
	return "commitment " + c.Hash.String(), nil
}

// entry signs the genesis entry with the recovery key and K1.
func (g *genesis) entry(ctx context.Context, j *journal) (string, error) {
	p := g.p
	rec, k1 := mustPub(p, "recovery"), mustPub(p, "K1")
	if rec == nil || k1 == nil {
		return "", fmt.Errorf("keys missing from the vault")
	}
	if es, err := p.Chain(); err != nil {
		return "", err
	} else if len(es) == 1 && es[0].Recovery.Equal(rec) && es[0].Next.Equal(k1) {
		return "already signed", nil
	} else if len(es) > 0 {
		return "", fmt.Errorf("%s has a different chain already", p.ChainPath())
	}
	e := chain.NewGenesis(g.gp.Package, g.gp.Name, rec, k1, g.s.now())
	if g.gp.EmergencyKey {
		_, pqPath := p.emergencyPaths()
		b, err := os.ReadFile(pqPath)
		if err != nil {
			return "", err
		}
		k, err := chain.ParseEmergencyKey(chain.AlgMLDSA65, strings.TrimSpace(string(b)))
		if err != nil {
			return "", err
		}
		e.Commits = []chain.Commitment{k.Commitment()}
	}
	rk, err := p.secretKey("recovery", g.s)
	if err != nil {
		return "", err
	}
	k, err := p.secretKey("K1", g.s)
	if err != nil {
		return "", err
	}
	se, err := chain.SignEntry(e, rk, k)
	if err != nil {
		return "", err
	}
	if err := p.writeChain([]*chain.SignedEntry{se}); err != nil {
		return "", err
	}
	j.addFile(FileRecord{Name: "chain (genesis entry)", SHA256: se.Hash().String()})
	return "genesis entry " + se.Hash().String(), nil
}

func (g *genesis) closing(j *journal, out *Outcome) error {
	if g.gp.AdoptedFrom != "" {
		j.Notes = append(j.Notes, fmt.Sprintf("adopts %s, forked from signatory %s; users of the original chain will see this chain as another signatory's", g.gp.Package, g.gp.AdoptedFrom))
	}
	return nil
}

func mustPub(p *Package, label string) *signify.PublicKey {
	k, err := p.PublicKey(label)
	if err != nil {
		return nil
	}
	return k
}

// chainEntryName checks names early, with the chain format's own rules.
func chainEntryName(pkg, name string) error {
	if err := chain.CheckPackage(pkg); err != nil {
		return err
	}
	return chain.CheckName(name)
}
