package ceremony

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// Transcript is the record of a finished ceremony: who did what, when, with
// which keys (by fingerprint; never a secret) and which files (by hash).
// Its text form is signed as an embedded signify signature, so anyone can
// check it with `signify -V -e -p KEY.pub -x FILE.sig -m FILE.txt`.
type Transcript struct {
	Ceremony  string            `json:"ceremony"`
	Package   string            `json:"package"`
	Params    map[string]string `json:"params,omitempty"`
	Operator  string            `json:"operator"`
	Witnesses []string          `json:"witnesses,omitempty"`
	Started   time.Time         `json:"started"`
	Finished  time.Time         `json:"finished"`
	Steps     []StepRecord      `json:"steps"`
	Keys      []KeyRecord       `json:"keys,omitempty"`
	Files     []FileRecord      `json:"files,omitempty"`
	Notes     []string          `json:"notes,omitempty"`
	SignedBy  KeyRecord         `json:"signed_by"`
}

// Text renders the transcript for people and printers.
func (t *Transcript) Text() string {
	var b strings.Builder
	ts := func(x time.Time) string { return x.UTC().Format(time.RFC3339) }
	fmt.Fprintf(&b, "Baton ceremony transcript\n\n")
	fmt.Fprintf(&b, "ceremony:  %s\npackage:   %s\noperator:  %s\n", t.Ceremony, t.Package, t.Operator)
	if len(t.Witnesses) > 0 {
		fmt.Fprintf(&b, "witnesses: %s\n", strings.Join(t.Witnesses, ", "))
	}
	for _, k := range sortedKeys(t.Params) {
		fmt.Fprintf(&b, "%-10s %s\n", k+":", t.Params[k])
	}
	fmt.Fprintf(&b, "started:   %s\nfinished:  %s\n\nsteps:\n", ts(t.Started), ts(t.Finished))
	for i, s := range t.Steps {
		fmt.Fprintf(&b, "  %2d. %-40s %s", i+1, s.Title, ts(s.Finished))
		if s.Detail != "" {
			fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(s.Detail, "\n", "\n      "))
		}
		b.WriteByte('\n')
	}
	if len(t.Keys) > 0 {
		fmt.Fprintf(&b, "\nkeys:\n")
		for _, k := range t.Keys {
			fmt.Fprintf(&b, "  %-9s %-28s %s\n            %s\n", k.Label, k.Role, k.Fingerprint, k.Words)
		}
	}
	if len(t.Files) > 0 {
		fmt.Fprintf(&b, "\nfiles (SHA-256):\n")
		for _, f := range t.Files {
			fmt.Fprintf(&b, "  %s  %s\n", f.SHA256, f.Name)
		}
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "\nnote: %s\n", n)
	}
	fmt.Fprintf(&b, "\nsigned by %s (%s)\n          %s\n", t.SignedBy.Label, t.SignedBy.Fingerprint, t.SignedBy.Words)
	return b.String()
}

func keyRecord(label, role string, p *signify.PublicKey) KeyRecord {
	fp := p.Fingerprint()
	return KeyRecord{Label: label, Role: role, Fingerprint: fp.Hex(), Words: fp.WordString()}
}

// writeTranscript signs the journal's record with signer and writes
// transcripts/<time>-<ceremony>.{txt.sig,json}. It returns the .txt.sig path.
func (p *Package) writeTranscript(s *session, j *journal, signerLabel string, signer *signify.SecretKey) (string, error) {
	t := &Transcript{
		Ceremony: j.Ceremony, Package: p.Name, Params: transcriptParams(j.Params, p.Name), Operator: j.Operator, Witnesses: j.Witnesses,
		Started: j.Started, Finished: s.now(), Steps: j.Steps, Keys: j.Keys, Files: j.Files, Notes: j.Notes,
		SignedBy: keyRecord(signerLabel, "signs this transcript", signer.Public("")),
	}
	text := t.Text()
	sig := signer.Sign([]byte(text), fmt.Sprintf("baton %s transcript for %s, signed by %s", t.Ceremony, p.Name, signerLabel))
	sig.Message = []byte(text)
	js, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return "", err
	}
	dir := p.path("transcripts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	root := filepath.Join(dir, t.Started.UTC().Format("20060102T150405Z")+"-"+t.Ceremony)
	if v := t.Params["version"]; v != "" {
		root += "-" + v // chain.CheckVersion: no '/', never "." or ".."
	}
	// Two ceremonies in one second must not share a name.
	base := root
	for i := 2; ; i++ {
		if _, err := os.Stat(base + ".json"); err != nil {
			break
		}
		base = fmt.Sprintf("%s.%d", root, i)
	}
	if err := writeReplace(base+".json", append(js, '\n')); err != nil {
		return "", err
	}
	if err := writeReplace(base+".txt.sig", sig.Marshal()); err != nil {
		return "", err
	}
	return base + ".txt.sig", nil
}

// transcriptParams are the journal's params as a transcript records them:
// without "package" when it is the transcript's own package, which its
// header names already ("package:" would show twice). Transcripts signed
// before keep it in their JSON, so Text still renders them as signed.
func transcriptParams(params map[string]string, pkg string) map[string]string {
	if params["package"] != pkg {
		return params
	}
	out := maps.Clone(params)
	delete(out, "package")
	if len(out) == 0 {
		return nil
	}
	return out
}

// Transcripts lists the package's transcripts (.txt.sig paths), oldest first.
func (p *Package) Transcripts() ([]string, error) {
	m, err := filepath.Glob(p.path("transcripts", "*.txt.sig"))
	return m, err
}

// OpenTranscript reads a transcript and checks its signature with the
// public key it names, which must be one of the package's keys.
func (p *Package) OpenTranscript(path string) (*Transcript, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sig, err := signify.ParseSignature(path, data)
	if err != nil {
		return nil, "", err
	}
	js, err := os.ReadFile(strings.TrimSuffix(path, ".txt.sig") + ".json")
	if err != nil {
		return nil, "", err
	}
	var t Transcript
	if err := json.Unmarshal(js, &t); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	pub, err := p.PublicKey(t.SignedBy.Label)
	if err != nil {
		return nil, "", err
	}
	if pub.Fingerprint().Hex() != t.SignedBy.Fingerprint {
		return nil, "", fmt.Errorf("transcript %s names key %s with fingerprint %s, but the vault's %s.pub has %s", path, t.SignedBy.Label, t.SignedBy.Fingerprint, t.SignedBy.Label, pub.Fingerprint().Hex())
	}
	msg, err := pub.VerifyEmbedded(sig)
	if err != nil {
		return nil, "", fmt.Errorf("transcript %s: %w", path, err)
	}
	if !bytes.Equal(msg, []byte(t.Text())) {
		return nil, "", fmt.Errorf("transcript %s: the JSON record differs from the signed text", path)
	}
	return &t, string(msg), nil
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
