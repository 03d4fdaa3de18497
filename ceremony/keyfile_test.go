package ceremony

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/signify"
)

func TestOpenKeyFileAsksBeforeASlowKDF(t *testing.T) {
	k, err := signify.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.EncryptSecretKey(k, []byte("pass"), 1, "hostile", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyFile(context.Background(), nil, enc, []byte("pass")); err != nil {
		t.Fatalf("a fast key needs no question: %v", err)
	}
	enc.Rounds = signify.MaxKDFRounds
	var asked string
	ui := &UI{Confirm: func(q string) (bool, error) { asked = q; return false, nil }}
	if _, err := OpenKeyFile(context.Background(), ui, enc, []byte("pass")); !errors.Is(err, ErrSlowKDFDeclined) {
		t.Fatalf("declined: %v", err)
	}
	if !strings.Contains(asked, "65536 bcrypt rounds") || !strings.Contains(asked, "will take about") {
		t.Fatalf("the question does not say what it costs: %q", asked)
	}
	if _, err := OpenKeyFile(context.Background(), nil, enc, []byte("pass")); err == nil {
		t.Fatal("nobody to ask, and the slow KDF ran anyway")
	}
}
