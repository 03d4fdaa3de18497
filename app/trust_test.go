package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/chain"
)

// showTrust shows a Trust screen over a store holding pin.
func showTrust(t *testing.T, pin string) (*appState, *trustScreen, string, *chain.Pin) {
	t.Helper()
	st, _ := newTestState(t)
	store := writePin(t, st, pin)
	ts, err := chain.ParseTrustStore("trust", []byte(store))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ts.Get(vectorPackage)
	tr := newTrustScreen(st)
	showIn(t, st, tr.root)
	idle(st)
	return st, tr, store, p
}

// The Trust screen lists a pin: package, signatory, position and the
// words of the key that signs next; it names where the store is and says
// that it keeps no time per pin.
func TestTrustScreenListsPins(t *testing.T) {
	vc := readVector(t, "equivocation-against-pin")
	_, tr, _, p := showTrust(t, vc.Pin)
	if len(tr.pins) != 1 || tr.pins[0].Package != vectorPackage {
		t.Fatalf("pins listed %v", tr.pins)
	}
	for _, want := range []string{vectorPackage, string(p.Signatory), "position 4", wordLines(p.Key.Fingerprint()), "no time per pin"} {
		if !showsIn(tr.root, want) {
			t.Errorf("the Trust screen does not show %q; visible %q", want, visibleTexts(tr.root))
		}
	}
	if tr.empty.Visible() {
		t.Error("says nothing is pinned")
	}
}

// Unpinning asks first: "Keep the pin" is the default and keeps the store
// as it was; the danger button names the action and removes the pin.
func TestTrustUnpinAsksFirst(t *testing.T) {
	vc := readVector(t, "equivocation-against-pin")
	st, tr, store, _ := showTrust(t, vc.Pin)
	test.Tap(findButton(t, tr.root, "Unpin…"))
	p := tr.confirm
	if p == nil || st.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation")
	}
	if st.Window.Canvas().Focused() != p.keep {
		t.Error("the safe answer is not the default (focused)")
	}
	if p.keep.Importance != widget.HighImportance || p.unpin.Importance != widget.DangerImportance || p.unpin.Text != "Unpin "+vectorPackage {
		t.Errorf("buttons %q %v, %q %v", p.keep.Text, p.keep.Importance, p.unpin.Text, p.unpin.Importance)
	}
	test.Tap(p.keep)
	idle(st)
	if tr.confirm != nil || st.Window.Canvas().Overlays().Top() != nil {
		t.Error("the confirmation stays after Keep")
	}
	if trustFile(t, st) != store {
		t.Fatal("Keep changed the trust store")
	}

	test.Tap(findButton(t, tr.root, "Unpin…"))
	answerDialog(t, st, "Unpin "+vectorPackage)
	idle(st)
	ts, err := chain.ParseTrustStore("trust", []byte(trustFile(t, st)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ts.Get(vectorPackage); ok {
		t.Error("still pinned after Unpin")
	}
	if !tr.empty.Visible() || len(tr.pins) != 0 || !strings.Contains(tr.status.Text, "Unpinned "+vectorPackage) {
		t.Errorf("after unpinning: pins %v, status %q", tr.pins, tr.status.Text)
	}
}

// A pin that changed since it was listed is not removed.
func TestTrustStaleUnpinRefused(t *testing.T) {
	vc := readVector(t, "equivocation-against-pin")
	st, tr, _, _ := showTrust(t, vc.Pin)
	moved := writePin(t, st, readVector(t, "pinned-at-release-1.0-skips-to-head").Pin)
	test.Tap(findButton(t, tr.root, "Unpin…"))
	answerDialog(t, st, "Unpin "+vectorPackage)
	idle(st)
	if trustFile(t, st) != moved {
		t.Error("a pin that changed since it was listed was removed")
	}
	if tr.status.Importance != widget.DangerImportance || !strings.Contains(tr.status.Text, "Not unpinned") {
		t.Errorf("status %q", tr.status.Text)
	}
	if len(tr.pins) != 1 || tr.pins[0].Position != 2 {
		t.Errorf("the list is not read again: %v", tr.pins)
	}
}

// A pinned package's signatory can be trusted for every package it signs,
// after a question whose default is "Not now", and that trust taken back;
// the pins stay either way.
func TestTrustSignatoryForEveryPackage(t *testing.T) {
	vc := readVector(t, "equivocation-against-pin")
	st, tr, store, p := showTrust(t, vc.Pin)
	test.Tap(findButton(t, tr.root, "Trust it for every package it signs…"))
	if _, ok := st.Window.Canvas().Focused().(*widget.Button); !ok || st.Window.Canvas().Focused().(*widget.Button).Text != "Not now" {
		t.Fatalf("the default is not Not now: %v", st.Window.Canvas().Focused())
	}
	answerDialog(t, st, "Not now")
	idle(st)
	if trustFile(t, st) != store {
		t.Fatal("Not now changed the trust store")
	}
	test.Tap(findButton(t, tr.root, "Trust it for every package it signs…"))
	answerDialog(t, st, "Trust for every package")
	idle(st)
	if !strings.Contains(trustFile(t, st), "\nsignatory "+string(p.Signatory)+"\n") || !tr.every[p.Signatory] {
		t.Fatalf("no signatory line:\n%s", trustFile(t, st))
	}
	test.Tap(findButton(t, tr.root, "Only the packages pinned to it"))
	idle(st)
	if trustFile(t, st) != store {
		t.Fatalf("taking the trust back left:\n%s", trustFile(t, st))
	}
}
