package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The crash hook exists only in the test binary, which the testscripts run
// as baton: it kills the process at the crash point named by
// BATON_TEST_CRASH_AT (for example "sign:done"), to prove that a ceremony
// resumes. A go build of cmd/baton never compiles this file.
func init() {
	crashHook = func() func(string) {
		at := os.Getenv("BATON_TEST_CRASH_AT")
		if at == "" {
			return nil
		}
		return func(point string) {
			if point == at {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {} // the signal is on its way
			}
		}
	}
}

// TestShippedBinaryHasNoCrashHook builds baton as users get it and runs a
// genesis with BATON_TEST_CRASH_AT set to one of its crash points: the
// ceremony must finish, and the variable's name must not even be in the
// binary.
func TestShippedBinaryHasNoCrashHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "baton")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, hook := range []string{"BATON_TEST_CRASH_AT", "BATON_TEST_CLOCK"} {
		if strings.Contains(string(data), hook) {
			t.Errorf("the shipped binary contains %s", hook)
		}
	}
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte(scriptPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "init", "--package", "hello", "--name", "Ada", "--operator", "Ada", "--kdf-rounds", "1")
	cmd.Env = append(os.Environ(),
		"BATON_VAULT="+filepath.Join(dir, "vault"), "BATON_TRUST="+filepath.Join(dir, "trust"),
		"BATON_PASSPHRASE_FILE="+pass, "HOME="+dir, "BATON_TEST_CRASH_AT=generate-K1:done")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("baton init with BATON_TEST_CRASH_AT set: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Started the chain of hello") {
		t.Errorf("output:\n%s", out)
	}
}
