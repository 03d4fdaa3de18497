package main

import (
	"encoding/json"
	"io"

	"github.com/baton-signing/baton/chain/signify"
)

// printJSON writes v as the verb's one JSON object on stdout.
func (e *env) printJSON(v any) error {
	e.jsonDone = true
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return failure(err)
	}
	return nil
}

// show is where text a person must read before deciding goes (a key to
// compare, an event to consent to): stdout, or stderr with --json.
func (e *env) show() io.Writer {
	if e.g.json {
		return e.stderr
	}
	return e.stdout
}

// keyJSON describes a public key for machines and people.
type keyJSON struct {
	Label       string `json:"label,omitempty"`
	Key         string `json:"key"`
	Words       string `json:"words"`
	Fingerprint string `json:"fingerprint"`
}

func describeKey(label string, k *signify.PublicKey) *keyJSON {
	if k == nil {
		return nil
	}
	fp := k.Fingerprint()
	return &keyJSON{Label: label, Key: k.String(), Words: fp.WordString(), Fingerprint: fp.Hex()}
}

// A report is what a verb did and found, built once from the core's
// answers and printed once by print: as the verb's JSON object with
// --json (its exported fields), else as text for people.
type report interface {
	text(e *env, w io.Writer)
}

// print prints a verb's report on stdout, as JSON or as text.
func (e *env) print(r report) error {
	if e.g.json {
		return e.printJSON(r)
	}
	r.text(e, e.stdout)
	return nil
}
