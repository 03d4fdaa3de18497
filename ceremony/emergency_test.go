package ceremony

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/baton-signing/baton/chain"
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
	res, err := chain.Verify(pin, chain.NewChainReader("chain", bytes.NewReader(data)))
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
