package ceremony

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func TestEmergencySwitch(t *testing.T) {
	ctx := context.Background()
	v := testVault(t)
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, true), opts, GenesisParams{Package: "hello", Name: "Alice", EmergencyKey: true}); err != nil {
		t.Fatal(err)
	}
	p := v.Package("hello")
	data, _ := os.ReadFile(p.ChainPath())
	pin := pinOf(t, data, "hello")
	if _, err := v.Emergency(ctx, scriptUI(t, true), opts, EmergencyParams{Package: "hello", Reason: "Ed25519 broken"}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Release(ctx, scriptUI(t, true), opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: writeRelease(t, "1.0")}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(p.ChainPath())
	res, err := chain.Verify(pin, chain.NewReader("chain", bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 1 || res.Events[0].Entry.Kind != chain.KindEmergency {
		t.Fatalf("events %+v", res.Events)
	}
	st, _ := os.Stat(p.path("keys", "emergency.sec"))
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("emergency.sec mode %v", st.Mode())
	}
}

// With the emergency key the only secret left, the passphrase is proven on
// it: a wrong one makes no key, the right one is never asked as new.
func TestEmergencyOnlySecretLeftProvesThePassphrase(t *testing.T) {
	ctx := context.Background()
	v := testVault(t)
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, true), opts, GenesisParams{Package: "hello", Name: "Alice", EmergencyKey: true}); err != nil {
		t.Fatal(err)
	}
	p := v.Package("hello")
	for _, l := range []string{"recovery", "K1", "K2"} {
		os.Remove(p.path("keys", l+".sec"))
	}
	if !p.PassphraseCheckable() {
		t.Fatal("the emergency key does not count as a key to check the passphrase on")
	}
	before, _ := p.Keys()
	ui := scriptUI(t, true)
	ui.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	if _, err := v.Emergency(ctx, ui, opts, EmergencyParams{Package: "hello", Reason: "Ed25519 broken"}); !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if after, _ := p.Keys(); len(after) != len(before) {
		t.Fatalf("a wrong passphrase made a key: %d keys before, %d after", len(before), len(after))
	}
	ui = scriptUI(t, true)
	ui.Passphrase = func(_ string, confirm bool) ([]byte, error) {
		if confirm {
			t.Error("the package passphrase is asked as a new one")
		}
		return []byte(testPass), nil
	}
	if _, err := v.Emergency(ctx, ui, opts, EmergencyParams{Package: "hello", Reason: "Ed25519 broken"}); err != nil {
		t.Fatalf("emergency with the right passphrase: %v", err)
	}
}
