package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// sharedDemo is one demo vault made for the whole test binary; tests work
// on copies of it (copyDemoVault), as making one takes about a second.
var (
	sharedDemoOnce sync.Once
	sharedDemoDir  string
	sharedDemoErr  error
	sharedDemoRoot string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDemoRoot != "" {
		os.RemoveAll(sharedDemoRoot)
	}
	os.Exit(code)
}

// copyDemoVault returns a fresh copy of the demo vault in a temporary
// directory.
func copyDemoVault(t testing.TB) *ceremony.Vault {
	t.Helper()
	sharedDemoOnce.Do(func() {
		sharedDemoRoot, sharedDemoErr = os.MkdirTemp("", "baton-app-test-")
		if sharedDemoErr != nil {
			return
		}
		sharedDemoDir = filepath.Join(sharedDemoRoot, "demo")
		_, sharedDemoErr = ceremony.CreateDemoVault(context.Background(), sharedDemoDir)
	})
	if sharedDemoErr != nil {
		t.Fatalf("making the demo vault: %v", sharedDemoErr)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	if err := os.CopyFS(dir, os.DirFS(sharedDemoDir)); err != nil {
		t.Fatal(err)
	}
	v, err := ceremony.OpenVault(dir)
	if err != nil {
		t.Fatal(err)
	}
	v.KDFRounds = 4
	if !v.IsDemo() {
		t.Fatal("the copy is not a demo vault")
	}
	return v
}

// realVault returns a copy of the demo vault without its demo marker.
func realVault(t testing.TB) *ceremony.Vault {
	t.Helper()
	v := copyDemoVault(t)
	if err := os.Remove(filepath.Join(v.Dir, ceremony.DemoMarker)); err != nil {
		t.Fatal(err)
	}
	return v
}

// offline and online are fake readiness checks.
func offline(v *ceremony.Vault, _ ceremony.Options) (*ceremony.Readiness, error) {
	return &ceremony.Readiness{VaultDir: v.Dir}, nil
}

func online(v *ceremony.Vault, _ ceremony.Options) (*ceremony.Readiness, error) {
	return &ceremony.Readiness{VaultDir: v.Dir, Online: []string{"eth7 (192.0.2.7)"}}, nil
}

// notes records desktop notifications.
type notes struct {
	mu   sync.Mutex
	list []string
}

func (n *notes) notify(title, message string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, title+": "+message)
	return nil
}

func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.list...)
}

// newTestState returns a state on a new test app whose notifications,
// trust store and readiness check are the test's, with no vault open.
func newTestState(t testing.TB) (*State, *notes) {
	t.Helper()
	a := test.NewTempApp(t)
	st := NewState(a)
	n := &notes{}
	st.Notify = n.notify
	trust := filepath.Join(t.TempDir(), "config", "baton", "trust")
	st.TrustPath = func() (string, error) { return trust, nil }
	st.Readiness = offline
	// The test's goroutine plays the UI goroutine: it holds the lock of
	// State.Do while it runs, so background jobs update the UI only while
	// it is idle (idle, await), as in the real app.
	st.uiMu.Lock()
	t.Cleanup(func() {
		st.uiMu.Unlock()
		st.Wait()
	})
	return st, n
}

// idle lets the background jobs run to their end, as the UI goroutine
// does between events.
func idle(st *State) {
	st.uiMu.Unlock()
	defer st.uiMu.Lock()
	st.Wait()
}

// await receives from ch, letting background jobs update the UI meanwhile.
func await[T any](st *State, ch <-chan T) T {
	st.uiMu.Unlock()
	defer st.uiMu.Lock()
	return <-ch
}

// showIn puts o in a test window of a good size, makes it st's window and
// returns it.
func showIn(t testing.TB, st *State, o fyne.CanvasObject) fyne.Window {
	t.Helper()
	idle(st) // no job may touch o while the window renders it
	w := test.NewWindow(o)
	w.Resize(fyne.NewSize(1000, 800))
	st.Window = w
	t.Cleanup(w.Close)
	return w
}

// findButton returns the visible button labelled text under o.
func findButton(t testing.TB, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no visible button %q; visible texts: %q", text, visibleTexts(o))
	}
	return found
}

// showsIn reports whether some visible text under o contains want.
func showsIn(o fyne.CanvasObject, want string) bool {
	for _, s := range visibleTexts(o) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}
