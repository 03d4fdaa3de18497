package signify_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

const fixturePassphrase = "correct horse battery staple"

// signify's own keys and signatures load and verify in Baton.
func TestSignifyFixturesVerifyInBaton(t *testing.T) {
	msg := chaintest.ReadInterop(t, "message.txt")
	for _, tc := range []struct{ pub, sec, sig, pass string }{
		{"signify-nopass.pub", "signify-nopass.sec", "message.txt.sig", ""},
		{"signify-pass.pub", "signify-pass.sec", "message.txt.pass.sig", fixturePassphrase},
	} {
		t.Run(tc.sec, func(t *testing.T) {
			pub, err := signify.ParsePublicKey(tc.pub, chaintest.ReadInterop(t, tc.pub))
			if err != nil {
				t.Fatal(err)
			}
			sig, err := signify.ParseSignature(tc.sig, chaintest.ReadInterop(t, tc.sig))
			if err != nil {
				t.Fatal(err)
			}
			if err := pub.Verify(msg, sig); err != nil {
				t.Fatalf("signify's signature does not verify: %v", err)
			}
			enc, err := signify.ParseSecretKey(tc.sec, chaintest.ReadInterop(t, tc.sec))
			if err != nil {
				t.Fatal(err)
			}
			sk, err := enc.Decrypt([]byte(tc.pass))
			if err != nil {
				t.Fatalf("decrypting signify's secret key: %v", err)
			}
			if !sk.Public("").Equal(pub) {
				t.Fatal("decrypted secret key does not match the public key")
			}
			// Ed25519 is deterministic: Baton's signature equals signify's.
			if got := sk.Sign(msg, sig.Comment); !bytes.Equal(got.Marshal(), sig.Marshal()) {
				t.Fatalf("Baton's signature differs from signify's:\n%s\n%s", got.Marshal(), sig.Marshal())
			}
			if enc.Encrypted() {
				if _, err := enc.Decrypt([]byte("wrong passphrase")); !errors.Is(err, signify.ErrWrongPassphrase) {
					t.Fatalf("wrong passphrase: got %v, want ErrWrongPassphrase", err)
				}
			}
			// Parse → Marshal gives back signify's exact bytes.
			if !bytes.Equal(enc.Marshal(), chaintest.ReadInterop(t, tc.sec)) || !bytes.Equal(pub.Marshal(), chaintest.ReadInterop(t, tc.pub)) {
				t.Fatal("re-encoding signify's files changed their bytes")
			}
		})
	}
}

func TestSignifyEmbeddedFixture(t *testing.T) {
	pub, err := signify.ParsePublicKey("signify-nopass.pub", chaintest.ReadInterop(t, "signify-nopass.pub"))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signify.ParseSignature("message.txt.embedded.sig", chaintest.ReadInterop(t, "message.txt.embedded.sig"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := pub.VerifyEmbedded(sig)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(msg, chaintest.ReadInterop(t, "message.txt")) {
		t.Fatal("embedded message differs from message.txt")
	}
}

// minisign's legacy signatures are signify signatures; its public keys share
// the format.
func TestMinisignLegacyFixture(t *testing.T) {
	raw := chaintest.ReadInterop(t, "minisign.pub")
	pub, err := signify.ParsePublicKey("minisign.pub", raw)
	if err != nil {
		t.Fatal(err)
	}
	sigData := chaintest.ReadInterop(t, "message.txt.legacy.minisig")
	// A minisig has a trusted comment and global signature after the
	// signature line; signify reads only the first two lines.
	lines := bytes.SplitAfterN(sigData, []byte("\n"), 3)
	sig, err := signify.ParseSignature("message.txt.legacy.minisig", append(lines[0], lines[1]...))
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.Verify(chaintest.ReadInterop(t, "message.txt"), sig); err != nil {
		t.Fatal(err)
	}
}

// Baton's keys (with and without passphrase) and signatures work in signify.
func TestBatonKeysWorkInSignify(t *testing.T) {
	signifyTool := chaintest.RequireTool(t, "signify-openbsd")
	dir := t.TempDir()
	msg := []byte("release notes\n")
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	msgPath := write("msg", msg)
	for _, pass := range []string{"", "s3cret passphrase"} {
		sk, err := signify.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		pub := sk.Public("baton test public key")
		enc, err := signify.EncryptSecretKey(sk, []byte(pass), signify.DefaultKDFRounds, "baton test secret key", nil)
		if err != nil {
			t.Fatal(err)
		}
		pubPath := write("k.pub", pub.Marshal())
		secPath := write("k.sec", enc.Marshal())
		// Baton's detached signature verifies with signify -V.
		sigPath := write("msg.sig", sk.Sign(msg, "verify with signify").Marshal())
		run(t, nil, signifyTool, "-V", "-p", pubPath, "-x", sigPath, "-m", msgPath)
		// signify signs with Baton's (encrypted) secret key; Baton verifies.
		os.Remove(sigPath)
		var stdin []byte
		if pass != "" {
			stdin = []byte(pass + "\n")
		}
		run(t, stdin, signifyTool, "-S", "-s", secPath, "-m", msgPath, "-x", sigPath)
		data, _ := os.ReadFile(sigPath)
		sig, err := signify.ParseSignature("msg.sig", data)
		if err != nil {
			t.Fatal(err)
		}
		if err := pub.Verify(msg, sig); err != nil {
			t.Fatalf("passphrase %q: signify's signature with Baton's key: %v", pass, err)
		}
		// A key signify generates with a passphrase decrypts in Baton.
		os.Remove(pubPath)
		os.Remove(secPath)
		os.Remove(sigPath)
	}
}

// A key generated by signify-openbsd at test time, with a passphrase given
// on standard input, decrypts in Baton.
func TestSignifyGeneratedKeyDecrypts(t *testing.T) {
	signifyTool := chaintest.RequireTool(t, "signify-openbsd")
	dir := t.TempDir()
	pubPath, secPath := filepath.Join(dir, "k.pub"), filepath.Join(dir, "k.sec")
	run(t, []byte("pass phrase\npass phrase\n"), signifyTool, "-G", "-p", pubPath, "-s", secPath)
	pubData, _ := os.ReadFile(pubPath)
	secData, _ := os.ReadFile(secPath)
	pub, err := signify.ParsePublicKey(pubPath, pubData)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := signify.ParseSecretKey(secPath, secData)
	if err != nil {
		t.Fatal(err)
	}
	sk, err := enc.Decrypt([]byte("pass phrase"))
	if err != nil {
		t.Fatal(err)
	}
	if !sk.Public("").Equal(pub) {
		t.Fatal("public halves differ")
	}
}

func run(t *testing.T, stdin []byte, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
