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
	head := entries[len(entries)-1]
	if err := checkDraftTarget(hp.Draft, hp.Package, head); err != nil {
		return nil, err
	}
	p := v.Package(hp.Package)
	if es, _ := p.Chain(); len(es) > 0 {
		return nil, fmt.Errorf("this vault already holds a chain for %s; a successor prepares a hand-over in their own vault", hp.Package)
	}
	r := &handoverRequest{base{p, s}, hp, head, res.Name}
	return p.perform(ctx, s, r.declare())
}

// handoverRequest is the successor's request for one package.
type handoverRequest struct {
	base
	hp   HandoverRequestParams
	head *chain.SignedEntry // the current chain's head, which the draft follows
	from string             // the current signatory's name
}

func (r *handoverRequest) declare() declared {
	return declared{
		name:   "handover-request",
		params: map[string]string{"package": r.hp.Package, "successor": r.hp.Name, "from-head": r.head.Hash().String()},
		plan:   HandoverRequestPlan(r.hp),
		steps: map[string]stepFunc{
			"readiness":         r.readiness,
			"generate-recovery": r.generate("recovery", "the successor's recovery key"),
			"generate-K1":       r.generate("K1", "the successor's first release key"),
			"generate-K2":       r.generate("K2", "the successor's spare key (release plus two)"),
			"draft":             r.draft,
		},
		signer: signedBy("K1"),
		closing: func(j *journal, out *Outcome) error {
			out.Draft, out.DraftCopy = r.p.draftPath(), r.hp.Draft
			return nil
		},
	}
}

// draft signs the draft hand-over entry with the successor's new keys
// and writes it to the vault and where asked.
func (r *handoverRequest) draft(ctx context.Context, j *journal) (string, error) {
	p, hp := r.p, r.hp
	rec, err := p.secretKey("recovery", r.s)
	if err != nil {
		return "", err
	}
	k1, err := p.secretKey("K1", r.s)
	if err != nil {
		return "", err
	}
	e := chain.Follow(r.head, chain.KindHandover, k1.Public(""), r.s.now())
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
	return fmt.Sprintf("draft for position %d, handing %s from %q to %q", se.Position, hp.Package, r.from, hp.Name), nil
}

// HandoverSignParams name the draft the outgoing signatory signs.
type HandoverSignParams struct {
	Package string
	Draft   *chain.SignedEntry // the successor's draft, co-signed by its witnesses
}

// HandoverSign is the outgoing signatory's move: check the draft against
// the vault's chain and every signature on it, have the operator confirm
// that the successor's words were compared out of band, and sign it with
// the key in force. The chain then belongs to the successor.
func (v *Vault) HandoverSign(ctx context.Context, ui *UI, opts Options, hp HandoverSignParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	p, _, err := v.openChain(hp.Package)
	if err != nil {
		return nil, err
	}
	h := &handoverSign{base{p, s}, hp.Package, hp.Draft}
	return p.perform(ctx, s, h.declare())
}

// handoverSign is the outgoing signatory's signature of one draft.
type handoverSign struct {
	base
	pkg   string
	draft *chain.SignedEntry
}

func (h *handoverSign) declare() declared {
	return declared{
		name:   "handover-sign",
		params: map[string]string{"package": h.pkg, "successor": h.draft.Name, "draft": h.draft.Hash().String()},
		plan:   HandoverSignPlan(),
		steps: map[string]stepFunc{
			"readiness": h.readiness,
			"check":     h.check,
			"compare":   h.compare,
			"sign":      h.sign,
		},
		signer: func(j *journal) (string, error) {
			if j.Data["signer"] == "" {
				return "", fmt.Errorf("no signer recorded")
			}
			return j.Data["signer"], nil
		},
		closing: func(j *journal, out *Outcome) error {
			j.Notes = append(j.Notes, "the chain now belongs to "+h.draft.Name+"; this vault's keys for it no longer sign anything")
			return nil
		},
		chain: true,
	}
}

