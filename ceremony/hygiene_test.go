package ceremony

import (
	"bytes"
	"context"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain/signify"
)

// TestSecretHygiene runs every ceremony, then checks the whole vault and
// everything the ceremonies said: secret key files are 0600 and encrypted,
// and no secret (key text, decrypted key, seed) nor the passphrase appears
// in any other file or in any message shown to the user.
func TestSecretHygiene(t *testing.T) {
	ctx := context.Background()
	var said bytes.Buffer
	ui := scriptUI(t, true)
	ui.Message = func(l Level, s string) { said.WriteString(s + "\n") }
	ui.Progress = func(label string, done, total int64) { said.WriteString(label + "\n") }
	v := testVault(t)
	opts := Options{Operator: "Alice", Witnesses: []string{"Carol"}, Now: clock()}
	if _, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: "hello", Name: "Alice", EmergencyKey: true}); err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"1.0", "1.1", "1.2"} {
		// The last release keeps its used key, so that more secrets are checked.
		rp := ReleaseParams{Package: "hello", Version: version, Dir: writeRelease(t, version), KeepUsedKey: version == "1.2"}
		if _, err := v.Release(ctx, ui, opts, rp); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.Rekey(ctx, ui, opts, RekeyParams{Package: "hello", Reason: "rotation drill"}); err != nil {
		t.Fatal(err)
	}

	var secrets []string
	var secretFiles []string
	filepath.WalkDir(v.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if strings.HasSuffix(path, ".sec") {
			secretFiles = append(secretFiles, path)
			st, _ := os.Stat(path)
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600", path, st.Mode().Perm())
			}
			lines := strings.SplitN(string(data), "\n", 3)
			secrets = append(secrets, lines[1])
			if enc, err := signify.ParseSecretKey(path, data); err == nil {
				if !enc.Encrypted() {
					t.Errorf("%s is not encrypted", path)
				}
				k, err := enc.Decrypt([]byte(testPass))
				if err != nil {
					t.Fatal(err)
				}
				secrets = append(secrets, base64.StdEncoding.EncodeToString(k.Key), base64.StdEncoding.EncodeToString(k.Key.Seed()))
			}
		}
		return nil
	})
	if len(secretFiles) < 5 {
		t.Fatalf("only %d secret files", len(secretFiles))
	}
	secrets = append(secrets, testPass)
	filepath.WalkDir(v.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".sec") {
			return err
		}
		data, _ := os.ReadFile(path)
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains a secret (%.8s...)", path, s)
			}
		}
		return nil
	})
	for _, s := range secrets {
		if strings.Contains(said.String(), s) {
			t.Errorf("a message to the user contains a secret (%.8s...)", s)
		}
	}
	if said.Len() == 0 {
		t.Fatal("the ceremonies said nothing: the log check checked nothing")
	}
}
