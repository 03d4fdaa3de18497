package app

import (
	"context"
	"os"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
)

// appState is what every screen shares: the open vault, the selected package,
// the preferences and the window. Its fields and methods belong to the UI
// goroutine; background work (see Go) reports back through Do.
type appState struct {
	App    fyne.App
	Window fyne.Window
	Prefs  fyne.Preferences

	Vault    *ceremony.Vault // the open vault; nil while none is open
	Demo     bool            // Vault is a demo vault (Vault.IsDemo)
	VaultErr error           // why no vault could be opened
	Loading  string          // what is being prepared while the vault opens
	Package  string          // the selected package, shared by the screens

	// Notify shows a desktop notification; it may block, so it is called
	// off the UI goroutine with a timeout (see notify). Tests replace it.
	Notify func(title, message string) error
	// Print sends a PDF file to a printer (lpPrint); tests replace it.
	Print func(path, title string) error
	// TrustPath returns where the trust store lives (trustStorePath).
	TrustPath func() (string, error)
	// LogPolicy returns where the transparency log policy lives
	// (ceremony.DefaultLogPolicyPath); with no file there, none applies.
	LogPolicy func() (string, error)
	// MonitorState returns where the log monitor of a log URL keeps its
	// state (logclient.DefaultStatePath, shared with baton monitor).
	MonitorState func(logURL string) (string, error)
	// Readiness checks the machine (ceremony.CheckReadiness); tests
	// replace it to see both verdicts.
	Readiness func(v *ceremony.Vault, opts ceremony.Options) (*ceremony.Readiness, error)
	// openVault opens the vault or the demo vault (the function openVault);
	// tests replace it to hold the start-up at a point.
	openVault func(ctx context.Context, loc vaultLocations, preparing func()) (*ceremony.Vault, error)

	listeners  []func()
	jobs       sync.WaitGroup
	uiMu       sync.Mutex // see Do
	nav        *nav
	ceremonies *ceremoniesScreen // once built: Home's "What is due" buttons open its wizards
	verifier   *verifyScreen     // once built: baton-gui verify checks its chain there
	logWatch   *logWatch         // the transparency log monitor; see watcher

	// announce prints a line for whoever started the app from a terminal
	// or a script ("vault open: …", "publish: PATH"); nil prints nothing
	// (tests set it to read the lines).
	announce func(line string)
}

// newAppState returns the state of a new window on a, with no vault open yet.
func newAppState(a fyne.App) *appState {
	return &appState{
		App:          a,
		Prefs:        a.Preferences(),
		Notify:       beeepNotify,
		Print:        lpPrint,
		TrustPath:    trustStorePath,
		LogPolicy:    ceremony.DefaultLogPolicyPath,
		MonitorState: logclient.DefaultStatePath,
		Readiness:    ceremony.CheckReadiness,
		openVault:    openVault,
	}
}

// OnChange registers f to run (on the UI goroutine) whenever the vault or
// the selected package changes.
func (s *appState) OnChange(f func()) { s.listeners = append(s.listeners, f) }

// Changed tells every screen that the state changed.
func (s *appState) Changed() {
	for _, f := range s.listeners {
		f()
	}
}

// SetVault makes v the open vault. A real vault gets the KDF cost of the
// preferences for new keys; a demo vault keeps its own low cost.
func (s *appState) SetVault(v *ceremony.Vault) {
	s.Vault, s.VaultErr, s.Loading = v, nil, ""
	s.Demo = v != nil && v.IsDemo()
	if v != nil && !s.Demo {
		v.KDFRounds = prefKDFRounds(s.Prefs)
	}
	s.Package = ""
	if v != nil {
		if pkgs, err := v.Packages(); err == nil && len(pkgs) > 0 {
			s.Package = pkgs[0]
		}
	}
	s.Changed()
}

// say prints line for whoever started the app (see announce).
func (s *appState) say(line string) {
	if s.announce != nil {
		s.announce(line)
	}
}

// SelectPackage makes name the selected package.
func (s *appState) SelectPackage(name string) {
	if s.Package == name {
		return
	}
	s.Package = name
	s.Changed()
}

// Go runs work on a new goroutine. work must hand every UI update to Do.
// Wait waits for all of them; tests use it instead of sleeping.
func (s *appState) Go(work func()) {
	s.jobs.Add(1)
	go func() {
		defer s.jobs.Done()
		work()
	}()
}

// Wait blocks until every job started with Go has finished.
func (s *appState) Wait() { s.jobs.Wait() }

// Do runs fn on the UI goroutine (fyne.Do) from a background goroutine.
// The real driver queues fn; Fyne's test driver runs it at once on the
// calling goroutine, so Do also keeps two jobs from updating widgets at
// the same moment there.
func (s *appState) Do(fn func()) {
	s.uiMu.Lock()
	defer s.uiMu.Unlock()
	fyne.Do(fn)
}

// DoAndWait is Do that waits for fn to have run (fyne.DoAndWait). fn must
// not call Do.
func (s *appState) DoAndWait(fn func()) {
	s.uiMu.Lock()
	defer s.uiMu.Unlock()
	fyne.DoAndWait(fn)
}

// options are the ceremony options the preferences ask for.
func (s *appState) options(operator string, witnesses []string) ceremony.Options {
	return ceremony.Options{
		Operator:       operator,
		Witnesses:      witnesses,
		RequireOffline: s.Prefs.Bool(prefRequireOffline),
	}
}

// dirExists reports whether path is an existing directory.
func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
