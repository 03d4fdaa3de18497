package main

import (
	"encoding/json"
	"io"

	"github.com/baton-signing/baton/chain"
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

func describeKey(label string, k *chain.PublicKey) *keyJSON {
	if k == nil {
		return nil
	}
	fp := k.Fingerprint()
	return &keyJSON{Label: label, Key: k.String(), Words: fp.WordString(), Fingerprint: fp.Hex()}
}
