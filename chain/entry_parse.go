package chain

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// fieldOrder is the order of an entry's lines; witness and commit repeat.
var fieldOrder = []string{entryHeader, "package", "signatory", "position", "kind", "time", "prev",
	"name", "recovery", "version", "checksums", "reason", "reveal", "witness", "commit", "next"}

// parseEntry parses an entry's text (without signatures). file names the
// input and line is the line number of the text's first line, for errors.
// Only the canonical encoding is accepted: parseEntry(x).Marshal() == x.
func parseEntry(file string, line int, text []byte) (*Entry, error) {
	fail := func(n int, format string, args ...any) error {
		return &signify.ParseError{File: file, Line: line + n, Msg: fmt.Sprintf(format, args...)}
	}
	if len(text) > maxEntryTextLen {
		return nil, fail(0, "entry text is %d bytes, more than the limit of %d", len(text), maxEntryTextLen)
	}
	if !bytes.HasSuffix(text, []byte("\n")) {
		return nil, fail(0, "entry text must end in a newline")
	}
	lines := strings.Split(string(text[:len(text)-1]), "\n")
	e := &Entry{}
	rank := -1
	for i, l := range lines {
		if strings.HasSuffix(l, "\r") {
			return nil, fail(i, "line ends in CRLF; chain files use LF line endings")
		}
		if limit := lineLimit(l, "reveal "); len(l) > limit {
			return nil, fail(i, "line is %d bytes, more than the limit of %d", len(l), limit)
		}
		key, val, _ := strings.Cut(l, " ")
		if i == 0 {
			if l != entryHeader {
				return nil, fail(i, "expected the entry header %q, found %q", entryHeader, truncate(l, 80))
			}
			rank = 0
			continue
		}
		r := indexOf(fieldOrder, key)
		if r <= 0 {
			return nil, fail(i, "unknown field %q; expected one of %s", truncate(key, 40), strings.Join(fieldOrder[1:], ", "))
		}
		if r < rank || r == rank && key != "witness" && key != "commit" {
			return nil, fail(i, "field %q is out of order or repeated; fields come in the order %s", key, strings.Join(fieldOrder[1:], ", "))
		}
		rank = r
		if err := e.setField(key, val); err != nil {
			return nil, fail(i, "%s: %v", key, err)
		}
	}
	if rank != len(fieldOrder)-1 {
		return nil, fail(len(lines), "entry ends without a %q line", "next")
	}
	if err := e.check(); err != nil {
		return nil, fail(0, "%v", err)
	}
	if again, _ := e.Marshal(); !bytes.Equal(again, text) {
		return nil, fail(0, "entry is not in canonical form (see SPEC.md, \"Chain entries\")")
	}
	return e, nil
}

// setField sets one field from its line. Strings are cloned: val is a
// substring of the whole entry text, and a verifier that keeps one field
// of every entry (a release's version) must not keep every entry's text.
func (e *Entry) setField(key, val string) error {
	var err error
	switch key {
	case "package":
		e.Package = strings.Clone(val)
	case "signatory":
		e.Signatory = SignatoryID(strings.Clone(val))
	case "position":
		e.Position, err = strconv.ParseUint(val, 10, 64)
		if err != nil || val != strconv.FormatUint(e.Position, 10) {
			return fmt.Errorf("expected a decimal number without leading zeros, found %q", truncate(val, 40))
		}
	case "kind":
		e.Kind = Kind(strings.Clone(val))
	case "time":
		e.Time, err = time.Parse(time.RFC3339, val)
		if err != nil || !strings.HasSuffix(val, "Z") {
			return fmt.Errorf("expected a UTC time like 2026-11-25T14:03:00Z, found %q", truncate(val, 40))
		}
	case "prev":
		e.Prev, err = parseHash(val)
	case "name":
		e.Name = strings.Clone(val)
	case "recovery":
		e.Recovery, err = signify.ParsePublicKeyText(val)
	case "version":
		e.Version = strings.Clone(val)
	case "checksums":
		e.Checksums, err = parseHash(val)
	case "reason":
		e.Reason = strings.Clone(val)
	case "reveal":
		alg, k, _ := strings.Cut(val, " ")
		e.Reveal, err = ParseEmergencyKey(alg, k)
	case "witness":
		k, name, _ := strings.Cut(val, " ")
		var w Witness
		if w.Key, err = signify.ParsePublicKeyText(k); err == nil {
			w.Name = strings.Clone(name)
			e.Witnesses = append(e.Witnesses, w)
		}
	case "commit":
		alg, h, _ := strings.Cut(val, " ")
		var c Commitment
		if c.Hash, err = parseHash(h); err == nil {
			c.Alg = strings.Clone(alg)
			e.Commits = append(e.Commits, c)
		}
	case "next":
		e.Next, err = signify.ParsePublicKeyText(val)
	}
	return err
}

// lineLimit is maxLineLen, or maxLongLineLen for a line with the prefix
// that may carry a post-quantum key or signature.
func lineLimit(l, longPrefix string) int {
	if strings.HasPrefix(l, longPrefix) {
		return maxLongLineLen
	}
	return maxLineLen
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
