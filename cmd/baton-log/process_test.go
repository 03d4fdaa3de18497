package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/cmd/baton-log/internal/witnesstest"
)

// TestMain lets the test binary run as baton-log: the tests start it as
// a real process, which a SIGKILL can end.
func TestMain(m *testing.M) {
	if os.Getenv("BATON_LOG_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// server is a baton-log process of the test binary.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	logs *witnesstest.Buffer
}

// startServer starts `baton-log serve` on a free port and waits (with a
// deadline) for the line that says where it listens.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--listen", "127.0.0.1:0", "--checkpoint-interval", "100ms", "--batch-max-age", "5ms"}, args...)...)
	cmd.Env = append(os.Environ(), "BATON_LOG_TEST_MAIN=1")
	s := &server{t: t, cmd: cmd, logs: &witnesstest.Buffer{}}
	cmd.Stderr = s.logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.kill)
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		line <- l
		io.Copy(io.Discard, out)
	}()
	select {
	case l := <-line:
		u, ok := strings.CutPrefix(strings.TrimSpace(l), "baton-log: serving ")
		if !ok {
			t.Fatalf("baton-log did not start: %q\n%s", l, s.logs)
		}
		s.url = u
	case <-time.After(time.Minute):
		t.Fatalf("baton-log did not say where it listens within a minute\n%s", s.logs)
	}
	return s
}

// kill ends the process with SIGKILL: no shutdown, no last checkpoint.
func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

func (s *server) add(es ...*chain.SignedEntry) (int, *tlog.AddResponse, error) {
	resp, err := http.Post(s.url+tlog.PathAdd, "text/plain", bytes.NewReader(chain.Marshal(es)))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var ar tlog.AddResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, tlog.MaxResponse)).Decode(&ar); err != nil {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, &ar, nil
}

func (s *server) get(path string) ([]byte, error) {
	resp, err := http.Get(s.url + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, tlog.MaxResponse))
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s: %s", path, resp.Status, body)
	}
	return body, err
}

// newKey makes a log key in dir and returns its file and vkey.
func newKey(t *testing.T, dir, origin string) (string, string) {
	t.Helper()
	path := filepath.Join(dir, "log.key")
	var out, errb bytes.Buffer
	if code := run([]string{"keygen", "--origin", origin, "--key", path}, &out, &errb); code != 0 {
		t.Fatalf("keygen: %s", errb.String())
	}
	return path, strings.TrimSpace(out.String())
}
