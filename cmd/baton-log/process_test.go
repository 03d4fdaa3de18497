package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/tlog/tlogtest"
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
type server struct{ *tlogtest.Log }

// startServer starts `baton-log serve` as a real process.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	return &server{tlogtest.StartLog(t, os.Args[0], []string{"BATON_LOG_TEST_MAIN=1"}, append([]string{"--checkpoint-interval", "100ms", "--batch-max-age", "5ms"}, args...)...)}
}

func (s *server) add(es ...*chain.SignedEntry) (int, *tlog.AddResponse, error) {
	resp, err := http.Post(s.URL+tlog.PathAdd, "text/plain", bytes.NewReader(chain.Marshal(es)))
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
	resp, err := http.Get(s.URL + path)
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
