package ceremony

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func genesisVault(t *testing.T, pkg string) (*Vault, Options) {
	t.Helper()
	v := testVault(t)
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(context.Background(), scriptUI(t, true), opts, GenesisParams{Package: pkg, Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Release(context.Background(), scriptUI(t, true), opts, ReleaseParams{Package: pkg, Version: "1.0", Dir: writeRelease(t, "1.0")}); err != nil {
		t.Fatal(err)
	}
	return v, opts
}

func pinOf(t *testing.T, data []byte, pkg string) chain.Pin {
	t.Helper()
	res, err := chain.FirstTrust(pkg, chain.NewReader("chain", bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	return res.Head
}

func TestRekeyIsAnEventAndReleasesContinue(t *testing.T) {
	v, opts := genesisVault(t, "hello")
	p := v.Package("hello")
	data, _ := os.ReadFile(p.ChainPath())
	pin := pinOf(t, data, "hello")
	// K2 (in force) is lost.
	os.Remove(p.path("keys", "K2.sec"))
	if st, _ := p.Status(); len(st.Due()) == 0 || !strings.Contains(st.Due()[0], "re-key") {
		t.Fatalf("due: %v", st.Due())
	}
	_, err := v.Release(context.Background(), scriptUI(t, true), opts, ReleaseParams{Package: "hello", Version: "1.1", Dir: writeRelease(t, "1.1")})
	if !errors.Is(err, ErrKeyLost) || !strings.Contains(err.Error(), "re-key") {
		t.Fatalf("release with a lost key: %v", err)
	}
	p.Abort()
	out, err := v.Rekey(context.Background(), scriptUI(t, true), opts, RekeyParams{Package: "hello", Reason: "K2 lost with a laptop"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Head.Kind != chain.KindRekey {
		t.Fatalf("head is %s", out.Head.Kind)
	}
	if _, err := v.Release(context.Background(), scriptUI(t, true), opts, ReleaseParams{Package: "hello", Version: "1.1", Dir: writeRelease(t, "1.1")}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(p.ChainPath())
	res, err := chain.Verify(pin, chain.NewReader("chain", bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 1 || res.Events[0].Entry.Kind != chain.KindRekey || res.Events[0].Entry.Reason != "K2 lost with a laptop" {
		t.Fatalf("events %+v", res.Events)
	}
}

func TestRekeyRefusesAForeignRecoveryKey(t *testing.T) {
	v, opts := genesisVault(t, "hello")
	other, _ := signify.GenerateKey(nil)
	_, err := v.Rekey(context.Background(), scriptUI(t, true), opts, RekeyParams{Package: "hello", Reason: "test", Recovery: other})
	if err == nil || !strings.Contains(err.Error(), "not this package's recovery key") {
		t.Fatalf("got %v", err)
	}
}

func TestSupervisedHandover(t *testing.T) {
	ctx := context.Background()
	alice, opts := genesisVault(t, "hello")
	data, _ := os.ReadFile(alice.Package("hello").ChainPath())
	userPin := pinOf(t, data, "hello")

	witness, _ := signify.GenerateKey(nil)
	bob := testVault(t)
	bobOpts := Options{Operator: "Bob", Now: clock()}
	out, err := bob.HandoverRequest(ctx, scriptUI(t, true), bobOpts, HandoverRequestParams{
		Package: "hello", Name: "Bob Successor", Reason: "Alice moves on", Chain: data,
		Witnesses: []chain.Witness{{Key: witness.Public(""), Name: "Carol Witness"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	draftData, _ := os.ReadFile(out.Draft)
	draft, err := ParseDraft("draft", draftData)
	if err != nil {
		t.Fatal(err)
	}
	// Without the witness, Alice refuses.
	if _, err := alice.HandoverSign(ctx, scriptUI(t, true), opts, HandoverSignParams{Package: "hello", Draft: draft}); err == nil || !strings.Contains(err.Error(), "Carol Witness") {
		t.Fatalf("unwitnessed: %v", err)
	}
	alice.Package("hello").Abort()
	// A forged witness: another key cannot sign for Carol.
	forger, _ := signify.GenerateKey(nil)
	if _, err := WitnessDraft(draft, forger); err == nil {
		t.Fatal("a key the draft does not name witnessed it")
	}
	if name, err := WitnessDraft(draft, witness); err != nil || name != "Carol Witness" {
		t.Fatal(name, err)
	}
	// Alice declines at the word comparison: nothing is signed.
	if _, err := alice.HandoverSign(ctx, scriptUI(t, false), opts, HandoverSignParams{Package: "hello", Draft: draft}); err == nil {
		t.Fatal("signed without confirmation")
	}
	alice.Package("hello").Abort()
	signed, err := alice.HandoverSign(ctx, scriptUI(t, true), opts, HandoverSignParams{Package: "hello", Draft: draft})
	if err != nil {
		t.Fatal(err)
	}
	published, _ := os.ReadFile(signed.Chain)
	if _, err := bob.HandoverAccept(ctx, scriptUI(t, true), bobOpts, HandoverAcceptParams{Package: "hello", Chain: published}); err != nil {
		t.Fatal(err)
	}
	// Bob releases; a user pinned before the hand-over sees it as an event.
	if _, err := bob.Release(ctx, scriptUI(t, true), bobOpts, ReleaseParams{Package: "hello", Version: "2.0", Dir: writeRelease(t, "2.0")}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(bob.Package("hello").ChainPath())
	res, err := chain.Verify(userPin, chain.NewReader("chain", bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 1 || res.Events[0].Entry.Name != "Bob Successor" || res.Events[0].Endorsed[0] != "Carol Witness" || res.Name != "Bob Successor" {
		t.Fatalf("events %+v, name %q", res.Events, res.Name)
	}
	// Alice's vault can no longer release.
	_, err = alice.Release(ctx, scriptUI(t, true), opts, ReleaseParams{Package: "hello", Version: "9.9", Dir: writeRelease(t, "9.9")})
	if err == nil || !strings.Contains(err.Error(), "handed over to \"Bob Successor\"") || errors.Is(err, ErrUnfinished) {
		t.Fatalf("the outgoing signatory's release: %v", err)
	}
}

// A mistyped passphrase must fail before the replacement key is made, or
// the key would be encrypted with the typo and the resume with the right
// passphrase could never open it.
func TestRekeyWrongPassphraseMakesNoKey(t *testing.T) {
	v, opts := genesisVault(t, "hello")
	p := v.Package("hello")
	before, _ := p.Keys()
	ui := scriptUI(t, true)
	ui.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	_, err := v.Rekey(context.Background(), ui, opts, RekeyParams{Package: "hello", Reason: "K2 lost"})
	if !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("re-key with a wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	if after, _ := p.Keys(); len(after) != len(before) {
		t.Fatalf("a wrong passphrase made a key: %d keys before, %d after", len(before), len(after))
	}
	out, err := v.Rekey(context.Background(), scriptUI(t, true), opts, RekeyParams{Package: "hello", Reason: "K2 lost"})
	if err != nil {
		t.Fatalf("resume with the right passphrase: %v", err)
	}
	if out.Head.Kind != chain.KindRekey {
		t.Fatalf("head is %s", out.Head.Kind)
	}
}

// A release interrupted after its entry and resumed with a mistyped
// passphrase must not make the release-plus-two key with the typo.
func TestResumedReleaseWrongPassphraseMakesNoKey(t *testing.T) {
	v, opts := genesisVault(t, "hello")
	p := v.Package("hello")
	crash := errors.New("crash")
	o := opts
	o.Hook = func(point string) {
		if point == "entry:saved" {
			panic(crash)
		}
	}
	rp := ReleaseParams{Package: "hello", Version: "1.1", Dir: writeRelease(t, "1.1")}
	func() {
		defer func() {
			if r := recover(); r != crash {
				panic(r)
			}
		}()
		v.Release(context.Background(), scriptUI(t, true), o, rp)
	}()
	before, _ := p.Keys()
	ui := scriptUI(t, true)
	ui.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	if _, err := v.Release(context.Background(), ui, opts, rp); !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("resume with a wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	if after, _ := p.Keys(); len(after) != len(before) {
		t.Fatalf("a wrong passphrase made a key: %d keys before, %d after", len(before), len(after))
	}
	if _, err := v.Release(context.Background(), scriptUI(t, true), opts, rp); err != nil {
		t.Fatalf("resume with the right passphrase: %v", err)
	}
	if _, err := v.Rekey(context.Background(), scriptUI(t, true), opts, RekeyParams{Package: "hello", Reason: "check every key opens"}); err != nil {
		t.Fatalf("the keys made by the resumed release do not open: %v", err)
	}
}

// The draft is never written over a file that is not a draft, such as
// the published chain chosen by mistake.
func TestHandoverRequestKeepsANonDraftFile(t *testing.T) {
	alice, _ := genesisVault(t, "hello")
	data, _ := os.ReadFile(alice.Package("hello").ChainPath())
	published := filepath.Join(t.TempDir(), "chain")
	os.WriteFile(published, data, 0o644)
	bob := testVault(t)
	_, err := bob.HandoverRequest(context.Background(), scriptUI(t, true), Options{Operator: "Bob", Now: clock()}, HandoverRequestParams{
		Package: "hello", Name: "Bob Successor", Chain: data, Draft: published,
	})
	if err == nil || !strings.Contains(err.Error(), "is not a hand-over draft, so it is not overwritten") {
		t.Fatalf("a draft over the published chain: %v", err)
	}
	if now, _ := os.ReadFile(published); !bytes.Equal(now, data) {
		t.Fatal("the published chain was overwritten")
	}
	if keys, _ := bob.Package("hello").Keys(); len(keys) != 0 {
		t.Fatalf("keys were made before the refusal: %d", len(keys))
	}
}

// A draft of another hand-over, even a valid one, is not overwritten; an
// empty file is; a symbolic link is not followed.
func TestHandoverRequestKeepsAnotherDraft(t *testing.T) {
	alice, _ := genesisVault(t, "hello")
	data, _ := os.ReadFile(alice.Package("hello").ChainPath())
	dir := t.TempDir()
	other := filepath.Join(dir, "world.handover.draft")
	// Another package's draft: a draft of hello, its package line changed.
	bob := testVault(t)
	first := filepath.Join(dir, "first.draft")
	if _, err := bob.HandoverRequest(context.Background(), scriptUI(t, true), Options{Operator: "Bob", Now: clock()}, HandoverRequestParams{
		Package: "hello", Name: "Bob Successor", Chain: data, Draft: first,
	}); err != nil {
		t.Fatal(err)
	}
	d, _ := os.ReadFile(first)
	os.WriteFile(other, bytes.Replace(d, []byte("hello"), []byte("world"), 1), 0o644)
	carl := testVault(t)
	_, err := carl.HandoverRequest(context.Background(), scriptUI(t, true), Options{Operator: "Carl", Now: clock()}, HandoverRequestParams{
		Package: "hello", Name: "Carl Successor", Chain: data, Draft: other,
	})
	if err == nil || !strings.Contains(err.Error(), "another hand-over's draft") {
		t.Fatalf("another package's draft: %v", err)
	}
	link := filepath.Join(dir, "link.draft")
	os.Symlink(first, link)
	_, err = carl.HandoverRequest(context.Background(), scriptUI(t, true), Options{Operator: "Carl", Now: clock()}, HandoverRequestParams{
		Package: "hello", Name: "Carl Successor", Chain: data, Draft: link,
	})
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a symbolic link: %v", err)
	}
	empty := filepath.Join(dir, "empty.draft")
	os.WriteFile(empty, nil, 0o644)
	if _, err := carl.HandoverRequest(context.Background(), scriptUI(t, true), Options{Operator: "Carl", Now: clock()}, HandoverRequestParams{
		Package: "hello", Name: "Carl Successor", Chain: data, Draft: empty,
	}); err != nil {
		t.Fatalf("an empty file: %v", err)
	}
}
