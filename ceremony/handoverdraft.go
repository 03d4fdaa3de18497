package ceremony

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// The draft hand-over entry between the successor's request and the
// outgoing signatory's signature: reading it, the witnesses' co-signatures
// and the file they are written to. The command line and the desktop app
// share these, so both check and word things alike.

// Why a draft cannot be co-signed (see CheckWitnessable, WitnessDraft).
var (
	ErrNoWitnesses  = errors.New("the draft names no witnesses: it needs no co-signature")
	ErrNotAccepted  = errors.New("the draft lacks the successor's acceptance (their signatures)")
	ErrNotWitness   = errors.New("not a witness the draft names")
	ErrDraftChanged = errors.New("the draft changed since it was shown")
)

// ParseDraft reads a draft hand-over entry.
func ParseDraft(name string, data []byte) (*chain.SignedEntry, error) {
	se, err := chain.ParseSignedEntry(name, 1, data)
	if err != nil {
		return nil, err
	}
	if se.Kind != chain.KindHandover {
		return nil, fmt.Errorf("%s is a %s entry, not a hand-over draft", name, se.Kind)
	}
	return se, nil
}

// ReadDraft reads and parses the draft file at path.
func ReadDraft(path string) (*chain.SignedEntry, error) {
	data, err := ReadFile(path, MaxDraftFile)
	if err != nil {
		return nil, fmt.Errorf("reading the draft: %w", err)
	}
	return ParseDraft(path, data)
}

// CheckWitnessable reports why nobody can co-sign draft: it names no
// witnesses (ErrNoWitnesses), or it lacks the successor's signatures by
// their new release and recovery keys (ErrNotAccepted). nil means
// witnesses may sign it.
func CheckWitnessable(draft *chain.SignedEntry) error {
	if len(draft.Witnesses) == 0 {
		return ErrNoWitnesses
	}
	for _, need := range []*signify.PublicKey{draft.Next, draft.Recovery} {
		if err := draft.SignedBy(need); err != nil {
			return fmt.Errorf("%w: %w", ErrNotAccepted, err)
		}
	}
	return nil
}

// WitnessState splits draft's witnesses, by name, into those whose
// signature is on it and those still to sign. A witness signature that is
// there but does not verify is an error naming the witness.
func WitnessState(draft *chain.SignedEntry) (signed, missing []string, err error) {
	for _, w := range draft.Witnesses {
		switch err := draft.SignedBy(w.Key); {
		case err == nil:
			signed = append(signed, w.Name)
		case errors.Is(err, chain.ErrNotSigned):
			missing = append(missing, w.Name)
		default:
			return nil, nil, fmt.Errorf("the signature of witness %q on the draft does not verify: %w", w.Name, err)
		}
	}
	return signed, missing, nil
}

// draftWitness returns the witness of draft whose key is pub's, if any.
func draftWitness(draft *chain.SignedEntry, pub *signify.PublicKey) (chain.Witness, bool) {
	for _, w := range draft.Witnesses {
		if w.Key.Equal(pub) || bytes.Equal(w.Key.Key, pub.Key) {
			return w, true
		}
	}
	return chain.Witness{}, false
}

// WitnessDraft adds a witness's signature to a draft and returns the
// witness's name as the draft gives it. The witness's key must be one the
// draft names (else the error wraps ErrNotWitness).
func WitnessDraft(draft *chain.SignedEntry, witness *signify.SecretKey) (string, error) {
	pub := witness.Public("")
	w, ok := draftWitness(draft, pub)
	if !ok {
		return "", fmt.Errorf("this key (%s) is %w", pub.Fingerprint().WordString(), ErrNotWitness)
	}
	if err := draft.AddSignature(witness); err != nil {
		return "", err
	}
	return w.Name, nil
}

// Witnessed is what WitnessDraftFile did.
type Witnessed struct {
	Draft   *chain.SignedEntry // the draft as it now is on disk
	Name    string             // the witness's name, as the draft gives it
	Already bool               // the signature was there already: the file is unchanged
}

// WitnessParams name a witness's co-signature of a hand-over draft.
type WitnessParams struct {
	Draft string             // the draft file, replaced with the co-signed draft
	Key   *signify.SecretKey // the witness's key, which the draft must name
	// Shown, when not nil, is the hash of the draft the witness was shown
	// (SignedEntry.Hash, which signatures do not change): a draft whose
	// text differs from it is refused (ErrDraftChanged), so a witness
	// signs what they read and nothing put in its place since.
	Shown *chain.Hash
}

// WitnessDraftFile is a witness's co-signature of the draft file
// wp.Draft: it reads and parses the draft, refuses one that
// CheckWitnessable refuses or that does not name the witness's key
// (ErrNotWitness), adds the signature and replaces the file atomically (a
// temporary file beside it, synced, renamed over it, keeping its mode). A
// draft the witness has signed already is left as it is (Already). On an
// error the file is unchanged. Its steps are WitnessPlan's; it keeps no
// journal and signs no transcript.
func WitnessDraftFile(wp WitnessParams) (*Witnessed, error) {
	path, witness := wp.Draft, wp.Key
	draft, err := ReadDraft(path)
	if err != nil {
		return nil, err
	}
	if wp.Shown != nil && draft.Hash() != *wp.Shown {
		return nil, fmt.Errorf("%s: %w (it is now %s, you were shown %s): check what it says again", path, ErrDraftChanged, draft.Hash(), *wp.Shown)
	}
	if err := CheckWitnessable(draft); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if w, ok := draftWitness(draft, witness.Public("")); ok && draft.SignedBy(w.Key) == nil {
		return &Witnessed{Draft: draft, Name: w.Name, Already: true}, nil
	}
	name, err := WitnessDraft(draft, witness)
	if err != nil {
		return nil, err
	}
	if err := writeKeepingMode(path, draft.Marshal()); err != nil {
		return nil, fmt.Errorf("writing the draft: %w", err)
	}
	return &Witnessed{Draft: draft, Name: name}, nil
}

// writeKeepingMode replaces the file at path with data atomically, keeping
// its permission bits (0644 for a new file).
func writeKeepingMode(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := writeTemp(path, data, mode)
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil { // the umask may have narrowed it
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// ParseWitnessKey parses "NAME=KEY", one witness of a hand-over request:
// NAME as users will see it, KEY their public key as its 56 base64
// characters or the path of their signify .pub file. The last '=' splits,
// so a name may hold one. The key's comment is dropped.
func ParseWitnessKey(v string) (chain.Witness, error) {
	i := strings.LastIndex(v, "=")
	if i < 0 {
		return chain.Witness{}, errors.New("say NAME=KEY: the witness's name, then their public key (56 base64 characters, or their .pub file)")
	}
	name, text := strings.TrimSpace(v[:i]), strings.TrimSpace(v[i+1:])
	if name == "" {
		return chain.Witness{}, errors.New("the witness's name is missing before '='")
	}
	if err := chain.CheckName(name); err != nil {
		return chain.Witness{}, err
	}
	k, err := signify.ParsePublicKeyText(text)
	if err != nil {
		data, ferr := os.ReadFile(text)
		if ferr != nil {
			return chain.Witness{}, fmt.Errorf("not a public key (%v), nor a readable .pub file", err)
		}
		if k, err = signify.ParsePublicKey(text, data); err != nil {
			return chain.Witness{}, fmt.Errorf("%s is not a public key file: %v", text, err)
		}
	}
	k.Comment = ""
	return chain.Witness{Name: name, Key: k}, nil
}
