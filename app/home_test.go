package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func TestHomeShowsDemoVault(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	w.Resize(w.Canvas().Size().Max(w.Content().MinSize()))

	v := copyDemoVault(t)
	st.SetVault(v)
	idle(st)

	status, err := v.Package(ceremony.DemoPackage).Status()
	if err != nil {
		t.Fatal(err)
	}
	due := status.Due()
	if len(due) == 0 {
		due = []string{"nothing due"}
	}
	for _, want := range append([]string{
		ceremony.DemoPackage,
		"signatory Demo Maintainer (demo vault)",
		"OFFLINE", "ready for a key ceremony",
		"recovery key", "K4 · in force", "K5 · spare", "K3 · used", "K1 · retired",
		"What is due",
		"DEMO VAULT", ceremony.DemoPassphrase,
	}, due...) {
		if !shows(w, want) {
			t.Errorf("Home does not show %q; visible: %q", want, visibleTexts(w.Content()))
		}
	}
	if shows(w, "unfinished") {
		t.Error("Home warns of an unfinished ceremony in a clean demo vault")
	}
	if !st.Demo {
		t.Error("State.Demo is false for the demo vault")
	}
}

func TestHomeShowsOnlineVerdict(t *testing.T) {
	st, _ := newTestState(t)
	st.Readiness = online
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(copyDemoVault(t))
	idle(st)
	if !shows(w, "ONLINE") || !shows(w, "eth7 (192.0.2.7)") {
		t.Errorf("Home does not show ONLINE with the interface; visible: %q", visibleTexts(w.Content()))
	}
	if shows(w, "OFFLINE") {
		t.Error("Home shows OFFLINE for an online machine")
	}
	home := newReadinessView(st)
	home.show(&ceremony.Readiness{Online: []string{"eth7"}}, nil)
	if home.verdict.Color != verdictRed {
		t.Errorf("ONLINE is drawn in %v, want red", home.verdict.Color)
	}
	home.show(&ceremony.Readiness{}, nil)
	if home.verdict.Color != verdictGreen || home.verdict.Text != "OFFLINE" {
		t.Errorf("OFFLINE verdict = %q in %v", home.verdict.Text, home.verdict.Color)
	}
}

