package logclient

import (
	"strings"
	"testing"
)

// Anyone can log chains under a watched package's name, and a hostile log
// can send entries that are not Baton's: a scan keeps a bounded list of
// alarms and sums up the rest, serious ones counted apart.
func TestMonitorBoundsItsAlarms(t *testing.T) {
	m := &Monitor{}
	for range 10 * MaxNotices {
		m.alarm(Alarm{Kind: "entry", Detail: "a notice"})
	}
	for range MaxSerious + 3 {
		m.alarm(Alarm{Serious: true, Kind: "entry", Detail: "a stolen key"})
	}
	got := m.result()
	if len(got) != MaxNotices+MaxSerious+1 {
		t.Fatalf("%d alarms kept, want %d", len(got), MaxNotices+MaxSerious+1)
	}
	last := got[len(got)-1]
	if !last.Serious || !strings.Contains(last.Detail, "903 more alarms are not listed, 3 of them serious") {
		t.Errorf("the summary is %+v", last)
	}
}
