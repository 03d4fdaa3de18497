package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
)

// The Verify screen under a transparency log policy, with the real parts:
// baton-log and three litewitness witnesses (two must cosign), started by
// the test.

// logged is a test's witnessed log (tlogtest.Start) and its policy,
// installed where the test's app state looks for it.
type logged struct {
	t   *testing.T
	eco *tlogtest.Ecosystem
	pol *tlog.Policy
}

// underLog starts a witnessed log and returns a test state under its
// policy, the state's notifications, and the log.
func underLog(t *testing.T) (*appState, *notes, *logged) {
	t.Helper()
	eco := tlogtest.Start(t)
	st, n := newTestState(t)
	path, _ := st.LogPolicy()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, eco.Policy, 0o644); err != nil {
		t.Fatal(err)
	}
	pol, err := tlog.ParsePolicy(path, eco.Policy)
	if err != nil {
		t.Fatal(err)
	}
	return st, n, &logged{t: t, eco: eco, pol: pol}
}

// publish sends the chain at path to the log, as baton publish does,
// and returns what it did. The caller writes the proof where it wants.
func (l *logged) publish(path string) (*logclient.Published, error) {
	l.t.Helper()
	f, err := os.Open(path)
	if err != nil {
		l.t.Fatal(err)
	}
	defer f.Close()
	entries, err := chain.ReadAll(path, f)
	if err != nil {
		l.t.Fatal(err)
	}
	c, err := logclient.New(l.eco.Log.URL, time.Minute)
	if err != nil {
		l.t.Fatal(err)
	}
	return logclient.Publish(context.Background(), c, entries, l.pol, time.Now)
}

// mustPublish is publish for a chain the log must take.
func (l *logged) mustPublish(path string) *logclient.Published {
	l.t.Helper()
	p, err := l.publish(path)
	if err != nil {
		l.t.Fatalf("publishing %s: %v", path, err)
	}
	return p
}

