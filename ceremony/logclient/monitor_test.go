package logclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
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

// A scan that stops (here the log fails on its evidence) keeps what it
// read: the state is saved with the tree read and the next entry, so the
// next run does not read the log again from its start.
func TestMonitorSavesWhatItReadWhenItStops(t *testing.T) {
	eco, pol, c := startLog(t)
	p := publishGenesis(t, c, pol, "example.org/a")
	target, err := url.Parse(eco.Log.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, tlog.PathEvidence) {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer failing.Close()
	fc, err := New(failing.URL, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var saved *MonitorState
	m := &Monitor{Client: fc, Policy: pol, Watch: map[string]*Watch{}, State: &MonitorState{}, Now: time.Now,
		Save: func(s *MonitorState) error { c := *s; saved = &c; return nil }}
	if _, err := m.Run(context.Background()); err == nil {
		t.Fatal("the scan did not stop at the failing evidence")
	}
	if saved == nil {
		t.Fatal("nothing was saved")
	}
	if saved.Next < p.Verified.Checkpoint.Size || saved.Size != saved.Next || saved.Origin != tlogtest.Origin || saved.Root == "" {
		t.Errorf("saved %+v, want the tree read (at least %d entries) and the next entry after it", saved, p.Verified.Checkpoint.Size)
	}
}
