package app

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
)

// The drivers the tests share with the screenshots tool are in
// drivers.go; here the tests hand them Fyne's test driver.
func TestMain(m *testing.M) {
	ui = drive.Driver{Tap: test.Tap, Type: test.Type, Renderer: test.WidgetRenderer, NewApp: test.NewApp}
	code := m.Run()
	drive.RemoveDemoVault()
	os.Exit(code)
}

// online is a fake readiness check: an online machine.
func online(v *ceremony.Vault, _ ceremony.Options) (*ceremony.Readiness, error) {
	return &ceremony.Readiness{VaultDir: v.Dir, Online: []string{"eth7 (192.0.2.7)"}}, nil
}

// newTestState returns a state on a new test app whose notifications,
// trust store and readiness check are the test's, with no vault open.
func newTestState(t testing.TB) (*appState, *notes) {
	t.Helper()
	return newDrivenState(t, test.NewTempApp(t))
}
