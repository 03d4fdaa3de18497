package ceremony

import (
	"context"
	"fmt"
	"os"

	"github.com/baton-signing/baton/chain"
)

// The engine. Each ceremony is a declared value: a per-ceremony type
// (genesis, release, rekey, …) holding its package and session (base) and
// its parameters, whose steps are its methods. Its declare method gives
// the engine a declared: the journal's name and parameters, the plan (the
// exported …Plan function: step names and titles, optional steps included
// by name from the parameters) and a body for each step name. The engine
// (perform) runs the planned steps in order under the journal
// (Package.run), then closes every ceremony the same way: the ceremony's
// own closing touches, the transcript signed with the key the ceremony
// names, and the Outcome.
//
// The step names and the journal's parameters are a contract: an
// unfinished ceremony journalled by an older Baton resumes by them.

// stepFunc is a step's body. It does the step's effect, idempotently over
// the vault's files (a ceremony killed after the effect and before the
// journal entry redoes it), and returns the detail the transcript records.
type stepFunc func(ctx context.Context, j *journal) (detail string, err error)

// declared is a ceremony as the engine runs it.
type declared struct {
	name   string            // the journal's and transcript's ceremony name
	params map[string]string // what a resume must repeat
	plan   []Step            // the steps, in order, as UIs show them
	// steps holds a body for every step name the plan may hold; the plan
	// picks which run and in which order.
	steps map[string]stepFunc
	// signer names the key that signs the transcript; nil means the key
	// in force, or the recovery key when that is not in the vault.
	signer func(j *journal) (string, error)
	// closing, if set, runs once every step is done, before the
	// transcript is signed: notes for the transcript, and the outcome's
	// fields that only the journal knows.
	closing func(j *journal, out *Outcome) error
	// chain is set by the ceremonies that change the chain: the outcome
	// names the chain file to publish, and a missing chain is an error.
	chain bool
}

// Outcome is what a finished ceremony produced. Each file it wrote for
// the person to publish or keep has its named field; Files lists all of
// them in the order of the fields.
type Outcome struct {
	Head       *chain.SignedEntry // the chain's head after the ceremony; nil without a chain
	Transcript string             // path of the signed transcript
	SignedWith string             // label of the vault key that signed the transcript

	Chain     string // the chain file, when the ceremony changed it: publish it
	Signature string // a release: the checksum list's signature (SHA256.sig), to publish
	// Draft is a hand-over draft: the vault's copy after a request, the
	// file co-signed after a witness's signature; DraftCopy, the copy a
	// request also wrote where it was asked to (HandoverRequestParams.Draft).
	Draft     string
	DraftCopy string
	Folder    string   // a backup: where it went (a split's own folder, for shares)
	Copies    []string // a backup to key files: each key's .sec and .pub copy
	Sheets    []string // a paper backup or a split: the PDF sheets
	// Files lists the files above, in that order: what a UI shows as
	// written or to publish.
	Files []string

	// Wiped are the keys whose secret a release wiped from the vault, and
	// Destroy the recorded backups of them that remain to be destroyed.
	Wiped   []string
	Destroy []BackupRecord
}

// files lists the outcome's files in the order of its fields.
func (o *Outcome) files() []string {
	var out []string
	for _, f := range []string{o.Chain, o.Signature, o.Draft, o.DraftCopy} {
		if f != "" {
			out = append(out, f)
		}
	}
	out = append(out, o.Copies...)
	return append(out, o.Sheets...)
}

// perform runs a declared ceremony and closes it: the steps the plan
// names, the ceremony's closing, the transcript signed, the Outcome.
func (p *Package) perform(ctx context.Context, s *session, d declared) (*Outcome, error) {
	steps, err := d.assemble()
	if err != nil {
		return nil, err
	}
	out := &Outcome{}
	err = p.run(ctx, s, d.name, d.params, steps, func(j *journal) error {
		if d.closing != nil {
			if err := d.closing(j, out); err != nil {
				return err
			}
		}
		label, err := p.transcriptSigner(j, d.signer)
		if err != nil {
			return err
		}
		k, err := p.secretKey(label, s)
		if err != nil {
			return err
		}
		out.Transcript, err = p.writeTranscript(s, j, label, k)
		out.SignedWith = label
		return err
	})
	if err != nil {
		return nil, err
	}
	if !d.chain {
		out.Head = p.head()
	} else {
		entries, err := p.Chain()
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return nil, fmt.Errorf("no chain after the %s ceremony", d.name)
		}
		out.Head, out.Chain = entries[len(entries)-1], p.ChainPath()
	}
	out.Files = out.files()
	return out, nil
}

// assemble lists the steps of the plan, in its order, with their bodies:
// a planned step without one is a bug.
func (d declared) assemble() ([]step, error) {
	out := make([]step, len(d.plan))
	for i, pl := range d.plan {
		run, ok := d.steps[pl.Name]
		if !ok {
			return nil, fmt.Errorf("internal error: step %d of the %s plan, %q, has no body", i+1, d.name, pl.Name)
		}
		out[i] = step{name: pl.Name, title: pl.Title, run: run}
	}
	return out, nil
}

// transcriptSigner names the key that signs a transcript: the one signer
// names, else the key in force, else the recovery key, whichever the
// vault holds.
func (p *Package) transcriptSigner(j *journal, signer func(*journal) (string, error)) (string, error) {
	if signer != nil {
		return signer(j)
	}
	var labels []string
	if ks, err := p.currentKeys(); err == nil && ks.inForce != "" {
		labels = append(labels, ks.inForce)
	}
	for _, l := range append(labels, "recovery") {
		if _, err := os.Stat(p.path("keys", l+".sec")); err == nil {
			return l, nil
		}
	}
	return "", fmt.Errorf("no key in the vault can sign the transcript of %s (neither the key in force nor the recovery key)", p.Name)
}

// signedBy is a signer that always names label.
func signedBy(label string) func(*journal) (string, error) {
	return func(*journal) (string, error) { return label, nil }
}

// base is what every ceremony's steps share: the package and the session.
type base struct {
	p *Package
	s *session
}

// state reads the vault as the chain sees it, afresh: the chain's entries
// and the keys against them. A step that needs either reads it once, when
// it starts, so that a resumed ceremony sees what an earlier run wrote.
func (b base) state() (*keyState, error) { return b.p.currentKeys() }

// generate generates the key label (once: newKey keeps an existing one),
// encrypted with the package passphrase (new while it has no keys).
func (b base) generate(label, role string) stepFunc {
	return func(ctx context.Context, j *journal) (string, error) {
		pass, err := b.p.newKeysPassphrase(b.s)
		if err != nil {
			return "", err
		}
		pub, err := b.p.newKey(label, keyComment(b.p.Name, label), pass)
		if err != nil {
			return "", err
		}
		j.addKey(keyRecord(label, role, pub))
		return label + " " + pub.Fingerprint().WordString(), nil
	}
}

// restoreTest reads each key back from the vault and decrypts it: a key
// counts only once it has been restored.
func (b base) restoreTest(labels ...string) stepFunc {
	return func(ctx context.Context, j *journal) (string, error) {
		for _, l := range labels {
			if _, err := b.p.restoreTest(l, b.s); err != nil {
				return "", fmt.Errorf("restore test of %s failed: %w", l, err)
			}
		}
		return fmt.Sprintf("decrypted and matched: %v", labels), nil
	}
}