func TestHomeWarnsOfUnfinishedCeremony(t *testing.T) {
	v := realVault(t)
	// A release stopped by a wrong passphrase leaves its journal behind.
	dist := t.TempDir()
	if err := os.WriteFile(filepath.Join(dist, "a.tar.gz"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	ui := &ceremony.UI{Passphrase: func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }}
	_, err := v.Release(context.Background(), ui, ceremony.Options{Operator: "Tester"}, ceremony.ReleaseParams{Package: ceremony.DemoPackage, Version: "9.0.0", Dir: dist})
	if !errors.Is(err, signify.ErrWrongPassphrase) {
		t.Fatalf("release with a wrong passphrase: %v", err)
	}

	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	st.SetVault(v)
	idle(st)
	if !shows(w, "unfinished release ceremony of "+ceremony.DemoPackage) {
		t.Errorf("Home does not warn of the unfinished release; visible: %q", visibleTexts(w.Content()))
	}
	if !shows(w, "finish the unfinished release ceremony") {
		t.Errorf("Home does not list what is due; visible: %q", visibleTexts(w.Content()))
	}
	if shows(w, "nothing due") || shows(w, "DEMO VAULT") {
		t.Error("Home says nothing is due, or shows the demo banner, for a real vault with work due")
	}
}

func TestTimelineDrawsKindsAsShapes(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	entry := func(pos uint64, k chain.Kind, version string) *chain.SignedEntry {
		return &chain.SignedEntry{Entry: &chain.Entry{Position: pos, Kind: k, Version: version, Time: at}}
	}
	tl := newTimeline([]*chain.SignedEntry{
		entry(1, chain.KindGenesis, ""),
		entry(2, chain.KindRelease, "1.0.0"),
		entry(3, chain.KindRekey, ""),
		entry(4, chain.KindHandover, ""),
		entry(5, chain.KindRelease, "2.0.0"),
	})
	w := test.NewWindow(tl)
	defer w.Close()
	w.Resize(tl.MinSize().AddWidthHeight(100, 0))

	r := test.WidgetRenderer(tl).(*timelineRenderer)
	if len(r.nodes) != 5 {
		t.Fatalf("%d nodes, want 5", len(r.nodes))
	}
	wantSides := []uint{6, 0, 3, 4, 0}
	wantLabels := []string{"genesis", "1.0.0", "re-key", "hand-over", "2.0.0"}
	var lastX float32 = -1
	for i, n := range r.nodes {
		switch s := n.shape.(type) {
		case *canvas.Circle:
			if wantSides[i] != 0 {
				t.Errorf("node %d is a circle, want %d sides", i+1, wantSides[i])
			}
		case *canvas.Polygon:
			if s.Sides != wantSides[i] {
				t.Errorf("node %d has %d sides, want %d", i+1, s.Sides, wantSides[i])
			}
		default:
			t.Errorf("node %d is a %T", i+1, s)
		}
		if n.label.Text != wantLabels[i] {
			t.Errorf("node %d label %q, want %q", i+1, n.label.Text, wantLabels[i])
		}
		if n.date.Text != "2026-03-01" {
			t.Errorf("node %d date %q", i+1, n.date.Text)
		}
		x := n.shape.Position().X + n.shape.Size().Width/2
		if x <= lastX {
			t.Errorf("node %d at x=%v is not right of the one before (%v)", i+1, x, lastX)
		}
		if y := n.shape.Position().Y + n.shape.Size().Height/2; y != tlLineY {
			t.Errorf("node %d centred at y=%v, want on the line at %v", i+1, y, tlLineY)
		}
		lastX = x
		if (n.ring != nil) != (i == 4) {
			t.Errorf("node %d ring = %v; only the head is ringed", i+1, n.ring != nil)
		}
	}
	if !strings.HasSuffix(r.nodes[4].pos.Text, "head") {
		t.Errorf("head position label %q", r.nodes[4].pos.Text)
	}
	if r.line.Position1.X >= r.line.Position2.X {
		t.Error("the timeline's line is not horizontal left to right")
	}
}

func TestDueView(t *testing.T) {
	test.NewTempApp(t)
	l, ok := dueView(nil, "", nil).(*widget.Label)
	if !ok || !strings.Contains(l.Text, "nothing due") || l.Importance != widget.SuccessImportance {
		t.Errorf("nothing due: %#v", dueView(nil, "", nil))
	}
	box := dueView(nil, "", []ceremony.DueItem{{Kind: ceremony.DueSpare, Text: "first thing"}, {Kind: ceremony.DueBackup, Text: "second thing"}})
	texts := visibleTexts(box)
	if len(texts) != 2 || texts[0] != "1. first thing" || texts[1] != "2. second thing" {
		t.Errorf("due items shown as %q", texts)
	}
	if strings.Contains(strings.Join(texts, " "), "nothing due") {
		t.Error("nothing due shown with items due")
	}
}

// TestHomeUsesTheWidth: at 1920 px the packages stand beside the
// readiness check; in a narrow window they come under it.
func TestHomeUsesTheWidth(t *testing.T) {
	st, _ := newTestState(t)
	st.SetVault(copyDemoVault(t))
	h := newHome(st)
	w := showIn(t, st, h.root)
	idle(st)
	left, right := h.columns.Objects[0], h.packages
	w.Resize(fyne.NewSize(1760, 1000))
	if right.Position().X <= left.Position().X || right.Position().Y != left.Position().Y {
		t.Errorf("wide: packages at %v, readiness at %v; want them side by side", right.Position(), left.Position())
	}
	w.Resize(fyne.NewSize(640, 600))
	if right.Position().Y <= left.Position().Y {
		t.Errorf("narrow: packages at %v, readiness at %v; want them stacked", right.Position(), left.Position())
	}
}
