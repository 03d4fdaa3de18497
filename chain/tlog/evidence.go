package tlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/baton-signing/baton/chain"
)

// A piece of evidence is an entry a log refused because it conflicts with
// a logged entry and a key in force at its position signed it: a fork by a
// stolen key, or a signatory's equivocation. Its file is
//
//	baton-evidence v1
//	against <log index of the logged entry at its position>
//
//	<the signed entry, as submitted>
const evidenceHeader = "baton-evidence v1\n"

// MaxEvidenceSize bounds a piece of evidence: an entry and two lines.
const MaxEvidenceSize = 64 << 10

// MarshalEvidence returns the file of a piece of evidence.
func MarshalEvidence(e *chain.SignedEntry, against uint64) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%sagainst %d\n\n", evidenceHeader, against)
	b.Write(e.Marshal())
	return b.Bytes()
}

// ParseEvidence reads a piece of evidence: the log index of the logged
// entry it conflicts with, and the entry.
func ParseEvidence(name string, data []byte) (uint64, *chain.SignedEntry, error) {
	if len(data) > MaxEvidenceSize {
		return 0, nil, fmt.Errorf("%s: evidence larger than %d bytes", name, MaxEvidenceSize)
	}
	rest, ok := bytes.CutPrefix(data, []byte(evidenceHeader))
	if !ok {
		return 0, nil, fmt.Errorf("%s: not Baton evidence (no %q line)", name, strings.TrimSpace(evidenceHeader))
	}
	line, body, ok := bytes.Cut(rest, []byte("\n\n"))
	n, found := strings.CutPrefix(string(line), "against ")
	against, err := parseUint(n)
	if !ok || !found || err != nil {
		return 0, nil, fmt.Errorf("%s: line 2 must be \"against <log index>\"", name)
	}
	e, err := chain.ParseSignedEntry(name, 4, body)
	if err != nil {
		return 0, nil, err
	}
	return against, e, nil
}

// EvidenceItem is one line of a log's evidence list.
type EvidenceItem struct {
	Seq      uint64     // the piece's number, from 1
	Against  uint64     // the log index of the logged entry it conflicts with
	Hash     chain.Hash // the refused entry's hash
	Position uint64
	Package  string
}

// Line is the item as the log lists it: "seq against hash position
// package".
func (it EvidenceItem) Line() string {
	return fmt.Sprintf("%d %d %s %d %s", it.Seq, it.Against, it.Hash, it.Position, it.Package)
}

// MaxEvidenceList bounds a listing a client reads in one request.
const MaxEvidenceList = 1 << 20

// ParseEvidenceList reads a log's evidence list.
func ParseEvidenceList(data []byte) ([]EvidenceItem, error) {
	if len(data) > MaxEvidenceList {
		return nil, fmt.Errorf("evidence list larger than %d bytes", MaxEvidenceList)
	}
	var out []EvidenceItem
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		it, err := parseEvidenceLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("evidence list, line %d: %w", n, err)
		}
		out = append(out, it)
	}
	return out, sc.Err()
}

func parseEvidenceLine(l string) (EvidenceItem, error) {
	f := strings.Split(l, " ")
	if len(f) != 5 {
		return EvidenceItem{}, errors.New("want 5 fields: seq against hash position package")
	}
	var it EvidenceItem
	var err [5]error
	it.Seq, err[0] = parseUint(f[0])
	it.Against, err[1] = parseUint(f[1])
	it.Hash, err[2] = chain.ParseHash(f[2])
	it.Position, err[3] = parseUint(f[3])
	it.Package, err[4] = f[4], chain.CheckPackage(f[4])
	if e := errors.Join(err[:]...); e != nil {
		return EvidenceItem{}, e
	}
	return it, nil
}

// parseUint parses a decimal without sign or leading zeros.
func parseUint(s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != s {
		return 0, fmt.Errorf("%q is not a decimal number without leading zeros", truncate(s, 40))
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
