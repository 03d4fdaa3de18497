package ceremony

import (
	"bytes"
	"context"
	"fmt"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// RekeyParams describe a re-key: the key in force is lost (or must no longer
// be trusted) and the recovery key announces a replacement.
type RekeyParams struct {
	Package string
	Reason  string // why, shown to every user asked to consent
	// RecoveryShares are share files (sheets or text) of the recovery
	// key. When set, the key is rebuilt from them only when the re-key
	// entry is signed, and wiped right after.
	RecoveryShares []string
	// Recovery is the recovery key rebuilt from M-of-N shares. When nil
	// (and there are no RecoveryShares), the vault's keys/recovery.sec is
	// used (asking the passphrase).
	Recovery *signify.SecretKey
}

// Rekey runs the re-key ceremony: pick and generate a replacement key,
// sign a re-key entry with the recovery key and the replacement, restore-test
// the replacement, offer to delete the replaced key's secret, and sign a
// transcript. Clients see the entry as an event that needs consent.
func (v *Vault) Rekey(ctx context.Context, ui *UI, opts Options, rp RekeyParams) (*Outcome, error) {
	s, p, entries, err := v.openChange(ui, opts, "re-key", rp.Package, rp.Reason)
	if err != nil {
		return nil, err
	}
	defer s.close()
	// recovery returns the recovery key, and whether the caller wipes it
	// after use (one rebuilt here from share files).
	recovery := func() (*signify.SecretKey, bool, error) {
		k, rebuilt := rp.Recovery, false
		if len(rp.RecoveryShares) > 0 {
			var err error
			if k, err = p.RebuildFromFiles(rp.RecoveryShares); err != nil {
				return nil, false, err
			}
			rebuilt = true
			s.ui.say(Info, "rebuilt the recovery key of %s from %d shares; it is never written to the vault", p.Name, len(rp.RecoveryShares))
		}
		if k == nil {
			k, err := p.secretKey("recovery", s)
			return k, false, err
		}
		rec, err := p.PublicKey("recovery")
		if err == nil && !bytes.Equal(k.Public("").Key, rec.Key) {
			if rebuilt {
				clear(k.Key)
			}
			return nil, false, fmt.Errorf("the rebuilt recovery key is not this package's recovery key (%s)", rec.Fingerprint().WordString())
		}
		return k, rebuilt, nil
	}
	var out Outcome
	steps := append([]step{p.readinessStep(s)}, p.replacementSteps(s, entries, "replacement (re-key)")...)
	steps = append(steps, []step{
		{name: "entry", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			label := j.Data["replacement"]
			pub, err := p.PublicKey(label)
			if err != nil {
				return "", err
			}
			head := entries[len(entries)-1]
			if head.Kind == chain.KindRekey && head.Next.Equal(pub) {
				out.Head = head
				return "already appended", nil
			}
			rk, wipe, err := recovery()
			if err != nil {
				return "", err
			}
			if wipe {
				defer clear(rk.Key)
			}
			k, err := p.secretKey(label, s)
			if err != nil {
				return "", err
			}
			e := chain.Follow(head, chain.KindRekey, pub, s.now())
			e.Reason = rp.Reason
			se, err := chain.SignEntry(e, rk, k)
			if err != nil {
				return "", err
			}
			if err := p.appendVerified(entries, se); err != nil {
				return "", err
			}
			out.Head = se
			return fmt.Sprintf("position %d, entry %s", se.Position, se.Hash()), nil
		}},
		{name: "restore-test", run: func(ctx context.Context, j *journal) (string, error) {
			_, err := p.restoreTest(j.Data["replacement"], s)
			return "decrypted and matched " + j.Data["replacement"], err
		}},
		{name: "retire", run: func(ctx context.Context, j *journal) (string, error) {
			old := j.Data["replaced"]
			if old == "" || !keyHasSecretLabel(p, old) {
				return "the replaced key's secret is not in the vault", nil
			}
			ok, err := s.ui.confirm(fmt.Sprintf("Delete the secret of %s, the replaced key? If it was stolen rather than lost, it must never sign again.", old))
			if err != nil || !ok {
				j.Notes = append(j.Notes, "kept the replaced key "+old)
				return "kept " + old, err
			}
			return "deleted the secret of " + old, p.retire(old)
		}},
	}...)
	params := map[string]string{"package": rp.Package, "reason": rp.Reason}
	err = p.run(ctx, s, "rekey", params, RekeyPlan(rp), steps, func(j *journal) error {
		k, err := p.secretKey(j.Data["replacement"], s)
		if err != nil {
			return err
		}
		out.Transcript, err = p.writeTranscript(s, j, j.Data["replacement"], k)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.outcome(&out)
}

// appendVerified appends se to entries after checking that the whole new
// chain verifies from its genesis; nothing is written otherwise.
func (p *Package) appendVerified(entries []*chain.SignedEntry, se *chain.SignedEntry) error {
	next := append(entries[:len(entries):len(entries)], se)
	if _, err := chain.FirstTrust(p.Name, chain.NewReader(p.ChainPath(), bytes.NewReader(chain.Marshal(next)))); err != nil {
		return fmt.Errorf("the new chain does not verify, nothing written: %w", err)
	}
	return p.writeChain(next)
}

// outcome fills in the head and the files to publish.
func (p *Package) outcome(out *Outcome) (*Outcome, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, err
	}
	out.Head = entries[len(entries)-1]
	out.Files = append([]string{p.ChainPath()}, out.Files...)
	return out, nil
}

func keyHasSecretLabel(p *Package, label string) bool {
	keys, err := p.Keys()
	if err != nil {
		return false
	}
	return keyHasSecret(keys, label)
}
