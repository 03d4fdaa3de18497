package ceremony

import (
	"context"
	"fmt"
	"os"
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
}

// Outcome is what a finished ceremony produced.
type Outcome struct {
	Head       *chain.SignedEntry
	Transcript string   // path of the signed transcript
	Files      []string // files to publish (chain, release signatures)
	// Wiped are the keys whose secret a release wiped from the vault, and
	// Destroy the recorded backups of them that remain to be destroyed.
	Wiped   []string
	Destroy []BackupRecord
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
	p := v.Package(gp.Package)
	name := "genesis"
	params := map[string]string{"package": gp.Package, "signatory": gp.Name}
	if gp.AdoptedFrom != "" {
		name = "adopt"
		params["adopted-from"] = string(gp.AdoptedFrom)
	}
	if es, err := p.Chain(); err != nil {
		return nil, err
	} else if len(es) > 0 {
		if j, _ := p.loadJournal(); j == nil {
			return nil, fmt.Errorf("%s already has a chain in this vault (%d entries); run a release ceremony instead", gp.Package, len(es))
		}
	}
	var out Outcome
	steps := []step{
		p.readinessStep(s),
		p.generateStep(s, "recovery", "recovery key (keep offline)"),
		p.generateStep(s, "K1", "key for release 1"),
		p.generateStep(s, "K2", "key for release 2 (release plus two)"),
		{name: "genesis-entry", run: func(ctx context.Context, j *journal) (string, error) {
			rec, k1 := mustPub(p, "recovery"), mustPub(p, "K1")
			if rec == nil || k1 == nil {
				return "", fmt.Errorf("keys missing from the vault")
			}
			if es, err := p.Chain(); err != nil {
				return "", err
			} else if len(es) == 1 && es[0].Recovery.Equal(rec) && es[0].Next.Equal(k1) {
				out.Head = es[0]
				return "already signed", nil
			} else if len(es) > 0 {
				return "", fmt.Errorf("%s has a different chain already", p.ChainPath())
			}
			e := chain.NewGenesis(gp.Package, gp.Name, rec, k1, s.now())
			if gp.EmergencyKey {
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
			rk, err := p.secretKey("recovery", s)
			if err != nil {
				return "", err
			}
			k, err := p.secretKey("K1", s)
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
			out.Head = se
			j.addFile(FileRecord{Name: "chain (genesis entry)", SHA256: se.Hash().String()})
			return "genesis entry " + se.Hash().String(), nil
		}},
		p.restoreTestStep(s, "recovery", "K1", "K2"),
	}
	if gp.EmergencyKey {
		params["emergency-key"] = "mldsa65"
		// Before the genesis entry, which commits to it.
		steps = append(steps[:4], append([]step{{name: "generate-emergency", run: func(ctx context.Context, j *journal) (string, error) {
			pass, err := p.newKeysPassphrase(s)
			if err != nil {
				return "", err
			}
			rounds := v.KDFRounds
			if rounds == 0 {
				rounds = signify.DefaultKDFRounds
			}
			k, err := p.newEmergencyKey(pass, rounds)
			if err != nil {
				return "", err
			}
			c := k.Commitment()
			j.addFile(FileRecord{Name: "emergency key commitment (" + c.Alg + ")", SHA256: c.Hash.String()})
			return "commitment " + c.Hash.String(), nil
		}}}, steps[4:]...)...)
	}
	err = p.run(ctx, s, name, params, GenesisPlan(gp), steps, func(j *journal) error {
		if gp.AdoptedFrom != "" {
			j.Notes = append(j.Notes, fmt.Sprintf("adopts %s, forked from signatory %s; users of the original chain will see this chain as another signatory's", gp.Package, gp.AdoptedFrom))
		}
		k, err := p.secretKey("K1", s)
		if err != nil {
			return err
		}
		out.Transcript, err = p.writeTranscript(s, j, "K1", k)
		return err
	})
	if err != nil {
		return nil, err
	}
	if out.Head == nil {
		es, err := p.Chain()
		if err != nil || len(es) == 0 {
			return nil, fmt.Errorf("no chain after genesis: %v", err)
		}
		out.Head = es[len(es)-1]
	}
	out.Files = []string{p.ChainPath()}
	return &out, nil
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

// restoreTestStep reads each key back from the vault and decrypts it: a key
// counts only once it has been restored.
func (p *Package) restoreTestStep(s *session, labels ...string) step {
	return step{name: "restore-test", run: func(ctx context.Context, j *journal) (string, error) {
		for _, l := range labels {
			if _, err := p.restoreTest(l, s); err != nil {
				return "", fmt.Errorf("restore test of %s failed: %w", l, err)
			}
		}
		return fmt.Sprintf("decrypted and matched: %v", labels), nil
	}}
}
