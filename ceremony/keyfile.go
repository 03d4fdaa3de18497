package ceremony

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// ErrSlowKDFDeclined is returned when the person chose not to wait for a
// key file's slow KDF.
var ErrSlowKDFDeclined = errors.New("not opened: its KDF would take too long")

// OpenKeyFile decrypts enc, a key file from outside the vault, with pass.
// When the file asks for more KDF work than signify's default and more
// than signify.SlowKDF here, the person is first asked, with the estimated
// time, whether to go on: a hostile file may ask for minutes per attempt.
// Cancelling ctx stops the work.
func OpenKeyFile(ctx context.Context, ui *UI, enc *signify.EncryptedSecretKey, pass []byte) (*signify.SecretKey, error) {
	if d := enc.KDFTime(); enc.KDFIsSlow() {
		ok, err := ui.confirm(fmt.Sprintf("Opening this key file will take about %s on this machine: it asks for %d bcrypt rounds, where signify's default is %d. A key file from someone else can ask for this to waste your time. Wait for it?",
			d.Round(time.Second), enc.Rounds, signify.DefaultKDFRounds))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w (%d bcrypt rounds, about %s)", ErrSlowKDFDeclined, enc.Rounds, d.Round(time.Second))
		}
	}
	return enc.DecryptContext(ctx, pass)
}
