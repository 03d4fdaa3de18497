package chain_test

import (
	"bytes"
	"testing"
)

// Every parser has a fuzz target. The seed corpus is every vector file of
// the format (valid and invalid). The property: no panic on any input, and
// whatever parses re-encodes to the same bytes.

func fuzzFormat(f *testing.F, format string) {
	for _, c := range loadCases(f) {
		if c.Type == "parse" && c.Format == format {
			f.Add(readVector(f, c.File))
		}
		if format == "chain" && c.Chain != "" {
			f.Add(readVector(f, c.Chain))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := parseAs(format, "fuzz", in, "")
		if err != nil {
			return
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("parse and re-encode changed the bytes:\nin:  %q\nout: %q", in, out)
		}
	})
}

func FuzzParsePublicKey(f *testing.F)   { fuzzFormat(f, "publickey") }
func FuzzParseSecretKey(f *testing.F)   { fuzzFormat(f, "secretkey") }
func FuzzParseSignature(f *testing.F)   { fuzzFormat(f, "signature") }
func FuzzParseSignedEntry(f *testing.F) { fuzzFormat(f, "entry") }
func FuzzReadChain(f *testing.F)        { fuzzFormat(f, "chain") }
func FuzzParseTrustStore(f *testing.F)  { fuzzFormat(f, "truststore") }
