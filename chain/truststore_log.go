package chain

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// LogCheckpoint is the newest checkpoint a client has seen from a
// transparency log (chain/tlog): the trust store keeps one per log, as a
// line
//
//	checkpoint <origin> <size> <root hash in base64>
//
// so that a proof in an older checkpoint, or a second tree of the same
// size (a split view), is refused.
type LogCheckpoint struct {
	Origin string
	Size   uint64
	Root   [32]byte
}

func (c *LogCheckpoint) line() string {
	return fmt.Sprintf("checkpoint %s %d %s", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root[:]))
}

// parseCheckpointLine parses a checkpoint line; ok says the line is one
// (four fields, the first "checkpoint").
func parseCheckpointLine(l string) (c *LogCheckpoint, ok bool, err error) {
	f := strings.Split(l, " ")
	if len(f) != 4 || f[0] != "checkpoint" {
		return nil, false, nil
	}
	c = &LogCheckpoint{Origin: f[1]}
	if err := checkOrigin(f[1]); err != nil {
		return nil, true, err
	}
	n, err := strconv.ParseUint(f[2], 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != f[2] {
		return nil, true, fmt.Errorf("checkpoint size must be a number without leading zeros, found %q", truncate(f[2], 40))
	}
	c.Size = n
	raw, err := base64.StdEncoding.Strict().DecodeString(f[3])
	if err != nil || len(raw) != len(c.Root) {
		return nil, true, fmt.Errorf("checkpoint root must be a SHA-256 hash in base64, found %q", truncate(f[3], 60))
	}
	copy(c.Root[:], raw)
	return c, true, nil
}

// checkOrigin accepts a log origin as a key name: printable, no spaces,
// no '+', at most 256 bytes.
func checkOrigin(s string) error {
	if s == "" || len(s) > 256 || strings.ContainsRune(s, '+') || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }) >= 0 {
		return fmt.Errorf("log origin %q must be 1 to 256 printable characters without spaces or '+'", truncate(s, 60))
	}
	return nil
}

// Checkpoint returns the newest checkpoint seen from the log with origin.
func (t *TrustStore) Checkpoint(origin string) (LogCheckpoint, bool) {
	for _, l := range t.lines {
		if l.checkpoint != nil && l.checkpoint.Origin == origin {
			return *l.checkpoint, true
		}
	}
	return LogCheckpoint{}, false
}

// SeeCheckpoint records c as the newest checkpoint of its log. It refuses
// one older than the one recorded, and another root at the same size (a
// split view); a checkpoint equal to the recorded one changes nothing.
func (t *TrustStore) SeeCheckpoint(c LogCheckpoint) error {
	if err := checkOrigin(c.Origin); err != nil {
		return err
	}
	for i, l := range t.lines {
		if l.checkpoint == nil || l.checkpoint.Origin != c.Origin {
			continue
		}
		old := l.checkpoint
		switch {
		case c.Size < old.Size:
			return fmt.Errorf("the trust store has seen a checkpoint of %d entries from %s; refusing to go back to %d", old.Size, c.Origin, c.Size)
		case c.Size == old.Size && c.Root != old.Root:
			return fmt.Errorf("the trust store has seen another tree of %d entries from %s: a split view", c.Size, c.Origin)
		}
		cp := c
		t.lines[i].checkpoint = &cp
		return nil
	}
	cp := c
	t.appendLine(trustLine{checkpoint: &cp})
	return nil
}
