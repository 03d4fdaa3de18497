package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
)

// A thief with a copy of the vault signs the next release with the key in
// force and publishes it before the maintainer: the log takes it (first
// seen wins). The app's watch of the log raises it at once: a desktop
// notification and an alarm on Home that stays, across a quiet scan and a
// restart, until the maintainer says they dealt with it.
func TestLogWatchRaisesAStolenKeysEntry(t *testing.T) {
	st, n, logs := underLog(t)
	v := realVault(t)
	logs.mustPublish(v.Package(ceremony.DemoPackage).ChainPath())
	h := newHome(st)
	showIn(t, st, h.root)
	st.SetVault(v) // a real vault opens: the log is read
	idle(st)
	w := st.watcher()
	if !w.box.Visible() || w.alarms.Visible() || len(n.all()) != 0 {
		t.Fatalf("the maintainer's own chain raised something: alarms %q, notifications %q", w.alarms.Text, n.all())
	}
	if !strings.Contains(w.status.Text, "Checked at") {
		t.Errorf("status %q", w.status.Text)
	}

	thief := stolenCopy(t, v)
	release(t, thief, "2.1.0-evil", "Mallory")
	if _, err := logs.publish(thief.Package(ceremony.DemoPackage).ChainPath()); err != nil {
		t.Fatalf("the log refused the thief's first entry at position 5: %v", err)
	}

	test.Tap(w.scanBtn)
	idle(st)
	if len(w.kept) != 1 || !w.kept[0].Serious || w.kept[0].Kind != "entry" || w.kept[0].Position != 5 {
		t.Fatalf("alarms %+v, want one serious alarm for the entry at position 5", w.kept)
	}
	notes := n.all()
	if len(notes) != 1 || !strings.Contains(notes[0], "ALARM") || !strings.Contains(notes[0], "re-key") {
		t.Fatalf("notifications %q, want one ALARM that says to re-key", notes)
	}
	if !w.alarms.Visible() || !showsIn(h.root, "ALARM") {
		t.Errorf("Home does not show the alarm: %q", visibleTexts(h.root))
	}

	// Nothing new: the alarm stays, and no second notification.
	test.Tap(w.scanBtn)
	idle(st)
	if len(n.all()) != 1 || !w.alarms.Visible() {
		t.Errorf("after a quiet scan: notifications %q, alarm shown %v", n.all(), w.alarms.Visible())
	}
	// The app restarts: the alarm is still there.
	if again := newLogWatch(st); len(again.kept) != 1 || !again.alarms.Visible() {
		t.Errorf("after a restart the alarm is gone: %+v", again.kept)
	}
	test.Tap(w.doneBtn)
	if w.alarms.Visible() || len(readKeptAlarms(st.Prefs)) != 0 {
		t.Error("the alarm stays after the maintainer dealt with it")
	}
}

// Without a log policy there is nothing to watch, and Home says nothing
// about a log.
func TestLogWatchHiddenWithoutPolicy(t *testing.T) {
	st, n := newTestState(t)
	h := newHome(st)
	showIn(t, st, h.root)
	st.SetVault(realVault(t))
	idle(st)
	if st.watcher().box.Visible() || len(n.all()) != 0 {
		t.Errorf("shown without a policy: %q", visibleTexts(h.root))
	}
}

// A hostile log cannot fill the preferences: at most maxKept alarms are
// kept, the serious ones first.
func TestLogWatchKeepsBoundedAlarms(t *testing.T) {
	var flood []logclient.Alarm
	for i := range 3 * maxKept {
		flood = append(flood, logclient.Alarm{Kind: "entry", Position: uint64(i + 1), Detail: "a notice"})
	}
	flood = append(flood, logclient.Alarm{Serious: true, Kind: "evidence", Detail: "a stolen key"})
	kept := keepAlarms(nil, flood)
	if len(kept) != maxKept || !kept[0].Serious {
		t.Errorf("kept %d alarms, the first serious: %v; want %d, serious first", len(kept), kept[0].Serious, maxKept)
	}
}
