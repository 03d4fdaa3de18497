package chain

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/baton-signing/baton/chain/signify"
)

// A chain file is its signed entries in order, separated by one blank line:
//
//	entry 1 text \n \n signatures \n entry 2 text \n \n signatures ...
//
// Reader reads one entry at a time, so a chain of any length is
// checked in constant memory; lines, entries and entry counts are bounded
// (see spec/chain.md, "Limits"), so a hostile file fails fast with an error that
// names the line.
type Reader struct {
	name    string
	r       *bufio.Reader
	line    int // lines read so far
	entries int
	done    bool
}

// MaxChainSize bounds a chain file: maxEntries entries of a few hundred bytes.
const MaxChainSize = 256 << 20

// NewReader reads a chain from r; name names it in errors.
func NewReader(name string, r io.Reader) *Reader {
	return &Reader{name: name, r: bufio.NewReaderSize(&sizeLimit{r: r, left: MaxChainSize}, maxLongLineLen+2)}
}

var errChainTooBig = fmt.Errorf("chain file is larger than the limit of %d MiB", MaxChainSize>>20)

// sizeLimit fails with errChainTooBig once more than left bytes are read.
type sizeLimit struct {
	r    io.Reader
	left int64
}

func (l *sizeLimit) Read(p []byte) (int, error) {
	if l.left <= 0 {
		if n, _ := l.r.Read(p[:1]); n > 0 {
			return 0, errChainTooBig
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func (c *Reader) fail(line int, format string, args ...any) error {
	c.done = true
	return &signify.ParseError{File: c.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// readLine returns the next line with its newline; io.EOF at the end.
func (c *Reader) readLine() ([]byte, error) {
	l, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, c.fail(c.line+1, "line is longer than the limit of %d bytes", maxLongLineLen)
	}
	if err == io.EOF && len(l) > 0 {
		return nil, c.fail(c.line+1, "file is truncated: the last line has no newline")
	}
	if err == errChainTooBig {
		return nil, c.fail(c.line+1, "%v", err)
	}
	if err != nil {
		return nil, err
	}
	c.line++
	return l, nil
}

// Next returns the next entry, or io.EOF after the last one. The entry is
// parsed, not verified: see Verify.
func (c *Reader) Next() (*SignedEntry, error) {
	if c.done {
		return nil, io.EOF
	}
	start := c.line + 1
	var buf bytes.Buffer
	// Text lines up to the blank line.
	for {
		l, err := c.readLine()
		if err == io.EOF {
			c.done = true
			if buf.Len() == 0 && c.entries > 0 {
				return nil, c.fail(c.line, "file ends with a blank line; the last entry's signatures end the file")
			}
			if buf.Len() == 0 {
				return nil, c.fail(0, "empty chain: expected a genesis entry starting with %q", entryHeader)
			}
			return nil, c.fail(c.line, "file is truncated: entry starting at line %d has no signatures", start)
		}
		if err != nil {
			return nil, err
		}
		if buf.Len() == 0 && string(l) != entryHeader+"\n" {
			return nil, c.fail(c.line, "expected an entry starting with %q, found %q", entryHeader, truncate(string(bytes.TrimRight(l, "\n")), 80))
		}
		buf.Write(l)
		if len(l) == 1 {
			break
		}
		if buf.Len() > maxEntryTextLen {
			return nil, c.fail(c.line, "entry starting at line %d is longer than the limit of %d bytes", start, maxEntryTextLen)
		}
	}
	// Signature lines up to a blank line or the end of the file.
	nsig := 0
	for {
		l, err := c.readLine()
		if err == io.EOF {
			c.done = true
			break
		}
		if err != nil {
			return nil, err
		}
		if len(l) == 1 {
			break
		}
		buf.Write(l)
		if nsig++; nsig > maxSignatures {
			return nil, c.fail(c.line, "entry starting at line %d has more than %d signatures", start, maxSignatures)
		}
	}
	if nsig == 0 {
		return nil, c.fail(c.line, "entry starting at line %d has no signatures", start)
	}
	if c.entries++; c.entries > maxEntries {
		return nil, c.fail(start, "chain has more than %d entries, the limit", maxEntries)
	}
	e, err := ParseSignedEntry(c.name, start, buf.Bytes())
	if err != nil {
		c.done = true
		return nil, err
	}
	return e, nil
}

// ReadAll reads a whole chain into memory. Use Reader for chains that
// may be long.
func ReadAll(name string, r io.Reader) ([]*SignedEntry, error) {
	c := NewReader(name, r)
	var out []*SignedEntry
	for {
		e, err := c.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
}

// Marshal encodes entries as a chain file.
func Marshal(entries []*SignedEntry) []byte {
	var b bytes.Buffer
	for i, e := range entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.Write(e.Marshal())
	}
	return b.Bytes()
}
