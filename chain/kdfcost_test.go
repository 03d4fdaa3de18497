package chain_test

import (
	"context"
	"errors"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// A hostile key file may ask for MaxKDFRounds: minutes per attempt. Its
// cost is known before any work, and the work stops when cancelled.
func TestHostileKDFRounds(t *testing.T) {
	k, err := chain.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := chain.EncryptSecretKey(k, []byte("pass"), 1, "hostile", nil)
	if err != nil {
		t.Fatal(err)
	}
	slow.Rounds = chain.MaxKDFRounds // as a hostile file says; encrypting so would take minutes
	if d := slow.KDFTime(); d <= chain.SlowKDF {
		t.Fatalf("%d rounds estimated at %v, not over %v", slow.Rounds, d, chain.SlowKDF)
	}
	fast, err := chain.EncryptSecretKey(k, []byte("pass"), chain.DefaultKDFRounds, "signify's default", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := fast.KDFTime(); d > chain.SlowKDF {
		t.Fatalf("signify's default estimated at %v", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := slow.DecryptContext(ctx, []byte("pass")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
