package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain/untrusted"
)

// logWatch is the app's monitor of the transparency log, `baton monitor`
// inside the app: under a log policy that names its log's URL, it follows
// the log for every package of the open vault (logclient.Monitor, resuming
// from the state baton monitor keeps too) when a real vault opens, every
// watchInterval while the app runs, and when asked. An entry or evidence
// of the vault's packages that is not in their chains is an alarm: it is
// sent as a desktop notification, and shown on Home, kept in the
// preferences, until the maintainer says they dealt with it.
type logWatch struct {
	st *appState

	box     *fyne.Container // Home's card; hidden while no policy applies
	status  *widget.Label
	alarms  *widget.Label
	bar     *widget.ProgressBar
	scanBtn *widget.Button
	doneBtn *widget.Button // "I have dealt with these"

	running bool
	vault   *ceremony.Vault // the vault last scanned for
	kept    []logclient.Alarm
}

// watchInterval is how often the app reads the log while it runs.
const watchInterval = time.Hour

// prefLogAlarms keeps the alarms not yet dealt with, as JSON.
const prefLogAlarms = "logwatch.alarms"

// logScan is what one scan found.
type logScan struct {
	Log    string
	Size   uint64
	Read   uint64
	Alarms []logclient.Alarm
}

// watcher returns the app's log watch, made on first use.
func (s *appState) watcher() *logWatch {
	if s.logWatch == nil {
		s.logWatch = newLogWatch(s)
	}
	return s.logWatch
}

func newLogWatch(st *appState) *logWatch {
	w := &logWatch{st: st}
	w.status = widget.NewLabel("")
	w.status.Wrapping = fyne.TextWrapWord
	w.alarms = dangerLabel()
	w.alarms.TextStyle = fyne.TextStyle{Bold: true}
	w.bar = widget.NewProgressBar()
	w.bar.Hide()
	w.scanBtn = widget.NewButtonWithIcon("Check the log now", theme.ViewRefreshIcon(), w.scan)
	w.doneBtn = widget.NewButtonWithIcon("I have dealt with these", theme.ConfirmIcon(), w.dismiss)
	w.doneBtn.Hide()
	card := widget.NewCard("Transparency log", "Entries signed with your packages' keys that are not in your chains",
		container.NewVBox(w.alarms, w.status, w.bar, container.NewHBox(w.scanBtn, w.doneBtn)))
	w.box = container.NewVBox(card)
	w.box.Hide()
	w.kept = readKeptAlarms(st.Prefs)
	w.showAlarms()
	st.OnChange(func() {
		if st.Vault != w.vault && st.Vault != nil && !st.Demo {
			w.scan()
		}
	})
	return w
}

// every scans the log every d until ctx ends; Run starts it.
func (w *logWatch) every(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.st.Do(w.scan)
		}
	}
}

