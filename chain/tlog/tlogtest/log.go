package tlogtest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Log is a running baton-log process.
type Log struct {
	URL    string
	Logs   *Buffer
	cmd    *exec.Cmd
	exited chan struct{}
}

// StartLog runs `program serve` with args (and env added to the
// environment) on a free loopback port, and waits, with a deadline, for
// the line that says where it listens. It is killed when the test ends.
func StartLog(t TB, program string, env []string, args ...string) *Log {
	l, err := TryStartLog(t, program, env, args...)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return l
}

// TryStartLog is StartLog for a log that may refuse to start: the error
// then holds what it printed.
func TryStartLog(t TB, program string, env []string, args ...string) (*Log, error) {
	cmd := exec.Command(program, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	l := &Log{cmd: cmd, Logs: &Buffer{}, exited: make(chan struct{})}
	cmd.Stderr = l.Logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting baton-log: %v", err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
		io.Copy(io.Discard, out)
		cmd.Wait()
		close(l.exited)
	}()
	t.Cleanup(l.Kill)
	select {
	case s := <-line:
		u, ok := strings.CutPrefix(strings.TrimSpace(s), "baton-log: serving ")
		if !ok {
			<-l.exited
			return nil, fmt.Errorf("baton-log did not start: %q\n%s", s, l.Logs)
		}
		l.URL = u
	case <-time.After(time.Minute):
		return nil, fmt.Errorf("baton-log did not say where it listens within a minute\n%s", l.Logs)
	}
	return l, nil
}

// Kill ends the process with SIGKILL: no shutdown, no last checkpoint.
func (l *Log) Kill() {
	l.cmd.Process.Kill()
	<-l.exited
}
