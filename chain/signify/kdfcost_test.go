package signify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// A hostile key file may ask for MaxKDFRounds: minutes per attempt. Its
// cost is known before any work, and the work stops when cancelled.
func TestHostileKDFRounds(t *testing.T) {
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := signify.EncryptSecretKey(k, []byte("pass"), 1, "hostile", nil)
	if err != nil {
		t.Fatal(err)
	}
	slow.Rounds = signify.MaxKDFRounds // as a hostile file says; encrypting so would take minutes
	if d := slow.KDFTime(); d <= signify.SlowKDF || !slow.KDFIsSlow() {
		t.Fatalf("%d rounds estimated at %v, not over %v", slow.Rounds, d, signify.SlowKDF)
	}
	if d, r := slow.KDFTime(), fastTime(t, k); d < 1000*r {
		t.Fatalf("65536 rounds estimated at %v, one round at %v", d, r)
	}
	fast, err := signify.EncryptSecretKey(k, []byte("pass"), signify.DefaultKDFRounds, "signify's default", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fast.KDFIsSlow() {
		t.Fatalf("signify's default (%d rounds, %v here) needs a question", fast.Rounds, fast.KDFTime())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := slow.DecryptContext(ctx, []byte("pass")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

// fastTime is the estimate for one round.
func fastTime(t *testing.T, k *signify.SecretKey) time.Duration {
	one, err := signify.EncryptSecretKey(k, []byte("pass"), 1, "one round", nil)
	if err != nil {
		t.Fatal(err)
	}
	return one.KDFTime()
}
