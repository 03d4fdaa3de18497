package ceremony

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// A second package started under the signatory of the first shares its
// recovery key and so its signatory id, and its own release keys.
func TestGenesisUnderAnExistingSignatory(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Ada", Now: clock()}
	ui := scriptUI(t, true)
	first, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: "example.org/hello", Name: "Ada Lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: "example.org/tools", Name: "Ada Lovelace", SignatoryOf: "example.org/hello"})
	if err != nil {
		t.Fatal(err)
	}
	if first.Head.Signatory != second.Head.Signatory || !first.Head.Recovery.Equal(second.Head.Recovery) {
		t.Fatalf("signatories %s and %s", first.Head.Signatory, second.Head.Signatory)
	}
	if first.Head.Next.Equal(second.Head.Next) {
		t.Fatal("the two chains share a release key")
	}
	a, _ := os.ReadFile(v.Package("example.org/hello").path("keys", "recovery.sec"))
	b, _ := os.ReadFile(v.Package("example.org/tools").path("keys", "recovery.sec"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Fatal("the recovery key was not copied as it is")
	}
	if fi, err := os.Stat(v.Package("example.org/tools").path("keys", "recovery.sec")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("recovery.sec: %v %v", fi.Mode(), err)
	}
	_, text, err := v.Package("example.org/tools").OpenTranscript(second.Transcript)
	if err != nil || !strings.Contains(text, "shares the recovery key") {
		t.Fatalf("transcript %v:\n%s", err, text)
	}
	if _, err := v.Release(ctx, ui, opts, ReleaseParams{Package: "example.org/tools", Version: "1.0", Dir: writeRelease(t, "1.0")}); err != nil {
		t.Fatal(err)
	}
}

func TestGenesisUnderASignatoryNeedsItsPassphrase(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Ada", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, true), opts, GenesisParams{Package: "example.org/hello", Name: "Ada Lovelace"}); err != nil {
		t.Fatal(err)
	}
	wrong := scriptUI(t, true)
	wrong.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase at all"), nil }
	_, err := v.Genesis(ctx, wrong, opts, GenesisParams{Package: "example.org/tools", Name: "Ada Lovelace", SignatoryOf: "example.org/hello"})
	if err == nil {
		t.Fatal("shared the recovery key with a wrong passphrase")
	}
	if _, err := os.Stat(v.Package("example.org/tools").path("keys", "recovery.sec")); err == nil {
		t.Fatal("a wrong passphrase copied the key")
	}
	for _, bad := range []GenesisParams{
		{Package: "example.org/tools", Name: "Ada", SignatoryOf: "example.org/none"},
		{Package: "example.org/tools", Name: "Ada", SignatoryOf: "example.org/tools"},
		{Package: "example.org/tools", Name: "Ada", SignatoryOf: "example.org/hello", AdoptedFrom: chain.SignatoryID("00000000000000000000000000000000")},
	} {
		if _, err := v.Genesis(ctx, scriptUI(t, true), opts, bad); err == nil {
			t.Errorf("%+v: accepted", bad)
		}
	}
}
