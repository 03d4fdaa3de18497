package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/baton-signing/baton/ceremony"
)

// terminal is a person at a keyboard: lines to read, and passphrases read
// without echo. The command line asks only through a terminal on stdin;
// with none, every question fails with a hint or takes its safe answer.
type terminal interface {
	io.Reader
	ReadPassword() ([]byte, error)
}

type osTerminal struct{ f *os.File }

func (t osTerminal) Read(p []byte) (int, error) { return t.f.Read(p) }

// ReadPassword reads a line without echo. An interrupt while it waits
// restores the terminal's echo before the process exits (an interrupted
// ceremony resumes where it stopped).
func (t osTerminal) ReadPassword() ([]byte, error) {
	fd := int(t.f.Fd())
	if st, err := term.GetState(fd); err == nil {
		sig := make(chan os.Signal, 1)
		done := make(chan struct{})
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer func() { signal.Stop(sig); close(done) }()
		go func() {
			select {
			case <-sig:
				term.Restore(fd, st)
				fmt.Fprintln(os.Stderr)
				os.Exit(130)
			case <-done:
			}
		}()
	}
	return term.ReadPassword(fd)
}

// detectTerminal returns stdin as a terminal when it is one. Tests may
// pass a reader that implements terminal themselves.
func detectTerminal(stdin io.Reader) terminal {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return osTerminal{f}
	}
	if t, ok := stdin.(terminal); ok {
		return t
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := underlying(w).(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// readLine reads one line from the terminal, a byte at a time so that
// nothing is buffered away from a later passphrase prompt.
func (e *env) readLine() (string, error) {
	var b []byte
	var c [1]byte
	for {
		n, err := e.tty.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				break
			}
			b = append(b, c[0])
			continue
		}
		if err == io.EOF && len(b) > 0 {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return strings.TrimRight(string(b), "\r"), nil
}

// ask shows a prompt on stderr and reads the answer.
func (e *env) ask(prompt string) (string, error) {
	e.bar.Printf("%s", prompt)
	return e.readLine()
}

// confirm asks a yes/no question: --yes answers yes, no terminal answers no.
func (e *env) confirm(q string) (bool, error) {
	if e.g.yes {
		e.bar.Printf("%s\n  yes (--yes)\n", q)
		return true, nil
	}
	if e.tty == nil {
		e.bar.Printf("%s\n  no: nobody can be asked (stdin is not a terminal); pass --yes to answer yes\n", q)
		return false, nil
	}
	return e.askYes(q)
}

// passphraseFile is --passphrase-file, else $BATON_PASSPHRASE_FILE.
func (e *env) passphraseFile() string {
	if e.g.passFile != "" {
		return e.g.passFile
	}
	return os.Getenv("BATON_PASSPHRASE_FILE")
}

// passphrase implements ceremony.UI.Passphrase. The passphrase is never
// printed or logged.
func (e *env) passphrase(prompt string, confirm bool) ([]byte, error) {
	if path := e.passphraseFile(); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, failure(fmt.Errorf("reading the passphrase file: %w", err), e.retry("--passphrase-file", "FILE"))
		}
		line, _, _ := bytes.Cut(data, []byte("\n"))
		pass := bytes.Clone(bytes.TrimSuffix(line, []byte("\r")))
		clear(data)
		if len(pass) == 0 {
			return nil, failure(fmt.Errorf("the passphrase file %s has an empty first line", path), e.retry("--passphrase-file", "FILE"))
		}
		return pass, nil
	}
	if e.tty == nil {
		return nil, failure(fmt.Errorf("a passphrase is needed (%s) but stdin is not a terminal", prompt),
			e.retry("--passphrase-file", "FILE")+"   (the first line of FILE is the passphrase; or set BATON_PASSPHRASE_FILE)")
	}
	e.bar.Printf("Enter the %s: ", prompt)
	pass, err := e.tty.ReadPassword()
	e.bar.Printf("\n")
	if err != nil {
		return nil, failure(fmt.Errorf("reading the passphrase: %w", err))
	}
	if !confirm {
		return pass, nil
	}
	e.bar.Printf("Enter it again: ")
	again, err := e.tty.ReadPassword()
	e.bar.Printf("\n")
	if err != nil {
		clear(pass)
		return nil, failure(fmt.Errorf("reading the passphrase: %w", err))
	}
	defer clear(again)
	if !bytes.Equal(pass, again) {
		clear(pass)
		return nil, failure(errors.New("the two passphrases differ"), e.retry())
	}
	return pass, nil
}

// ui is the ceremony's view of the terminal.
func (e *env) ui() *ceremony.UI {
	return &ceremony.UI{
		Passphrase: e.passphrase,
		Confirm:    e.confirm,
		Progress:   e.bar.Update,
		Step: func(i, n int, title string) {
			e.bar.Printf("baton: step %d of %d: %s\n", i, n, title)
		},
		Message: func(l ceremony.Level, s string) {
			if l == ceremony.Warning && !strings.HasPrefix(strings.ToLower(s), "warning") {
				s = "warning: " + s
			}
			e.bar.Printf("baton: %s\n", s)
		},
		Warn: func(w error) {
			var online *ceremony.OnlineWarning
			if errors.As(w, &online) {
				e.bar.Printf("baton: WARNING: this machine is ONLINE (%s). Key ceremonies belong on an offline machine; pass --require-offline to make this an error.\n",
					strings.Join(online.Interfaces, "; "))
				return
			}
			e.bar.Printf("baton: warning: %v\n", w)
		},
	}
}
