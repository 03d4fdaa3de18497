package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/beeep"
)

func TestNotifyReturnsAndTimesOut(t *testing.T) {
	if beeep.AppName != "Baton" {
		t.Errorf("beeep.AppName = %q", beeep.AppName)
	}
	want := errors.New("no bus")
	if err := notify(func(string, string) error { return want }, "t", "m", time.Second); err != want {
		t.Errorf("notify = %v, want the notifier's error", err)
	}
	release := make(chan struct{})
	defer close(release)
	blocked := func(string, string) error { <-release; return nil }
	start := time.Now()
	err := notify(blocked, "t", "m", 20*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Errorf("blocked notifier: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("notify waited %v", d)
	}
	if err := notify(nil, "t", "m", time.Second); err != nil {
		t.Errorf("nil notifier: %v", err)
	}
}

func TestPassphraseScore(t *testing.T) {
	for _, tc := range []struct {
		pass   string
		strong bool
	}{
		{"", false},
		{"password", false},
		{"example.org/hello", false},
		{"Jane Doe 2024", false},
		{strongPass, true},
		{"correct horse battery staple", true},
	} {
		got := passphraseScore(tc.pass, []string{"example.org/hello", "Jane Doe"})
		if (got >= minScore) != tc.strong {
			t.Errorf("score(%q) = %d, strong = %v", tc.pass, got, tc.strong)
		}
	}
	m := newStrengthMeter()
	m.set(4)
	if !strings.Contains(m.text.Text, "strong (4/4)") || m.segments[3].FillColor != scoreColors[4] {
		t.Errorf("meter at 4: %q", m.text.Text)
	}
	m.set(1)
	if m.segments[1].FillColor == scoreColors[1] || m.segments[0].FillColor != scoreColors[1] {
		t.Error("meter at 1 fills more than one segment")
	}
}

func TestStepperFollowsAnnouncements(t *testing.T) {
	s := newStepper([]string{"a", "b"}, false)
	s.announce(0, 3, "first")
	if len(s.titles) != 3 || s.titles[0] != "first" || s.states[0] != stepCurrent || s.states[2] != stepPending {
		t.Errorf("after step 1 of 3: %q %v", s.titles, s.states)
	}
	if s.next() != "b" {
		t.Errorf("next = %q", s.next())
	}
	s.announce(2, 3, "third")
	if s.states[0] != stepDone || s.states[1] != stepDone || s.states[2] != stepCurrent {
		t.Errorf("after step 3 (a resume skipping 2): %v", s.states)
	}
	s.fail()
	if s.states[2] != stepFailed {
		t.Errorf("fail: %v", s.states)
	}
	s.finish()
	for i, st := range s.states {
		if st != stepDone {
			t.Errorf("finish: step %d is %d", i, st)
		}
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 3 << 30: "3.0 GiB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
