package app

import (
	"bytes"
	"log"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The start-up trace logs its first painted frame once, when the window
// is drawn; without BATON_GUI_TRACE it adds nothing.
func TestStartTraceMarksTheFirstFrame(t *testing.T) {
	content := widget.NewLabel("home")
	if o := newStartTrace("").watchFirstFrame(content); o != content {
		t.Fatal("no trace, yet the content was wrapped")
	}
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	tr := newStartTrace(strconv.FormatInt(time.Now().Add(-time.Second).UnixMilli(), 10))
	test.NewTempApp(t)
	w := test.NewWindow(tr.watchFirstFrame(content))
	defer w.Close()
	w.Canvas().Capture()
	w.Canvas().Capture()
	if n := strings.Count(logged.String(), "first frame painted at"); n != 1 {
		t.Fatalf("first frame logged %d times:\n%s", n, logged.String())
	}
	if !strings.Contains(logged.String(), "first frame painted at 1") {
		t.Errorf("the time since launch is wrong:\n%s", logged.String())
	}
}
