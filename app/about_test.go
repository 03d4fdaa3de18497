package app

import (
	"runtime/debug"
	"testing"

	"github.com/baton-signing/baton/ceremony"
)

func TestAboutShowsVersionBuildAndDocuments(t *testing.T) {
	st, _ := newTestState(t)
	w := showIn(t, st, aboutScreen(st))
	for _, want := range []string{"Version " + ceremony.Version, "Build: ", "README.md", "SPEC.md", "docs/SECURITY.md"} {
		if !showsIn(w.Content(), want) {
			t.Errorf("About does not show %q; visible %q", want, visibleTexts(w.Content()))
		}
	}
}

func TestBuildIDNamesCommit(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26", Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "c1378e8abc"},
		{Key: "vcs.time", Value: "2026-11-28T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	if got, want := buildID(info, true), "Build: go1.26 · commit c1378e8abc (modified) · 2026-11-28T10:00:00Z"; got != want {
		t.Errorf("buildID = %q, want %q", got, want)
	}
	if got := buildID(&debug.BuildInfo{GoVersion: "go1.26"}, true); got != "Build: go1.26" {
		t.Errorf("buildID without vcs = %q", got)
	}
	if got := buildID(nil, false); got != "Build: unknown" {
		t.Errorf("buildID without info = %q", got)
	}
}
