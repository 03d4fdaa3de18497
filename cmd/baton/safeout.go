package main

import (
	"bytes"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain/untrusted"
)

// safeWriter is the last line of defence at the command's output boundary:
// every byte baton writes to stdout and stderr passes through it, and any
// control character, bidirectional or zero-width character, line separator
// or invalid UTF-8 that reaches it is written escaped (\x1b, \u202e, ...),
// so that text read from a chain, a signature, a key comment or a checksum
// list can never drive the terminal, even where a message forgot to escape
// it (untrusted.Escape and untrusted.Quote are the first line).
//
// What Baton itself writes passes unchanged:
//
//   - newlines and tabs;
//   - a carriage return as the first byte of a write that holds no newline:
//     the progress bar redraws its line with "\r" + line, one write each;
//   - the two colour sequences of a terminal QR code (qr.Terminal):
//     ESC [30;47m and ESC [0m.
//
// A UTF-8 sequence split across two writes is held back until its end
// arrives; Flush writes what is left (escaped, as it is incomplete).
type safeWriter struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence the last write cut
}

// passedSequences are the escape sequences Baton itself writes.
var passedSequences = [][]byte{[]byte("\x1b[30;47m"), []byte("\x1b[0m")}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

// safeStreams wraps a command's stdout and stderr in safeWriters; flush
// writes what they hold back, at the end of the command.
func safeStreams(stdout, stderr io.Writer) (io.Writer, io.Writer, func()) {
	o, e := newSafeWriter(stdout), newSafeWriter(stderr)
	return o, e, func() { o.Flush(); e.Flush() }
}

// underlying returns the stream a safeWriter wraps, or w itself: whether
// output goes to a terminal is a question about that stream (isTerminal).
func underlying(w io.Writer) io.Writer {
	if s, ok := w.(*safeWriter); ok {
		return s.w
	}
	return w
}

func (s *safeWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.filter(p)
	if len(out) == 0 {
		return len(p), nil
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes an incomplete UTF-8 sequence held back from the last write,
// escaped.
func (s *safeWriter) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil
	}
	out := []byte(untrusted.SanitizeMessage(string(s.pending)))
	s.pending = nil
	_, err := s.w.Write(out)
	return err
}

// filter returns p as it may be written, keeping back an incomplete UTF-8
// sequence at its end.
func (s *safeWriter) filter(p []byte) []byte {
	progressLine := len(s.pending) == 0 && len(p) > 0 && p[0] == '\r' && bytes.IndexByte(p, '\n') < 0
	buf := p
	if len(s.pending) > 0 {
		buf = append(s.pending, p...)
		s.pending = nil
	}
	out := make([]byte, 0, len(buf)+16)
	for i := 0; i < len(buf); {
		c := buf[i]
		switch {
		case c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f:
			out = append(out, c)
			i++
			continue
		case c == '\r' && i == 0 && progressLine:
			out = append(out, c)
			i++
			continue
		case c == 0x1b:
			if seq := passedSequence(buf[i:]); seq > 0 {
				out = append(out, buf[i:i+seq]...)
				i += seq
				continue
			}
		}
		if c < 0x80 {
			out = append(out, untrusted.SanitizeMessage(string(buf[i:i+1]))...)
			i++
			continue
		}
		r, n := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && n == 1 && !utf8.FullRune(buf[i:]) {
			s.pending = append([]byte(nil), buf[i:]...)
			break
		}
		if r == utf8.RuneError && n == 1 || untrusted.UnsafeRune(r) {
			out = append(out, untrusted.SanitizeMessage(string(buf[i:i+n]))...)
		} else {
			out = append(out, buf[i:i+n]...)
		}
		i += n
	}
	return out
}

func passedSequence(b []byte) int {
	for _, seq := range passedSequences {
		if bytes.HasPrefix(b, seq) {
			return len(seq)
		}
	}
	return 0
}