// check checks that the draft follows the vault's head and carries the
// successor's acceptance and every witness's signature.
func (h *handoverSign) check(ctx context.Context, j *journal) (string, error) {
	draft := h.draft
	ks, err := h.state()
	if err != nil {
		return "", err
	}
	head := ks.head()
	if head.Hash() == draft.Hash() {
		return "already signed", nil
	}
	if draft.Prev != head.Hash() || draft.Position != head.Position+1 || draft.Package != h.pkg {
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
}

// compare has the operator confirm the successor's words, compared out
// of band.
func (h *handoverSign) compare(ctx context.Context, j *journal) (string, error) {
	words := h.draft.Recovery.Fingerprint().WordString()
	ok, err := h.s.ui.confirm(fmt.Sprintf("Hand %s over to %q? Read the successor's recovery key words aloud with them (phone, in person), and check they match:\n  %s\nDo they match, and do you hand over?", h.pkg, h.draft.Name, words))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("hand-over not confirmed: nothing was signed")
	}
	return "words compared and confirmed: " + words, nil
}

// sign signs the draft with the key in force and appends it.
func (h *handoverSign) sign(ctx context.Context, j *journal) (string, error) {
	ks, err := h.state()
	if err != nil {
		return "", err
	}
	if ks.head().Hash() == h.draft.Hash() {
		return "already appended", nil
	}
	k, err := h.p.secretKey(ks.inForce, h.s)
	if err != nil {
		return "", err
	}
	if err := h.draft.AddSignature(k); err != nil {
		return "", err
	}
	if err := h.p.appendVerified(ks.entries, h.draft); err != nil {
		return "", err
	}
	j.set("signer", ks.inForce)
	return fmt.Sprintf("position %d signed by %s", h.draft.Position, ks.inForce), nil
}

// HandoverAcceptParams name the chain a successor takes over.
type HandoverAcceptParams struct {
	Package string
	Chain   []byte // the chain as the outgoing signatory published it
}

// HandoverAccept is the successor's last move: take the published chain,
// whose head must be the hand-over they drafted, into their vault.
func (v *Vault) HandoverAccept(ctx context.Context, ui *UI, opts Options, hp HandoverAcceptParams) (*Outcome, error) {
	s, err := newSession(ui, opts)
	if err != nil {
		return nil, err
	}
	defer s.close()
	pkg, p := hp.Package, v.Package(hp.Package)
	res, err := chain.FirstTrust(pkg, chain.NewReader("published chain", bytes.NewReader(hp.Chain)))
	if err != nil {
		return nil, err
	}
	entries, err := chain.ReadAll("published chain", bytes.NewReader(hp.Chain))
	if err != nil {
		return nil, err
	}
	head := entries[len(entries)-1]
	if err := p.checkHandedTo(head); err != nil {
		return nil, err
	}
	a := &handoverAccept{base{p, s}, entries, res}
	return p.perform(ctx, s, a.declare())
}

// handoverAccept is the successor's acceptance of one published chain.
type handoverAccept struct {
	base
	entries []*chain.SignedEntry // the published chain, verified
	res     *chain.Result        // what verifying it found
}

func (a *handoverAccept) declare() declared {
	return declared{
		name:   "handover-accept",
		params: map[string]string{"package": a.p.Name, "head": a.entries[len(a.entries)-1].Hash().String()},
		plan:   HandoverAcceptPlan(),
		steps:  map[string]stepFunc{"import": a.importChain},
		signer: signedBy("K1"),
		chain:  true,
	}
}

// importChain writes the published chain into the vault.
func (a *handoverAccept) importChain(ctx context.Context, j *journal) (string, error) {
	if err := a.p.writeChain(a.entries); err != nil {
		return "", err
	}
	os.Remove(a.p.draftPath())
	return fmt.Sprintf("chain of %d entries; signatory now %s (%q)", len(a.entries), a.res.Head.Signatory, a.res.Name), nil
}

// checkHandedTo checks that head is the hand-over to this vault's keys,
// and the very draft the vault signed when it still has it.
func (p *Package) checkHandedTo(head *chain.SignedEntry) error {
	k1, err := p.PublicKey("K1")
	if err != nil {
		return fmt.Errorf("this vault has no hand-over request for %s: %w", p.Name, err)
	}
	rec, err := p.PublicKey("recovery")
	if err != nil {
		return err
	}
	if head.Kind != chain.KindHandover || !head.Next.Equal(k1) || !head.Recovery.Equal(rec) {
		return fmt.Errorf("the chain's head (position %d, %s) is not the hand-over to this vault's keys", head.Position, head.Kind)
	}
	if d, err := os.ReadFile(p.draftPath()); err == nil {
		if draft, err := ParseDraft(p.draftPath(), d); err == nil && draft.Hash() != head.Hash() {
			return fmt.Errorf("the published hand-over (%s) is not the draft this vault signed (%s): compare them before accepting", head.Hash(), draft.Hash())
		}
	}
	return nil
}
