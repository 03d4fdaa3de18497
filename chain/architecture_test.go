package chain_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The core never depends on the GUI toolkit or on cgo: chain/ and ceremony/
// (and the CLI) build with CGO_ENABLED=0, and no package they import is
// Fyne's.
func TestCoreImportsNoFyneAndBuildsWithoutCgo(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	core := []string{"github.com/baton-signing/baton/chain/...", "github.com/baton-signing/baton/ceremony/...", "github.com/baton-signing/baton/cmd/baton"}
	cmd := exec.Command(goTool, append([]string{"list", "-deps"}, core...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list found only %d packages", len(deps))
	}
	fyne := "fyne" + ".io/" // spelt apart so a grep for Fyne imports does not match this test
	for _, d := range deps {
		if strings.HasPrefix(d, fyne) || strings.Contains(d, "go-gl/") {
			t.Errorf("the core depends on %s", d)
		}
	}
	build := exec.Command(goTool, append([]string{"build", "-o", os.DevNull}, core...)...)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
}
