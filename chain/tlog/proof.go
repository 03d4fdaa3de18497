package tlog

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// A Proof is a C2SP tlog-proof: the index of an entry in the log, its
// inclusion proof in the checkpointed tree (RFC 6962, the leaf's sibling
// first), and the checkpoint with its signatures, verbatim:
//
//	c2sp.org/tlog-proof@v1
//	index 73894
//	<base64 hash>
//	...
//
//	<checkpoint note>
//
// Baton writes no extra line and ignores one it reads (it is not
// authenticated).
type Proof struct {
	Index      uint64
	Hashes     []tlog.Hash
	Checkpoint []byte // the signed note: body, blank line, signature lines
}

const proofHeader = "c2sp.org/tlog-proof@v1"

// Limits on a proof file: a checkpoint of a few cosignatures and at most
// 63 hashes (a tree of 2^63 entries).
const (
	MaxProofSize      = 64 << 10
	maxProofHashes    = 63
	maxCheckpointSize = 32 << 10
)

// ProofExt is the file extension of a proof: chain file "x" has its proof
// in "x.tlog-proof".
const ProofExt = ".tlog-proof"

// Marshal returns the proof file.
func (p *Proof) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nindex %d\n", proofHeader, p.Index)
	for _, h := range p.Hashes {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.Write(p.Checkpoint)
	return b.Bytes()
}

// ParseProof reads a proof file; name names it in errors. It checks the
// form only: Verify checks what it proves.
func ParseProof(name string, data []byte) (*Proof, error) {
	fail := func(format string, args ...any) (*Proof, error) {
		return nil, fmt.Errorf("%w: %s: %s", ErrMalformed, name, fmt.Sprintf(format, args...))
	}
	if len(data) > MaxProofSize {
		return fail("larger than %d bytes", MaxProofSize)
	}
	head, cp, ok := bytes.Cut(data, []byte("\n\n"))
	if !ok {
		return fail("no blank line before the checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != proofHeader {
		return fail("the first line must be %q", proofHeader)
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return fail("expected an index line")
	}
	p := &Proof{Checkpoint: cp}
	var err error
	if p.Index, err = parseUint(strings.TrimPrefix(lines[0], "index ")); err != nil {
		return fail("index: %v", err)
	}
	if len(lines)-1 > maxProofHashes {
		return fail("%d hashes, more than %d", len(lines)-1, maxProofHashes)
	}
	for i, l := range lines[1:] {
		h, err := parseB64Hash(l)
		if err != nil {
			return fail("hash %d: %v", i+1, err)
		}
		p.Hashes = append(p.Hashes, h)
	}
	if len(cp) == 0 || len(cp) > maxCheckpointSize {
		return fail("the checkpoint is empty or larger than %d bytes", maxCheckpointSize)
	}
	return p, nil
}

// parseB64Hash decodes one SHA-256 hash in strict base64.
func parseB64Hash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(raw) != len(h) {
		return h, fmt.Errorf("%q is not a base64 SHA-256 hash", truncate(s, 60))
	}
	copy(h[:], raw)
	return h, nil
}
