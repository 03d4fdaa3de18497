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
	// Retire, when set, asks whether to delete the replaced key's secret
	// (true deletes it), typed, so that a UI can word it itself. When nil
	// the question's String is asked through UI.Confirm.
	Retire func(q RetireQuestion) (bool, error)
}

// RetireQuestion is the re-key's last question: delete the secret of
// Label, the key it replaced in Package? A "no" keeps the secret.
type RetireQuestion struct {
	Package string
	Label   string // the replaced key's vault label ("K4")
}

// String words the question.
func (q RetireQuestion) String() string {
	return fmt.Sprintf("Delete the secret of %s, the replaced key? If it was stolen rather than lost, it must never sign again.", q.Label)
}

// Rekey runs the re-key ceremony: pick and generate a replacement key,
// sign a re-key entry with the recovery key and the replacement, restore-test
// the replacement, offer to delete the replaced key's secret, and sign a
// transcript. Clients see the entry as an event that needs consent.
func (v *Vault) Rekey(ctx context.Context, ui *UI, opts Options, rp RekeyParams) (*Outcome, error) {
	s, p, err := v.openChange(ui, opts, "re-key", rp.Package, rp.Reason)
	if err != nil {
		return nil, err
	}
	defer s.close()
	r := &rekey{replacing{base{p, s}, "replacement (re-key)"}, rp}
	return p.perform(ctx, s, r.declare())
}

// rekey is the re-key ceremony of one package.
type rekey struct {
	replacing
	rp RekeyParams
}

func (r *rekey) declare() declared {
	return declared{
		name:   "rekey",
		params: map[string]string{"package": r.rp.Package, "reason": r.rp.Reason},
		plan:   RekeyPlan(r.rp),
		steps: map[string]stepFunc{
			"readiness":    r.readiness,
			"choose":       r.choose,
			"generate":     r.generate,
			"entry":        r.entry,
			"restore-test": r.restoreTest,
			"retire":       r.retire,
		},
		signer: replacement,
		chain:  true,
	}
}

// recovery returns the recovery key, and whether the caller wipes it
// after use (one rebuilt here from share files).
func (r *rekey) recovery() (*signify.SecretKey, bool, error) {
	p, rp := r.p, r.rp
	k, rebuilt := rp.Recovery, false
	if len(rp.RecoveryShares) > 0 {
		var err error
		if k, err = p.RebuildFromFiles(rp.RecoveryShares); err != nil {
			return nil, false, err
		}
		rebuilt = true
		r.s.ui.say(Info, "rebuilt the recovery key of %s from %d shares; it is never written to the vault", p.Name, len(rp.RecoveryShares))
	}
	if k == nil {
		k, err := p.secretKey("recovery", r.s)
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

// entry signs the re-key entry with the recovery key and the replacement.
func (r *rekey) entry(ctx context.Context, j *journal) (string, error) {
	ks, err := r.state()
	if err != nil {
		return "", err
	}
	label := j.Data["replacement"]
	pub, err := r.p.PublicKey(label)
	if err != nil {
		return "", err
	}
	head := ks.head()
	if head.Kind == chain.KindRekey && head.Next.Equal(pub) {
		return "already appended", nil
	}
	rk, wipe, err := r.recovery()
	if err != nil {
		return "", err
	}
	if wipe {
		defer clear(rk.Key)
	}
	k, err := r.p.secretKey(label, r.s)
	if err != nil {
		return "", err
	}
	e := chain.Follow(head, chain.KindRekey, pub, r.s.now())
	e.Reason = r.rp.Reason
	se, err := chain.SignEntry(e, rk, k)
	if err != nil {
		return "", err
	}
	if err := r.p.appendVerified(ks.entries, se); err != nil {
		return "", err
	}
	return fmt.Sprintf("position %d, entry %s", se.Position, se.Hash()), nil
}

func (r *rekey) restoreTest(ctx context.Context, j *journal) (string, error) {
	_, err := r.p.restoreTest(j.Data["replacement"], r.s)
	return "decrypted and matched " + j.Data["replacement"], err
}

// retire offers to delete the replaced key's secret.
func (r *rekey) retire(ctx context.Context, j *journal) (string, error) {
	old := j.Data["replaced"]
	if old == "" || !keyHasSecretLabel(r.p, old) {
		return "the replaced key's secret is not in the vault", nil
	}
	q := RetireQuestion{Package: r.p.Name, Label: old}
	var ok bool
	var err error
	if r.rp.Retire != nil {
		ok, err = r.rp.Retire(q)
	} else {
		ok, err = r.s.ui.confirm(q.String())
	}
	if err != nil || !ok {
		j.Notes = append(j.Notes, "kept the replaced key "+old)
		return "kept " + old, err
	}
	return "deleted the secret of " + old, r.p.retire(old)
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

func keyHasSecretLabel(p *Package, label string) bool {
	keys, err := p.Keys()
	if err != nil {
		return false
	}
	return keyHasSecret(keys, label)
}