// download copies the chain file at path to a user's folder, with the
// proof p beside it when p is not nil, and returns the copy's path.
func download(t *testing.T, path string, p *tlog.Proof) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "chain")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if p != nil {
		if err := ceremony.WriteProof(ceremony.ProofPath(out), p); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// demoUI answers a ceremony's questions as the demo vault's maintainer.
func demoUI() *ceremony.UI {
	return &ceremony.UI{
		Passphrase: func(string, bool) ([]byte, error) { return []byte(ceremony.DemoPassphrase), nil },
		Confirm:    func(string) (bool, error) { return true, nil },
	}
}

// stolenCopy is a thief's copy of the whole vault v, keys and all (he
// has the passphrase too).
func stolenCopy(t *testing.T, v *ceremony.Vault) *ceremony.Vault {
	t.Helper()
	thief, err := ceremony.OpenVault(filepath.Join(t.TempDir(), "thief"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(thief.Dir, os.DirFS(v.Dir)); err != nil {
		t.Fatal(err)
	}
	return thief
}

// storeHasSeen writes st's trust store: no pin, and cp as the newest
// checkpoint seen from its log.
func storeHasSeen(t *testing.T, st *appState, cp chain.LogCheckpoint) {
	t.Helper()
	writePin(t, st, "")
	store, _ := st.TrustPath()
	ts := chain.NewTrustStore()
	if err := ts.SeeCheckpoint(cp); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(store, ts.Marshal(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// pinAfterMatch compares key with the chain on vs and pins it.
func pinAfterMatch(t *testing.T, st *appState, vs *verifyScreen, key *signify.PublicKey) {
	t.Helper()
	test.Type(vs.keyText, key.String())
	test.Tap(vs.textBtn)
	if vs.banner.result != verdictMatch {
		t.Fatalf("verdict %q, want MATCH", vs.banner.text())
	}
	test.Tap(findButton(t, vs.root, "Pin this signatory"))
	idle(st)
}

// release signs one more release in the vault v (the demo passphrase).
func release(t *testing.T, v *ceremony.Vault, version, operator string) {
	t.Helper()
	dist := filepath.Join(t.TempDir(), version)
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "hello-"+version+".tar.gz"), []byte(version), 0o644); err != nil {
		t.Fatal(err)
	}
	ui := demoUI()
	if _, err := v.Release(context.Background(), ui, ceremony.Options{Operator: operator}, ceremony.ReleaseParams{Package: ceremony.DemoPackage, Version: version, Dir: dist}); err != nil {
		t.Fatalf("release %s: %v", version, err)
	}
}

// verifyIn opens the chain at path on a new Verify screen of st.
func verifyIn(t *testing.T, st *appState, path string) *verifyScreen {
	t.Helper()
	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.pkg.SetText(ceremony.DemoPackage)
	vs.openChain(path)
	idle(st)
	return vs
}

// A published chain verifies under the policy, and the screen names the
// witnesses that cosigned its head and when; pinning it records the
// checkpoint. The same chain without its proof is refused, naming why.
func TestVerifyUnderLogPolicy(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)

	bare := download(t, p.ChainPath(), nil)
	vs := verifyIn(t, st, bare)
	if vs.result != nil || !errors.Is(vs.refused, errNoLogProof) {
		t.Fatalf("a chain without a log proof: result %v, refused %v", vs.result != nil, vs.refused)
	}
	if !strings.Contains(vs.chainErr.Text, "Not in the transparency log") {
		t.Errorf("refusal %q does not name the missing proof", vs.chainErr.Text)
	}

	pub := logs.mustPublish(p.ChainPath())
	vs = verifyIn(t, st, download(t, p.ChainPath(), pub.Proof))
	if vs.result == nil || vs.logProof == nil {
		t.Fatalf("the published chain is refused: %q", vs.chainErr.Text)
	}
	if n := len(vs.logProof.Cosigned); n < 2 {
		t.Errorf("%d cosignatures, want the quorum of 2", n)
	}
	for _, c := range vs.logProof.Cosigned {
		if !strings.Contains(vs.logged.Text, c.Witness.KeyName()) {
			t.Errorf("the screen does not name witness %s: %q", c.Witness.KeyName(), vs.logged.Text)
		}
	}
	if !vs.logged.Visible() || !showsIn(vs.root, "transparency log") {
		t.Errorf("the log check is not shown: %q", visibleTexts(vs.root))
	}

	rec, err := p.PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	pinAfterMatch(t, st, vs, rec)
	ts, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	seen, ok := ts.Checkpoint(tlogtest.Origin)
	if !ok || seen.Size != vs.logProof.Checkpoint.Size || seen.Root != vs.logProof.Checkpoint.Root {
		t.Errorf("the trust store's checkpoint is %+v (%v), want the proof's %+v", seen, ok, vs.logProof.Checkpoint)
	}
	if _, ok := ts.Get(ceremony.DemoPackage); !ok {
		t.Error("not pinned")
	}
}

// A thief holding the key in force forks the chain after the genuine
// release was logged: the log refuses his entry, and a new user who has
// the genuine words is refused his chain, without a proof and with the
// genuine proof beside it.
func TestVerifyRefusesThiefsForkUnderLogPolicy(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	thief := stolenCopy(t, v)
	release(t, v, "2.1.0", "Demo Maintainer")
	genuine := logs.mustPublish(v.Package(ceremony.DemoPackage).ChainPath())
	release(t, thief, "2.1.0-evil", "Mallory")
	thiefChain := thief.Package(ceremony.DemoPackage).ChainPath()
	if _, err := logs.publish(thiefChain); !errors.Is(err, logclient.ErrRefusedByLog) {
		t.Fatalf("the log took the thief's fork: %v", err)
	}

	for _, c := range []struct {
		name  string
		proof *tlog.Proof
		want  error
		cause string
	}{
		{"no proof", nil, errNoLogProof, "Not in the transparency log"},
		{"the genuine proof", genuine.Proof, tlog.ErrNotIncluded, "does not show this chain's head"},
	} {
		vs := verifyIn(t, st, download(t, thiefChain, c.proof))
		if vs.result != nil || !errors.Is(vs.refused, c.want) {
			t.Errorf("%s: the thief's chain: result %v, refused %v, want %v", c.name, vs.result != nil, vs.refused, c.want)
		}
		if !strings.Contains(vs.chainErr.Text, c.cause) {
			t.Errorf("%s: refusal %q, want the cause %q", c.name, vs.chainErr.Text, c.cause)
		}
	}
	if trustFile(t, st) != "" {
		t.Error("the thief's chain changed the trust store")
	}
}

// A store that has seen a newer checkpoint of the log refuses an older
// one that the log cannot prove a prefix of it (here the log never had
// the newer tree), and stays as it was, byte for byte.
func TestVerifyRefusesACheckpointOlderThanSeen(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	pub := logs.mustPublish(p.ChainPath())
	cp := pub.Verified.Checkpoint
	storeHasSeen(t, st, chain.LogCheckpoint{Origin: cp.Origin, Size: cp.Size + 10, Root: cp.Root})
	before := trustFile(t, st)
	vs := verifyIn(t, st, download(t, p.ChainPath(), pub.Proof))
	if vs.result != nil || !errors.Is(vs.refused, tlog.ErrOlderThanSeen) {
		t.Fatalf("result %v, refused %v, want ErrOlderThanSeen", vs.result != nil, vs.refused)
	}
	if !strings.Contains(vs.chainErr.Text, "older than a checkpoint you have already seen") {
		t.Errorf("refusal %q", vs.chainErr.Text)
	}
	if trustFile(t, st) != before {
		t.Error("the trust store changed")
	}
}

// A mirror serves an old copy of the chain with its old proof, both
// genuine: the log holds a newer head, and the Verify screen asks it, so
// the frozen copy is refused and nothing is pinned.
func TestVerifyRefusesAFrozenCopy(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	old := logs.mustPublish(p.ChainPath())
	frozen := download(t, p.ChainPath(), old.Proof)
	vs := verifyIn(t, st, frozen)
	if vs.result == nil || !strings.Contains(vs.logged.Text, "the log holds no newer head") {
		t.Fatalf("the newest copy: refused %v, logged %q", vs.refused, vs.logged.Text)
	}
	release(t, v, "2.1.0", "Demo Maintainer")
	logs.mustPublish(p.ChainPath())
	vs = verifyIn(t, st, frozen)
	if vs.result != nil || !errors.Is(vs.refused, tlog.ErrNewerHead) {
		t.Fatalf("the frozen copy: result %v, refused %v", vs.result != nil, vs.refused)
	}
	if !strings.Contains(vs.chainErr.Text, "A frozen copy") {
		t.Errorf("refusal %q", vs.chainErr.Text)
	}
	if trustFile(t, st) != "" {
		t.Error("the frozen copy changed the trust store")
	}
}

// A proof older than the checkpoint the store has seen counts when the log
// proves its tree a prefix of the seen one (packages are published at
// different times); the store keeps the newer checkpoint.
func TestVerifyAcceptsAnOlderCheckpointTheLogProves(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	const two = "example.org/two"
	ui := demoUI()
	if _, err := v.Genesis(context.Background(), ui, ceremony.Options{Operator: "Demo Maintainer"}, ceremony.GenesisParams{Package: two, Name: "Two"}); err != nil {
		t.Fatal(err)
	}
	old := logs.mustPublish(v.Package(two).ChainPath())
	newer := logs.mustPublish(v.Package(ceremony.DemoPackage).ChainPath())
	ncp := newer.Verified.Checkpoint
	if ncp.Size <= old.Verified.Checkpoint.Size {
		t.Fatalf("the log did not grow: %d then %d", old.Verified.Checkpoint.Size, ncp.Size)
	}
	// The user verified the demo package: the store has seen its checkpoint.
	storeHasSeen(t, st, chain.LogCheckpoint{Origin: ncp.Origin, Size: ncp.Size, Root: ncp.Root})

	vs := newVerifyScreen(st)
	showIn(t, st, vs.root)
	vs.pkg.SetText(two)
	vs.openChain(download(t, v.Package(two).ChainPath(), old.Proof))
	idle(st)
	if vs.result == nil || vs.logProof == nil || vs.logProof.Within == nil {
		t.Fatalf("the older proof is refused: %q", vs.chainErr.Text)
	}
	if !strings.Contains(vs.logged.Text, "the log proved it a prefix") {
		t.Errorf("the screen does not say the older checkpoint was proven: %q", vs.logged.Text)
	}
	rec, err := v.Package(two).PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	pinAfterMatch(t, st, vs, rec)
	got, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	if seen, _ := got.Checkpoint(ncp.Origin); seen.Size != ncp.Size {
		t.Errorf("the store went back to a checkpoint of %d entries from %d", seen.Size, ncp.Size)
	}
	if pin, ok := got.Get(two); !ok || pin.Position != 1 {
		t.Errorf("pin %+v, want position 1", pin)
	}
}

// Offline, the log cannot be asked for the newest head: the chain still
// verifies with its proof, and the screen says a frozen copy would not
// show.
func TestVerifyOfflineSaysTheHeadWasNotAsked(t *testing.T) {
	st, _, logs := underLog(t)
	v := copyDemoVault(t)
	p := v.Package(ceremony.DemoPackage)
	pub := logs.mustPublish(p.ChainPath())
	logs.eco.Log.Kill() // the log is out of reach
	vs := verifyIn(t, st, download(t, p.ChainPath(), pub.Proof))
	if vs.result == nil {
		t.Fatalf("refused offline: %q", vs.chainErr.Text)
	}
	if !strings.Contains(vs.logged.Text, "could not be asked") || vs.logged.Importance != widget.WarningImportance {
		t.Errorf("logged %q (importance %v), want the unasked head in amber", vs.logged.Text, vs.logged.Importance)
	}
}
