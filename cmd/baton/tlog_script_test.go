package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain/tlog/tlogtest"
)

// The scripts' transparency log: a real baton-log (built once from
// ../baton-log) and real litewitness witnesses, each started by the script.

// batonLogBinary builds baton-log once per test binary.
func batonLogBinary() (string, error) { return tlogtest.BuildLog() }

// scriptTB lets the tlogtest helpers run under a script.
type scriptTB struct {
	ts *testscript.TestScript
	n  *int
}

func (s scriptTB) Fatalf(format string, args ...any) { s.ts.Fatalf(format, args...) }
func (s scriptTB) Cleanup(f func())                  { s.ts.Defer(f) }
func (s scriptTB) TempDir() string {
	*s.n++
	dir := s.ts.MkAbs(fmt.Sprintf(".tlog/%d", *s.n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.ts.Fatalf("%v", err)
	}
	return dir
}

// scriptLogs are the logs and witnesses a script started, by name.
type scriptLogs struct {
	n         int
	url       string
	witnesses []*tlogtest.Witness
	logs      map[string]*tlogtest.Log
}

var scriptLogState sync.Map // *testscript.TestScript -> *scriptLogs

func logsOf(ts *testscript.TestScript) *scriptLogs {
	v, _ := scriptLogState.LoadOrStore(ts, &scriptLogs{logs: map[string]*tlogtest.Log{}})
	return v.(*scriptLogs)
}

// cmdTlog runs the script's log:
//
//	tlog start [NAME]         a log key, three witnesses that know it (two
//	                          must cosign) and baton-log; sets $LOG_URL,
//	                          $LOG_POLICY (max-age 168h), $LOG_KEY, $LOG_VKEY
//	tlog serve NAME [--no-witnesses]
//	                          another baton-log with the same key on its own
//	                          directory (a log that lies); sets $NAME_URL;
//	                          with !, it must fail to start (its stderr is
//	                          the script's stderr)
//	tlog policy FILE [other-log-key] [quorum=K] [max-age=D]
//	                          writes a users' policy (quorum=0: none)
//	tlog stop-witness N       stops witness N (1 to 3)
func cmdTlog(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 || neg && args[0] != "serve" {
		ts.Fatalf("usage: tlog start | [!] serve NAME [--no-witnesses] | stop-witness N")
	}
	st := logsOf(ts)
	tb := scriptTB{ts: ts, n: &st.n}
	switch args[0] {
	case "start":
		st.start(ts, tb)
	case "serve":
		if len(args) < 2 {
			ts.Fatalf("usage: tlog serve NAME [--no-witnesses]")
		}
		st.serve(ts, tb, args[1], len(args) > 2 && args[2] == "--no-witnesses", neg)
	case "policy":
		st.policyCmd(ts, args[1:])
	case "stop-witness":
		n, err := strconv.Atoi(args[len(args)-1])
		if err != nil || n < 1 || n > len(st.witnesses) {
			ts.Fatalf("usage: tlog stop-witness N")
		}
		st.witnesses[n-1].Stop()
	default:
		ts.Fatalf("unknown tlog command %q", args[0])
	}
}

func (st *scriptLogs) start(ts *testscript.TestScript, tb scriptTB) {
	bin, err := batonLogBinary()
	if err != nil {
		ts.Fatalf("%v", err)
	}
	dir := tb.TempDir()
	key := filepath.Join(dir, "log.key")
	out, err := exec.Command(bin, "keygen", "--origin", "example.org/baton-log", "--key", key).Output()
	if err != nil {
		ts.Fatalf("baton-log keygen: %v", err)
	}
	vkey := strings.TrimSpace(string(out))
	st.witnesses = tlogtest.StartWitnesses(tb, 3, "example.org/baton-log", vkey)
	logPolicy := ts.MkAbs(".tlog/log-policy")
	if err := os.WriteFile(logPolicy, tlogtest.Policy(vkey, st.witnesses, 2, 0), 0o644); err != nil {
		ts.Fatalf("%v", err)
	}
	ts.Setenv("LOG_KEY", key)
	ts.Setenv("LOG_VKEY", vkey)
	l := st.serve(ts, tb, "LOG", false, false)
	// The users' policy: the log with its URL, the witnesses, a week.
	st.url = l.URL
	st.policy(ts, "log-policy", vkey, 2, "168h")
	ts.Setenv("LOG_POLICY", ts.MkAbs("log-policy"))
}

// policy writes a users' policy: the log with its URL, the witnesses,
// quorum k (0: none) and a max-age.
func (st *scriptLogs) policy(ts *testscript.TestScript, file, vkey string, k int, maxAge string) {
	d, err := time.ParseDuration(maxAge)
	if err != nil {
		ts.Fatalf("max-age %q: %v", maxAge, err)
	}
	pol := string(tlogtest.Policy(vkey, st.witnesses, k, d))
	pol = strings.Replace(pol, "log "+vkey, "log "+vkey+" "+st.url, 1)
	if err := os.WriteFile(ts.MkAbs(file), []byte(pol), 0o644); err != nil {
		ts.Fatalf("%v", err)
	}
}

// policyCmd is `tlog policy FILE [other-log-key] [quorum=K] [max-age=D]`.
func (st *scriptLogs) policyCmd(ts *testscript.TestScript, args []string) {
	if len(args) < 1 {
		ts.Fatalf("usage: tlog policy FILE [other-log-key] [quorum=K] [max-age=D]")
	}
	vkey, k, maxAge := ts.Getenv("LOG_VKEY"), 2, "168h"
	for _, a := range args[1:] {
		switch {
		case a == "other-log-key":
			_, v, err := note.GenerateKey(rand.Reader, "example.org/baton-log")
			if err != nil {
				ts.Fatalf("%v", err)
			}
			vkey = v
		case strings.HasPrefix(a, "quorum="):
			k, _ = strconv.Atoi(strings.TrimPrefix(a, "quorum="))
		case strings.HasPrefix(a, "max-age="):
			maxAge = strings.TrimPrefix(a, "max-age=")
		default:
			ts.Fatalf("tlog policy: unknown option %q", a)
		}
	}
	st.policy(ts, args[0], vkey, k, maxAge)
}

// serve starts a baton-log with the script's log key on a directory of its
// own, and sets $NAME_URL; with refuse, it must fail to start.
func (st *scriptLogs) serve(ts *testscript.TestScript, tb scriptTB, name string, noWitnesses, refuse bool) *tlogtest.Log {
	bin, err := batonLogBinary()
	if err != nil {
		ts.Fatalf("%v", err)
	}
	args := []string{"--dir", tb.TempDir(), "--key", ts.Getenv("LOG_KEY"), "--checkpoint-interval", "100ms", "--batch-max-age", "5ms"}
	if !noWitnesses {
		args = append(args, "--witness-policy", ts.MkAbs(".tlog/log-policy"))
	}
	l, err := tlogtest.TryStartLog(tb, bin, nil, args...)
	if refuse {
		if err == nil {
			ts.Fatalf("baton-log %s started", name)
		}
		fmt.Fprint(ts.Stderr(), err.Error())
		return nil
	}
	if err != nil {
		ts.Fatalf("%v", err)
	}
	st.logs[name] = l
	ts.Setenv(name+"_URL", l.URL)
	return l
}

// haveTools is a script condition: false when a tool is missing, an error
// when the tools are required (BATON_REQUIRE_TOOLS, CI).
func haveTools(tools ...string) (bool, error) {
	for _, t := range tools {
		if _, err := exec.LookPath(t); err != nil {
			if os.Getenv("BATON_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
				return false, fmt.Errorf("%s is required (BATON_REQUIRE_TOOLS) but not installed: scripts/deps.sh test", t)
			}
			return false, nil
		}
	}
	return true, nil
}
