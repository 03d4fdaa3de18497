package app

import (
	"image"
	"log"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// startTrace logs how long start-up takes, phase by phase, for
// bench/startup.sh: BATON_GUI_TRACE holds the launch time in Unix
// milliseconds, and each phase is logged as milliseconds since then.
type startTrace struct {
	launch time.Time
	once   sync.Once
}

// newStartTrace returns nil (no tracing) unless launchMS is a time.
func newStartTrace(launchMS string) *startTrace {
	ms, err := strconv.ParseInt(launchMS, 10, 64)
	if err != nil || ms <= 0 {
		return nil
	}
	return &startTrace{launch: time.UnixMilli(ms)}
}

// mark logs that phase is reached.
func (t *startTrace) mark(phase string) {
	if t != nil {
		log.Printf("baton-gui: start-up: %s at %d ms", phase, time.Since(t.launch).Milliseconds())
	}
}

// watchFirstFrame lays an invisible raster over content; the driver calls
// its generator while it paints a frame, so the first call marks the first
// painted frame.
func (t *startTrace) watchFirstFrame(content fyne.CanvasObject) fyne.CanvasObject {
	if t == nil {
		return content
	}
	blank := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	r := canvas.NewRaster(func(int, int) image.Image {
		t.once.Do(func() { t.mark("first frame painted") })
		return blank
	})
	return container.NewStack(content, r)
}
