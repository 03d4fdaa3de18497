package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
)

// TestMain lets the test binary run as the baton command inside scripts:
// each `baton` line of a script is a real process, so a crash hook's
// SIGKILL kills only that run.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"baton": func() { limitMemory(); os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

const scriptPassphrase = "correct horse battery staple"

// TestScripts runs the whole-life scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			pass := filepath.Join(env.WorkDir, ".passphrase")
			if err := os.WriteFile(pass, []byte(scriptPassphrase+"\n"), 0o600); err != nil {
				return err
			}
			env.Setenv("BATON_PASSPHRASE_FILE", pass)
			env.Setenv("BATON_VAULT", filepath.Join(env.WorkDir, "vault"))
			env.Setenv("BATON_TRUST", filepath.Join(env.WorkDir, "trust"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("XDG_CONFIG_HOME", "")
			env.Setenv("XDG_DATA_HOME", "")
			env.Setenv("BATON_TEST_CRASH_AT", "")
			env.Setenv("BATON_TEST_CLOCK", "")
			env.Setenv("BATON_LOG_POLICY", "")
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, "cache"))
			// Under -race every process sleeps 1 s at exit by default.
			if g := env.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
				env.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "tlog" {
				return haveTools(tlogtest.Tools...)
			}
			if cond != "signify" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if _, err := exec.LookPath("signify-openbsd"); err != nil {
				if os.Getenv("BATON_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
					return false, fmt.Errorf("signify-openbsd is required (BATON_REQUIRE_TOOLS) but not installed")
				}
				return false, nil
			}
			return true, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":   cmdExitCode,
			"jsonget":    cmdJSONGet,
			"countfiles": cmdCountFiles,
			"serve":      cmdServe,
			"tlog":       cmdTlog,
		},
	})
}

// exitcode CODE PROGRAM ARGS... runs a program and checks its exit code;
// CODE "killed" means it died of SIGKILL.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE|killed PROGRAM ARGS...")
	}
	err := ts.Exec(args[1], args[2:]...)
	got := "0"
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = strconv.Itoa(ee.ExitCode())
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			got = "killed"
		}
	} else if err != nil {
		ts.Fatalf("running %s: %v", args[1], err)
	}
	if got != args[0] {
		ts.Fatalf("%s exited %s, want %s", args[1], got, args[0])
	}
}

// jsonget PATH VAR sets VAR to a field of the JSON on the last stdout;
// PATH is dot-separated, with indexes into arrays (events.0.accept).
func cmdJSONGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: jsonget PATH VAR")
	}
	var v any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &v); err != nil {
		ts.Fatalf("stdout is not JSON: %v", err)
	}
	for _, k := range strings.Split(args[0], ".") {
		if a, ok := v.([]any); ok {
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(a) {
				ts.Fatalf("%s: %q is not an index of an array of %d", args[0], k, len(a))
			}
			v = a[i]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			ts.Fatalf("%s: %q is not inside an object", args[0], k)
		}
		if v, ok = m[k]; !ok {
			ts.Fatalf("%s: no field %q", args[0], k)
		}
	}
	switch x := v.(type) {
	case string:
		ts.Setenv(args[1], x)
	default:
		b, _ := json.Marshal(x)
		ts.Setenv(args[1], string(b))
	}
}

// countfiles N GLOB checks how many files match a pattern.
func cmdCountFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: countfiles N GLOB")
	}
	m, err := filepath.Glob(ts.MkAbs(args[1]))
	ts.Check(err)
	if strconv.Itoa(len(m)) != args[0] {
		ts.Fatalf("%d files match %s, want %s: %v", len(m), args[1], args[0], m)
	}
}

// serve DIR starts an HTTP server on the loopback address for the rest of
// the script, serving DIR's files, and sets $SERVER to its URL. Under
// /slow/ it answers one byte and then nothing; under /big/ it sends a
// body larger than any chain may be, and says so in Content-Length.
func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: serve DIR")
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(ts.MkAbs(args[0]))))
	mux.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("b"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/big/", func(w http.ResponseWriter, r *http.Request) {
		// Declared: refused before the body is read (a body that streams
		// past the limit undeclared is ceremony/fetch's TestRefusals).
		n := (ceremony.MaxChainFile >> 20) + 2
		w.Header().Set("Content-Length", strconv.Itoa(n<<20))
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range n {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	s := httptest.NewServer(mux)
	ts.Defer(s.Close)
	ts.Setenv("SERVER", s.URL)
}
