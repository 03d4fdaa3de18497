package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressBar draws one "\r"-updated line on stderr for long work:
//
//	hashing 1.2  [############------------------]  41%  420.0/1024.0 MiB
//
// Updates closer than minInterval are dropped (the final one never is);
// the line ends with a newline when the work is done, or before anything
// else is printed. It also serializes every other write to stderr, since
// updates come from the hashing goroutines.
type progressBar struct {
	mu      sync.Mutex
	w       io.Writer
	enabled bool // draw at all (stderr is a terminal)
	now     func() time.Time

	label  string    // label of the line being drawn
	active bool      // a line is drawn without its newline
	last   time.Time // when it was drawn
	shown  string    // what was drawn
}

const (
	barWidth    = 30
	minInterval = 100 * time.Millisecond
)

func newProgressBar(w io.Writer, enabled bool) *progressBar {
	return &progressBar{w: w, enabled: enabled, now: time.Now}
}

// Update implements ceremony.UI.Progress and the verifier's progress.
func (p *progressBar) Update(label string, done, total int64) {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	final := done >= total
	now := p.now()
	if p.active && label != p.label {
		p.breakLocked()
	}
	if p.active && !final && now.Sub(p.last) < minInterval {
		return
	}
	line := renderBar(label, done, total, barWidth)
	if p.active && line == p.shown && !final {
		return
	}
	pad := ""
	if n := len(p.shown) - len(line); p.active && n > 0 {
		pad = strings.Repeat(" ", n)
	}
	fmt.Fprintf(p.w, "\r%s%s", line, pad)
	p.label, p.last, p.shown, p.active = label, now, line, true
	if final {
		p.breakLocked()
	}
}

// For returns a progress function for one labelled piece of work.
func (p *progressBar) For(label string) func(done, total int64) {
	return func(done, total int64) { p.Update(label, done, total) }
}

// Break ends a line being drawn.
func (p *progressBar) Break() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.breakLocked()
}

func (p *progressBar) breakLocked() {
	if p.active {
		io.WriteString(p.w, "\n")
	}
	p.active, p.label, p.shown = false, "", ""
}

// Printf writes to stderr, after ending a line being drawn.
func (p *progressBar) Printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.breakLocked()
	fmt.Fprintf(p.w, format, args...)
}

// renderBar renders one progress line: label, bar, percent, MiB done of
// total. The percentage is rounded down, so 100% means done.
func renderBar(label string, done, total int64, width int) string {
	if total < 0 {
		total = 0
	}
	done = max(0, min(done, total))
	frac := 1.0
	pct := int64(100)
	if total > 0 {
		frac = float64(done) / float64(total)
		pct = done * 100 / total
	}
	filled := int(frac * float64(width))
	if done < total && filled == width {
		filled = width - 1
	}
	bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	const mib = 1 << 20
	return fmt.Sprintf("%s  [%s] %3d%%  %.1f/%.1f MiB", label, bar, pct, float64(done)/mib, float64(total)/mib)
}
