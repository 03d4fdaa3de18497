package tlogtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/chaintest"
)

var (
	buildOnce sync.Once
	logBinary string
	buildErr  error
)

// BuildLog builds baton-log from this module once per test binary and
// returns the program's path.
func BuildLog() (string, error) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "baton-log-bin")
		if err != nil {
			buildErr = err
			return
		}
		_, file, _, _ := runtime.Caller(0)
		logBinary = filepath.Join(dir, "baton-log")
		cmd := exec.Command("go", "build", "-o", logBinary, "./cmd/baton-log")
		cmd.Dir = filepath.Join(filepath.Dir(file), "..", "..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/baton-log: %v\n%s", err, out)
		}
	})
	return logBinary, buildErr
}

// RequireTools skips a Go test on a machine without the tools the
// witnesses need, and fails it where they are required (CI; see
// chaintest.RequireTool).
func RequireTools(t testing.TB) {
	t.Helper()
	for _, tool := range Tools {
		chaintest.RequireTool(t, tool)
	}
}

// Start is StartEcosystem for a Go test, after RequireTools.
func Start(t testing.TB) *Ecosystem {
	t.Helper()
	RequireTools(t)
	return StartEcosystem(t)
}

// Ecosystem is what a package ecosystem runs: a log and three witnesses
// that know it, two of which must cosign, and the policy its users get.
type Ecosystem struct {
	Log       *Log
	Witnesses []*Witness
	VKey      string // the log's verifier key
	Policy    []byte // the users' policy: the log with its URL, the witnesses, max-age a week
}

// Origin is the ecosystem log's origin line.
const Origin = "example.org/baton-log"

// StartEcosystem runs a real baton-log (checkpoints every 100 ms) and
// three real litewitness processes; they stop when the test ends.
func StartEcosystem(t TB) *Ecosystem {
	bin, err := BuildLog()
	if err != nil {
		t.Fatalf("%v", err)
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "log.key")
	out, err := exec.Command(bin, "keygen", "--origin", Origin, "--key", key).Output()
	if err != nil {
		t.Fatalf("baton-log keygen: %v", err)
	}
	e := &Ecosystem{VKey: strings.TrimSpace(string(out))}
	e.Witnesses = StartWitnesses(t, 3, Origin, e.VKey)
	witnessPolicy := filepath.Join(dir, "witness-policy")
	if err := os.WriteFile(witnessPolicy, Policy(e.VKey, e.Witnesses, 2, 0), 0o644); err != nil {
		t.Fatalf("%v", err)
	}
	e.Log = StartLog(t, bin, nil, "--dir", filepath.Join(dir, "log"), "--key", key,
		"--checkpoint-interval", "100ms", "--batch-max-age", "5ms", "--witness-policy", witnessPolicy)
	pol := string(Policy(e.VKey, e.Witnesses, 2, 7*24*time.Hour))
	e.Policy = []byte(strings.Replace(pol, "log "+e.VKey, "log "+e.VKey+" "+e.Log.URL, 1))
	return e
}
