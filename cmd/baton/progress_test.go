package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRenderBar(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		done, total int64
		want        string
	}{
		{0, 4 * mib, "hashing  [--------------------]   0%  0.0/4.0 MiB"},
		{mib, 4 * mib, "hashing  [#####---------------]  25%  1.0/4.0 MiB"},
		{4*mib - 1, 4 * mib, "hashing  [###################-]  99%  4.0/4.0 MiB"},
		{4 * mib, 4 * mib, "hashing  [####################] 100%  4.0/4.0 MiB"},
		{5 * mib, 4 * mib, "hashing  [####################] 100%  4.0/4.0 MiB"}, // clamped
		{-1, 4 * mib, "hashing  [--------------------]   0%  0.0/4.0 MiB"},
		{0, 0, "hashing  [####################] 100%  0.0/0.0 MiB"}, // nothing to do is done
		{3 * mib / 2, 3 * mib, "hashing  [##########----------]  50%  1.5/3.0 MiB"},
	} {
		if got := renderBar("hashing", tc.done, tc.total, 20); got != tc.want {
			t.Errorf("renderBar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
}

// fakeClock advances only when told to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestProgressBarThrottlesAndEndsLines(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProgressBar(&buf, true)
	p.now = clk.now
	const mib = 1 << 20
	p.Update("hashing 1.0", 0, 100*mib)
	p.Update("hashing 1.0", 10*mib, 100*mib) // too soon: dropped
	clk.t = clk.t.Add(minInterval)
	p.Update("hashing 1.0", 20*mib, 100*mib)
	p.Update("hashing 1.0", 100*mib, 100*mib) // final: never dropped
	out := buf.String()
	if n := strings.Count(out, "\r"); n != 3 {
		t.Errorf("%d redraws, want 3:\n%q", n, out)
	}
	if strings.Contains(out, " 10%") {
		t.Errorf("throttled update was drawn: %q", out)
	}
	if !strings.Contains(out, " 20%") || !strings.HasSuffix(out, "100%  100.0/100.0 MiB\n") {
		t.Errorf("missing updates or final newline: %q", out)
	}

	// A message in the middle of a line starts on a new line.
	buf.Reset()
	p.Update("verifying", 1, 10)
	p.Printf("warning\n")
	if got := buf.String(); !strings.HasSuffix(got, "\nwarning\n") {
		t.Errorf("message not on its own line: %q", got)
	}
	// A new label ends the old line first.
	buf.Reset()
	p.Update("a", 1, 10)
	p.Update("b", 1, 10)
	if got := buf.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "\n\rb ") {
		t.Errorf("label change: %q", got)
	}
	p.Break()

	// Disabled (stderr is not a terminal): nothing is drawn.
	buf.Reset()
	q := newProgressBar(&buf, false)
	q.Update("hashing", 1, 2)
	q.Update("hashing", 2, 2)
	q.Break()
	if buf.Len() != 0 {
		t.Errorf("disabled bar drew %q", buf.String())
	}
}

func TestProgressBarPadsShorterLines(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: time.Now()}
	p := newProgressBar(&buf, true)
	p.now = clk.now
	p.Update("x", 999<<20, 1000<<20)
	clk.t = clk.t.Add(time.Second)
	buf.Reset()
	p.Update("x", 1000<<20, 1000<<20) // same length
	if strings.HasSuffix(strings.TrimSuffix(buf.String(), "\n"), " ") {
		t.Errorf("padding where none is needed: %q", buf.String())
	}
}