// scan reads what is new in the log for the open vault's packages, off
// the UI goroutine.
func (w *logWatch) scan() {
	v := w.st.Vault
	if w.running || v == nil || w.st.Demo {
		return
	}
	w.running, w.vault = true, v
	w.scanBtn.Disable()
	w.status.SetText("Reading the log …")
	policy, statePath, notifier := w.st.LogPolicy, w.st.MonitorState, w.st.Notify
	w.st.Go(func() {
		progress := func(done, total uint64) {
			w.st.Do(func() {
				w.bar.Max = float64(total)
				w.bar.SetValue(float64(done))
				w.bar.Show()
			})
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		r, err := scanLog(ctx, v, policy, statePath, progress)
		if r != nil && serious(r.Alarms) {
			notify(notifier, "Baton: ALARM in the transparency log", alarmMessage(r.Alarms), notifyTimeout)
		}
		w.st.Do(func() { w.show(r, err) })
	})
}

// scanLog runs the monitor for the vault's packages. It returns nil, and
// no error, when no policy applies or the policy names no log URL.
func scanLog(ctx context.Context, v *ceremony.Vault, policy func() (string, error), statePath func(string) (string, error), progress func(done, total uint64)) (*logScan, error) {
	pol, err := readLogPolicy(policy)
	if err != nil || pol == nil {
		return nil, err
	}
	url := ""
	for _, l := range pol.Logs {
		if l.URL != "" {
			url = l.URL
			break
		}
	}
	if url == "" {
		return nil, nil
	}
	watch, err := vaultWatch(v)
	if err != nil || len(watch) == 0 {
		return &logScan{Log: url}, err
	}
	c, err := logclient.New(url, time.Minute)
	if err != nil {
		return &logScan{Log: url}, err
	}
	path, err := statePath(c.URL())
	if err != nil {
		return &logScan{Log: url}, err
	}
	state, err := logclient.ReadState(path)
	if err != nil {
		return &logScan{Log: url}, err
	}
	start := state.Next
	m := &logclient.Monitor{Client: c, Policy: pol, Watch: watch, State: state, Now: time.Now, Progress: progress,
		Save: func(s *logclient.MonitorState) error { return logclient.WriteState(path, s) }}
	alarms, err := m.Run(ctx)
	return &logScan{Log: c.URL(), Size: state.Size, Read: state.Next - start, Alarms: alarms}, err
}

// vaultWatch watches every package of the vault that has a chain.
func vaultWatch(v *ceremony.Vault) (map[string]*logclient.Watch, error) {
	pkgs, err := v.Packages()
	if err != nil {
		return nil, err
	}
	watch := map[string]*logclient.Watch{}
	for _, name := range pkgs {
		es, err := v.Package(name).Chain()
		if err != nil {
			return nil, err
		}
		if len(es) > 0 {
			watch[name] = logclient.NewWatch(es)
		}
	}
	return watch, nil
}

func serious(alarms []logclient.Alarm) bool {
	for _, a := range alarms {
		if a.Serious {
			return true
		}
	}
	return false
}

// alarmMessage is a notification's text: the first serious alarm and
// what to do.
func alarmMessage(alarms []logclient.Alarm) string {
	n, first := 0, ""
	for _, a := range alarms {
		if a.Serious {
			if n == 0 {
				first = untrusted.SanitizeMessage(a.Detail)
			}
			n++
		}
	}
	if n > 1 {
		first += fmt.Sprintf(" (and %d more)", n-1)
	}
	return first + ". If you did not sign it, a key was stolen: re-key the package with its recovery key (Ceremonies, Re-key)."
}

// show shows a scan's outcome and keeps its alarms.
func (w *logWatch) show(r *logScan, err error) {
	w.running = false
	w.scanBtn.Enable()
	w.bar.Hide()
	if v := w.st.Vault; v != w.vault && v != nil && !w.st.Demo {
		defer w.scan() // another vault opened while this one was read
	}
	if r == nil && err == nil {
		w.box.Hide() // no policy, or no log to read
		w.showAlarms()
		return
	}
	w.box.Show()
	if r != nil && len(r.Alarms) > 0 {
		w.kept = keepAlarms(w.kept, r.Alarms)
		writeKeptAlarms(w.st.Prefs, w.kept)
	}
	w.showAlarms()
	when := time.Now().Format("15:04")
	switch {
	case err != nil:
		w.status.Importance = widget.WarningImportance
		w.status.SetText(fmt.Sprintf("At %s the log could not be read to its end: %s. It resumes where it stopped next time.", when, untrusted.SanitizeMessage(err.Error())))
	default:
		w.status.Importance = widget.MediumImportance
		w.status.SetText(fmt.Sprintf("Checked at %s: %s, %s read, a tree of %d entries.", when, untrusted.Quote(r.Log), countOf(r.Read, "new entry", "new entries"), r.Size))
	}
	w.status.Refresh()
}

// showAlarms shows the alarms not dealt with yet.
func (w *logWatch) showAlarms() {
	if len(w.kept) == 0 {
		w.alarms.Hide()
		w.doneBtn.Hide()
		return
	}
	var lines []string
	for _, a := range w.kept {
		word := "NOTICE"
		if a.Serious {
			word = "ALARM"
		}
		lines = append(lines, word+": "+untrusted.SanitizeMessage(a.Detail))
	}
	if serious(w.kept) {
		lines = append(lines, "If you did not sign an entry named, a key was stolen: re-key the package with its recovery key (Ceremonies, Re-key); the re-key is logged too.")
	}
	w.alarms.SetText(strings.Join(lines, "\n"))
	w.alarms.Show()
	w.doneBtn.Show()
	w.box.Show()
}

// maxKept bounds the alarms kept: a hostile log could send many.
const maxKept = 50

// keepAlarms adds new alarms to the kept ones: serious ones first, at
// most maxKept in all.
func keepAlarms(kept, alarms []logclient.Alarm) []logclient.Alarm {
	all := append(append([]logclient.Alarm(nil), kept...), alarms...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Serious && !all[j].Serious })
	return all[:min(len(all), maxKept)]
}

// dismiss forgets the alarms shown: the maintainer dealt with them.
func (w *logWatch) dismiss() {
	w.kept = nil
	writeKeptAlarms(w.st.Prefs, nil)
	w.showAlarms()
}

func readKeptAlarms(p fyne.Preferences) []logclient.Alarm {
	var a []logclient.Alarm
	if s := p.String(prefLogAlarms); s != "" {
		_ = json.Unmarshal([]byte(s), &a) // unreadable: nothing kept
	}
	return a
}

func writeKeptAlarms(p fyne.Preferences, a []logclient.Alarm) {
	if len(a) == 0 {
		p.RemoveValue(prefLogAlarms)
		return
	}
	data, _ := json.Marshal(a)
	p.SetString(prefLogAlarms, string(data))
}
