package ceremony

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// writeDraft writes a hand-over draft following a fresh chain's head,
// naming witnesses; accepted says whether both the successor's keys sign
// it (else only their release key does).
func writeDraft(t *testing.T, dir string, accepted bool, witnesses ...chain.Witness) string {
	t.Helper()
	rec0, _ := signify.GenerateKey(nil)
	k0, _ := signify.GenerateKey(nil)
	g := chain.NewGenesis("hello", "Alice", rec0.Public(""), k0.Public(""), time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	head, err := chain.SignEntry(g, rec0, k0)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := signify.GenerateKey(nil)
	k1, _ := signify.GenerateKey(nil)
	e := chain.Follow(head, chain.KindHandover, k1.Public(""), head.Time.Add(time.Hour))
	e.Name, e.Recovery, e.Witnesses = "Bob Successor", rec.Public(""), witnesses
	signers := []*signify.SecretKey{k1}
	if accepted {
		signers = append(signers, rec)
	}
	se, err := chain.SignEntry(e, signers...)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "handover.draft")
	if err := os.WriteFile(path, se.Marshal(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWitnessDraftFile(t *testing.T) {
	dir := t.TempDir()
	carol, _ := signify.GenerateKey(nil)
	dave, _ := signify.GenerateKey(nil)
	path := writeDraft(t, dir, true, chain.Witness{Name: "Carol", Key: carol.Public("")}, chain.Witness{Name: "Dave", Key: dave.Public("")})
	before, _ := os.ReadFile(path)

	// A key the draft does not name: refused, the file unchanged.
	mallory, _ := signify.GenerateKey(nil)
	if _, err := WitnessDraftFile(WitnessParams{Draft: path, Key: mallory}); !errors.Is(err, ErrNotWitness) || !strings.Contains(err.Error(), mallory.Public("").Fingerprint().WordString()) {
		t.Fatalf("a stranger's key: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
		t.Fatal("a refused co-signature changed the draft")
	}

	// A draft other than the one Carol was shown: refused, unchanged.
	other := chain.Hash{1}
	if _, err := WitnessDraftFile(WitnessParams{Draft: path, Key: carol, Shown: &other}); !errors.Is(err, ErrDraftChanged) {
		t.Fatalf("a draft other than the one shown: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, before) {
		t.Fatal("a refused co-signature changed the draft")
	}

	// Carol co-signs what she was shown: the file keeps its mode, no
	// temporary file is left.
	d, err := ReadDraft(path)
	if err != nil {
		t.Fatal(err)
	}
	shown := d.Hash()
	res, err := WitnessDraftFile(WitnessParams{Draft: path, Key: carol, Shown: &shown})
	if err != nil || res.Name != "Carol" || res.Already {
		t.Fatalf("Carol: %+v, %v", res, err)
	}
	d, err = ReadDraft(path)
	if err != nil || d.SignedBy(carol.Public("")) != nil {
		t.Fatalf("the draft on disk lacks Carol's signature: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 as before", fi.Mode().Perm())
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".handover.draft.tmp*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	signed, missing, err := WitnessState(d)
	if err != nil || strings.Join(signed, ",") != "Carol" || strings.Join(missing, ",") != "Dave" {
		t.Errorf("witness state: signed %v, missing %v, %v", signed, missing, err)
	}

	// A second time changes nothing.
	once, _ := os.ReadFile(path)
	if res, err := WitnessDraftFile(WitnessParams{Draft: path, Key: carol}); err != nil || !res.Already || res.Name != "Carol" {
		t.Fatalf("Carol again: %+v, %v", res, err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, once) {
		t.Fatal("signing again changed the draft")
	}

	// A forged signature shows in the state.
	for i := range d.Sigs {
		if d.Sigs[i].Name == chain.NoteKeyName(carol.Public("")) {
			d.Sigs[i].Sig[0] ^= 1
		}
	}
	if _, _, err := WitnessState(d); err == nil || !strings.Contains(err.Error(), `witness "Carol"`) {
		t.Errorf("forged signature: %v", err)
	}
}

func TestWitnessDraftFileRefusals(t *testing.T) {
	carol, _ := signify.GenerateKey(nil)
	w := chain.Witness{Name: "Carol", Key: carol.Public("")}
	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"no witnesses", writeDraft(t, t.TempDir(), true), ErrNoWitnesses},
		{"not accepted", writeDraft(t, t.TempDir(), false, w), ErrNotAccepted},
	} {
		before, _ := os.ReadFile(tc.path)
		if _, err := WitnessDraftFile(WitnessParams{Draft: tc.path, Key: carol}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if now, _ := os.ReadFile(tc.path); !bytes.Equal(now, before) {
			t.Errorf("%s: the draft changed", tc.name)
		}
	}
	if _, err := WitnessDraftFile(WitnessParams{Draft: filepath.Join(t.TempDir(), "none"), Key: carol}); err == nil || !strings.Contains(err.Error(), "reading the draft") {
		t.Errorf("missing draft: %v", err)
	}
}

func TestParseWitnessKey(t *testing.T) {
	k, _ := signify.GenerateKey(nil)
	pub := filepath.Join(t.TempDir(), "carol.pub")
	os.WriteFile(pub, k.Public("carol's key").Marshal(), 0o644)
	for _, v := range []string{"Carol W=" + k.Public("").String(), " Carol W = " + pub} {
		w, err := ParseWitnessKey(v)
		if err != nil || w.Name != "Carol W" || !w.Key.Equal(k.Public("")) || w.Key.Comment != "" {
			t.Errorf("%q: %+v, %v", v, w, err)
		}
	}
	for v, want := range map[string]string{
		"Carol":                              "say NAME=KEY",
		"=" + k.Public("").String():          "name is missing",
		"Carol=not-a-key":                    "nor a readable .pub file",
		"Carol=" + filepath.Dir(pub) + "/no": "nor a readable .pub file",
	} {
		if _, err := ParseWitnessKey(v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", v, err, want)
		}
	}
}
