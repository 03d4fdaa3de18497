package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
)

// BenchmarkReleaseProgress1GiB runs the release wizard on a 1 GiB release
// (BATON_BENCH_DIR holds the file between runs; a temporary directory by
// default) and watches its progress bar as a window's frame loop would:
// 60 times a second it takes the UI goroutine's lock, reads the bar and
// lets go. It reports how many frames the hash lasted, the share of them
// in which the bar had moved, the longest the bar stood still, and the
// longest a frame waited for the UI goroutine (the ceremony's goroutine
// must never hold it long).
//
// Run: bench/progress.sh, or
// CGO_ENABLED=0 go test -tags ci ./app/ -run '^$' -bench ReleaseProgress1GiB -benchtime 2x
func BenchmarkReleaseProgress1GiB(b *testing.B) {
	const size = 1 << 30
	dist := os.Getenv("BATON_BENCH_DIR")
	if dist == "" {
		dist = b.TempDir()
	}
	dist = filepath.Join(dist, "release-1GiB")
	benchRelease(b, dist, size)
	st, _ := newTestState(b)
	v := realVault(b)
	st.SetVault(v)
	v.KDFRounds = 4
	b.SetBytes(size)
	var frames, moved int
	var still, wait []time.Duration
	i := 0
	for b.Loop() {
		i++
		c, wz := openWizard(b, st, "Release…")
		f := wz.form.(*releaseForm)
		f.version.SetText(fmt.Sprintf("9.%d", i))
		f.dirEntry.SetText(dist)
		wz.operator.SetText("Bench")
		test.Tap(findButton(b, c.root, "Next"))
		passReview(b, st, wz)
		wz.pass.SetText(ceremony.DemoPassphrase)
		wz.onPrompt = func(string) { go st.Do(func() { wz.answer(true) }) }
		test.Tap(findButton(b, c.root, "Start the ceremony"))

		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() { // the frame loop
			defer close(sampled)
			tick := time.NewTicker(time.Second / 60)
			defer tick.Stop()
			last, lastMove := 0.0, time.Time{}
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				t0 := time.Now()
				st.uiMu.Lock()
				got := time.Now()
				val := wz.progress.Value
				st.uiMu.Unlock()
				if val <= 0 || last >= 1 {
					last = val
					continue // before or after the hash
				}
				wait = append(wait, got.Sub(t0))
				frames++
				if val != last {
					moved++
					if !lastMove.IsZero() {
						still = append(still, got.Sub(lastMove))
					}
					lastMove = got
				}
				last = val
			}
		}()
		idle(st)
		close(done)
		<-sampled
		if wz.err != nil {
			b.Fatalf("release: %v", wz.err)
		}
		test.Tap(findButton(b, c.root, "Done"))
	}
	b.ReportMetric(float64(frames)/float64(b.N), "frames/op")
	if frames > 0 {
		b.ReportMetric(100*float64(moved)/float64(frames), "%frames-moved")
	}
	b.ReportMetric(maxMS(still), "max-still-ms")
	b.ReportMetric(maxMS(wait), "max-frame-wait-ms")
}

// benchRelease makes dir hold one file of size bytes, unless it does.
func benchRelease(b *testing.B, dir string, size int64) {
	name := filepath.Join(dir, "release.bin")
	if fi, err := os.Stat(name); err == nil && fi.Size() == size {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	for n := int64(0); n < size; n += int64(len(buf)) {
		if _, err := f.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

func maxMS(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return float64(ds[len(ds)-1]) / float64(time.Millisecond)
}
