package ceremony

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// A supervised hand-over moves a chain to a new signatory in four moves:
//
//  1. the successor runs HandoverRequest on their own vault: it generates
//     their recovery key and release keys and signs a draft hand-over entry
//     with both (their acceptance, proving they hold the keys);
//  2. each witness named in the draft co-signs it (WitnessDraft);
//  3. the outgoing signatory runs HandoverSign: after both sides compared
//     the successor's fingerprint words out of band, it checks every
//     signature and signs the entry with the key in force;
//  4. the successor runs HandoverAccept with the published chain and takes
//     over.
//
// Every client walking the chain stops at the hand-over and shows who handed
// over to whom, endorsed by whom. Baton cannot stop a maintainer from simply
// giving their keys away; the supervised path is the one that users can see.

// HandoverRequestParams describe the successor's side.
type HandoverRequestParams struct {
	Package   string
	Name      string          // the successor's name, as users will see it
	Reason    string          // optional, shown to users
	Chain     []byte          // the package's current chain, as published
	Witnesses []chain.Witness // who will co-sign (name and public key)
	Draft     string          // where to write the draft entry
}

// draftPath is where the successor's vault keeps its copy of the draft.
func (p *Package) draftPath() string { return p.path("handover.draft") }

// checkDraftTarget refuses to write a draft over a file that is not a
// draft of this very hand-over: only an empty regular file, or a hand-over
// draft of the same package following the same head (the one a resumed
// request wrote, perhaps already co-signed), is replaced. Never the
// published chain chosen by mistake, nor another package's draft.
func checkDraftTarget(path, pkg string, head *chain.SignedEntry) error {
	if path == "" {
		return nil
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("the draft's path %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (a link, a folder or a device), so no draft is written there: write the draft to a new file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("the draft's path %s: %w", path, err)
	}
	if len(data) == 0 {
		return nil
	}
	d, err := ParseDraft(path, data)
	switch {
	case err != nil:
		return fmt.Errorf("%s exists and is not a hand-over draft, so it is not overwritten: write the draft to a new file", path)
	case d.Package != pkg || d.Prev != head.Hash() || d.Position != head.Position+1:
		return fmt.Errorf("%s is another hand-over's draft (%s at position %d), so it is not overwritten: write this draft to a new file", path, d.Package, d.Position)
	}
	return nil
}

// HandoverRequest is the successor's first move: keys and a signed draft.
func (v *Vault) HandoverRequest(ctx context.Context, ui *UI, opts Options, hp HandoverRequestParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	if err := chain.CheckName(hp.Name); err != nil {
		return nil, err
	}
	res, err := chain.FirstTrust(hp.Package, chain.NewReader("current chain", bytes.NewReader(hp.Chain)))
	if err != nil {
		return nil, fmt.Errorf("the current chain does not verify: %w", err)
	}
	entries, err := chain.ReadAll("current chain", bytes.NewReader(hp.Chain))
	if err != nil {
		return nil, err
	}
	if err := checkDraftTarget(hp.Draft, hp.Package, entries[len(entries)-1]); err != nil {
		return nil, err
	}
	p := v.Package(hp.Package)
	if es, _ := p.Chain(); len(es) > 0 {
		return nil, fmt.Errorf("this vault already holds a chain for %s; a successor prepares a hand-over in their own vault", hp.Package)
	}
	var out Outcome
	head := entries[len(entries)-1]
	steps := []step{
		p.readinessStep(s),
		p.generateStep(s, "recovery", "the successor's recovery key"),
		p.generateStep(s, "K1", "the successor's first release key"),
		p.generateStep(s, "K2", "the successor's spare key (release plus two)"),
		{name: "draft", run: func(ctx context.Context, j *journal) (string, error) {
			rec, err := p.secretKey("recovery", s)
			if err != nil {
				return "", err
			}
			k1, err := p.secretKey("K1", s)
			if err != nil {
				return "", err
			}
			e := chain.Follow(head, chain.KindHandover, k1.Public(""), s.now())
			e.Name, e.Recovery, e.Reason, e.Witnesses = hp.Name, rec.Public(""), hp.Reason, hp.Witnesses
			se, err := chain.SignEntry(e, k1, rec)
			if err != nil {
				return "", err
			}
			if err := writeReplace(p.draftPath(), se.Marshal()); err != nil {
				return "", err
			}
			if hp.Draft != "" {
				if err := writeReplace(hp.Draft, se.Marshal()); err != nil {
					return "", err
				}
			}
			j.addFile(FileRecord{Name: "hand-over draft", SHA256: se.Hash().String()})
			return fmt.Sprintf("draft for position %d, handing %s from %q to %q", se.Position, hp.Package, res.Name, hp.Name), nil
		}},
	}
	params := map[string]string{"package": hp.Package, "successor": hp.Name, "from-head": head.Hash().String()}
	err = p.run(ctx, s, "handover-request", params, HandoverRequestPlan(hp), steps, func(j *journal) error {
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
	out.Files = []string{p.draftPath()}
	if hp.Draft != "" {
		out.Files = append(out.Files, hp.Draft)
	}
	return &out, nil
}

// HandoverSign is the outgoing signatory's move: check the draft against
// the vault's chain and every signature on it, have the operator confirm
// that the successor's words were compared out of band, and sign it with
// the key in force. The chain then belongs to the successor.
func (v *Vault) HandoverSign(ctx context.Context, ui *UI, opts Options, pkg string, draft *chain.SignedEntry) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	p, entries, err := v.openChain(pkg)
	if err != nil {
		return nil, err
	}
	var out Outcome
	steps := []step{
		p.readinessStep(s),
		{name: "check", run: func(ctx context.Context, j *journal) (string, error) {
			head := entries[len(entries)-1]
			if head.Hash() == draft.Hash() {
				return "already signed", nil
			}
			if draft.Prev != head.Hash() || draft.Position != head.Position+1 || draft.Package != pkg {
				return "", fmt.Errorf("the draft does not follow this vault's head (position %d, %s): ask the successor to prepare it again from the current chain", head.Position, head.Hash())
			}
			for _, need := range []struct {
				k    *signify.PublicKey
				role string
			}{{draft.Next, "the successor's release key"}, {draft.Recovery, "the successor's recovery key"}} {
				if err := draft.SignedBy(need.k); err != nil {
					return "", fmt.Errorf("the draft lacks the successor's acceptance by %s: %w", need.role, err)
				}
			}
			var names []string
			for _, w := range draft.Witnesses {
				if err := draft.SignedBy(w.Key); err != nil {
					return "", fmt.Errorf("witness %q has not signed the draft (or the signature is forged): %w", w.Name, err)
				}
				names = append(names, w.Name)
			}
			j.addKey(keyRecord("successor K1", "successor's release key", draft.Next))
			j.addKey(keyRecord("successor recovery", "successor's recovery key (new signatory)", draft.Recovery))
			return fmt.Sprintf("to %q, witnessed by %s", draft.Name, strings.Join(names, ", ")), nil
		}},
		{name: "compare", run: func(ctx context.Context, j *journal) (string, error) {
			ok, err := s.ui.confirm(fmt.Sprintf("Hand %s over to %q? Read the successor's recovery key words aloud with them (phone, in person), and check they match:\n  %s\nDo they match, and do you hand over?", pkg, draft.Name, draft.Recovery.Fingerprint().WordString()))
			if err != nil {
				return "", err
			}
			if !ok {
				return "", fmt.Errorf("hand-over not confirmed: nothing was signed")
			}
			return "words compared and confirmed: " + draft.Recovery.Fingerprint().WordString(), nil
		}},
		{name: "sign", run: func(ctx context.Context, j *journal) (string, error) {
			entries, err := p.Chain()
			if err != nil {
				return "", err
			}
			head := entries[len(entries)-1]
			if head.Hash() == draft.Hash() {
				out.Head = head
				return "already appended", nil
			}
			ks, err := p.keyStates(entries)
			if err != nil {
				return "", err
			}
			k, err := p.secretKey(ks.inForce, s)
			if err != nil {
				return "", err
			}
			if err := draft.AddSignature(k); err != nil {
				return "", err
			}
			if err := p.appendVerified(entries, draft); err != nil {
				return "", err
			}
			j.set("signer", ks.inForce)
			out.Head = draft
			return fmt.Sprintf("position %d signed by %s", draft.Position, ks.inForce), nil
		}},
	}
	params := map[string]string{"package": pkg, "successor": draft.Name, "draft": draft.Hash().String()}
	err = p.run(ctx, s, "handover-sign", params, HandoverSignPlan(), steps, func(j *journal) error {
		label := j.Data["signer"]
		if label == "" {
			return fmt.Errorf("no signer recorded")
		}
		k, err := p.secretKey(label, s)
		if err != nil {
			return err
		}
		j.Notes = append(j.Notes, "the chain now belongs to "+draft.Name+"; this vault's keys for it no longer sign anything")
		out.Transcript, err = p.writeTranscript(s, j, label, k)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.outcome(&out)
}

// HandoverAccept is the successor's last move: take the published chain,
// whose head must be the hand-over they drafted, into their vault.
func (v *Vault) HandoverAccept(ctx context.Context, ui *UI, opts Options, pkg string, chainData []byte) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	p := v.Package(pkg)
	res, err := chain.FirstTrust(pkg, chain.NewReader("published chain", bytes.NewReader(chainData)))
	if err != nil {
		return nil, err
	}
	entries, err := chain.ReadAll("published chain", bytes.NewReader(chainData))
	if err != nil {
		return nil, err
	}
	head := entries[len(entries)-1]
	k1, err := p.PublicKey("K1")
	if err != nil {
		return nil, fmt.Errorf("this vault has no hand-over request for %s: %w", pkg, err)
	}
	rec, err := p.PublicKey("recovery")
	if err != nil {
		return nil, err
	}
	if head.Kind != chain.KindHandover || !head.Next.Equal(k1) || !head.Recovery.Equal(rec) {
		return nil, fmt.Errorf("the chain's head (position %d, %s) is not the hand-over to this vault's keys", head.Position, head.Kind)
	}
	if d, err := os.ReadFile(p.draftPath()); err == nil {
		if draft, err := ParseDraft(p.draftPath(), d); err == nil && draft.Hash() != head.Hash() {
			return nil, fmt.Errorf("the published hand-over (%s) is not the draft this vault signed (%s): compare them before accepting", head.Hash(), draft.Hash())
		}
	}
	var out Outcome
	steps := []step{
		{name: "import", run: func(ctx context.Context, j *journal) (string, error) {
			if err := p.writeChain(entries); err != nil {
				return "", err
			}
			os.Remove(p.draftPath())
			return fmt.Sprintf("chain of %d entries; signatory now %s (%q)", len(entries), res.Head.Signatory, res.Name), nil
		}},
	}
	err = p.run(ctx, s, "handover-accept", map[string]string{"package": pkg, "head": head.Hash().String()}, HandoverAcceptPlan(), steps, func(j *journal) error {
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
	return p.outcome(&out)
}
