package logclient

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"filippo.io/torchwood"
	stlog "golang.org/x/mod/sumdb/tlog"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// Watch is what a maintainer watches for one package: the entries of
// their own chain, and the signatories that held it.
type Watch struct {
	Package     string
	Own         map[chain.Hash]bool
	Signatories map[chain.SignatoryID]bool
}

// NewWatch watches the package of a chain: its entries are the
// maintainer's own.
func NewWatch(entries []*chain.SignedEntry) *Watch {
	w := &Watch{Package: entries[0].Package, Own: map[chain.Hash]bool{}, Signatories: map[chain.SignatoryID]bool{}}
	for _, e := range entries {
		w.Own[e.Hash()] = true
		w.Signatories[e.Signatory] = true
		if e.Recovery != nil {
			w.Signatories[chain.SignatoryOf(e.Recovery)] = true
		}
	}
	return w
}

// MonitorState is where a monitor stopped: the last checkpoint it
// verified, the next log index to read, the next evidence to read.
type MonitorState struct {
	Origin   string `json:"origin"`
	Size     uint64 `json:"size"`
	Root     string `json:"root"` // base64
	Next     uint64 `json:"next"`
	Evidence uint64 `json:"evidence"` // the next piece to read, from 1
}

// Alarm is something a maintainer must look at. Serious alarms mean a key
// was misused or the log misbehaves; the others (a fork by another
// signatory) are notices.
type Alarm struct {
	Serious  bool   `json:"serious"`
	Kind     string `json:"kind"` // entry, evidence, log
	Package  string `json:"package,omitempty"`
	Position uint64 `json:"position,omitempty"`
	Index    uint64 `json:"log_index,omitempty"`
	Entry    string `json:"entry_hash,omitempty"`
	Detail   string `json:"detail"`
}

// Monitor follows a log's tiles for the watched packages.
type Monitor struct {
	Client   *Client
	Policy   *tlog.Policy
	Watch    map[string]*Watch
	State    *MonitorState
	Save     func(*MonitorState) error // called every SaveEvery entries and at the end
	Progress func(done, total uint64)  // may be nil
	Now      func() time.Time
	tiles    *torchwood.Client
	fetcher  *torchwood.TileFetcher
	alarms   []Alarm
	kept     [2]int // alarms kept: notices, serious
	unlisted [2]int // alarms beyond the limits, not kept: notices, serious
}

// SaveEvery is how often a long scan saves where it is.
const SaveEvery = 1 << 16

// maxTile bounds one tile the log sends: 256 entries of at most 64 KiB.
const maxTile = 256 * (64<<10 + 2)

// Run verifies the log's newest checkpoint, checks it extends the one
// seen last, reads every entry since, then the evidence since, and
// returns the alarms. An error means the scan stopped; what it read is
// saved.
func (m *Monitor) Run(ctx context.Context) ([]Alarm, error) {
	raw, err := m.Client.Get(ctx, tlog.PathCheckpoint, 64<<10)
	if err != nil {
		return nil, err
	}
	v, err := m.Policy.VerifyCheckpoint(raw, m.Now())
	if errors.Is(err, tlog.ErrTooOld) {
		m.alarm(Alarm{Serious: true, Kind: "log", Detail: "the log's newest checkpoint is older than the policy allows: the log may be frozen (serving an old tree), or its witnesses stopped: " + err.Error()})
		return m.result(), nil
	}
	if err != nil {
		return nil, err
	}
	cp := v.Checkpoint
	tree := stlog.Tree{N: int64(cp.Size), Hash: cp.Root}
	if err := m.open(); err != nil {
		return nil, err
	}
	if ok, err := m.extends(ctx, cp, tree); !ok || err != nil {
		return m.result(), err
	}
	// From here on the entries read are this tree's (each tile is checked
	// against its root): every save, also of a scan that stops, records
	// the tree with the next entry to read, so that a log that rolls back
	// below what was read is caught on the next run.
	m.State.Origin, m.State.Size, m.State.Root = cp.Origin, cp.Size, base64.StdEncoding.EncodeToString(cp.Root[:])
	err = m.entries(ctx, tree)
	if err == nil {
		err = m.evidence(ctx)
	}
	if serr := m.Save(m.State); err == nil {
		err = serr
	}
	return m.result(), err
}

// Limits on the alarms one scan keeps: a hostile log, or anyone logging
// chains under your package's name, could raise millions. Those beyond are
// counted and summed up in one last alarm.
const (
	MaxSerious = 1000
	MaxNotices = 100
)

func (m *Monitor) alarm(a Alarm) {
	i := btoi(a.Serious)
	if m.kept[i] >= [2]int{MaxNotices, MaxSerious}[i] {
		m.unlisted[i]++
		return
	}
	m.kept[i]++
	m.alarms = append(m.alarms, a)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// result is the alarms kept, with one more that sums up those that were
// not.
func (m *Monitor) result() []Alarm {
	notices, serious := m.unlisted[0], m.unlisted[1]
	if notices+serious == 0 {
		return m.alarms
	}
	return append(m.alarms, Alarm{Serious: serious > 0, Kind: "log",
		Detail: fmt.Sprintf("%d more alarms are not listed, %d of them serious: a scan lists at most %d serious alarms and %d notices", notices+serious, serious, MaxSerious, MaxNotices)})
}

// open makes the tile client: tiles from the log's URL, each bounded.
func (m *Monitor) open() error {
	hc := &http.Client{Timeout: time.Minute, Transport: limitTransport{http.DefaultTransport, maxTile}}
	f, err := torchwood.NewTileFetcher(m.Client.URL(), torchwood.WithHTTPClient(hc), torchwood.WithConcurrencyLimit(8))
	if err != nil {
		return err
	}
	m.fetcher = f
	m.tiles, err = torchwood.NewClient(f)
	return err
}

// extends checks the new checkpoint extends the one seen last: same log,
// no fewer entries, and the new tree's first entries have the old root.
func (m *Monitor) extends(ctx context.Context, cp tlog.Checkpoint, tree stlog.Tree) (bool, error) {
	st := m.State
	if st.Origin == "" {
		return true, nil
	}
	if st.Origin != cp.Origin {
		return false, fmt.Errorf("the monitor's state is of log %q, the policy's checkpoint of %q", st.Origin, cp.Origin)
	}
	if cp.Size < st.Size {
		m.alarm(Alarm{Serious: true, Kind: "log", Detail: fmt.Sprintf("the log's checkpoint has %d entries, fewer than the %d this monitor saw: the log rolled back", cp.Size, st.Size)})
		return false, nil
	}
	root, err := stlog.TreeHash(int64(st.Size), torchwood.TileHashReaderWithContext(ctx, tree, m.fetcher))
	if err != nil {
		return false, fmt.Errorf("checking the log extends the tree seen before: %w", err)
	}
	if base64.StdEncoding.EncodeToString(root[:]) != st.Root {
		m.alarm(Alarm{Serious: true, Kind: "log", Detail: fmt.Sprintf("the log's tree of %d entries does not extend the tree of %d this monitor saw: the log is not append-only (a split view)", cp.Size, st.Size)})
		return false, nil
	}
	return true, nil
}

// entries reads every entry from State.Next to the tree's size.
func (m *Monitor) entries(ctx context.Context, tree stlog.Tree) error {
	for m.State.Next < uint64(tree.N) {
		before := m.State.Next
		for i, data := range m.tiles.Entries(ctx, tree, int64(m.State.Next)) {
			m.entry(uint64(i), data)
			m.State.Next = uint64(i) + 1
			if m.State.Next%SaveEvery == 0 {
				if err := m.Save(m.State); err != nil {
					return err
				}
				if m.Progress != nil {
					m.Progress(m.State.Next, uint64(tree.N))
				}
			}
		}
		if err := m.tiles.Err(); err != nil {
			return fmt.Errorf("reading the log's entries at %d: %w", m.State.Next, err)
		}
		if m.State.Next == before {
			return fmt.Errorf("the log's tiles end at entry %d of %d", before, tree.N)
		}
	}
	return nil
}

// entry judges one logged entry.
func (m *Monitor) entry(index uint64, data []byte) {
	e, err := chain.ParseSignedEntry(fmt.Sprintf("log entry %d", index), 1, data)
	if err != nil {
		m.alarm(Alarm{Kind: "log", Index: index, Detail: fmt.Sprintf("log entry %d is not a Baton chain entry: %v", index, err)})
		return
	}
	w := m.Watch[e.Package]
	if w == nil || w.Own[e.Hash()] {
		return
	}
	a := Alarm{Kind: "entry", Package: e.Package, Position: e.Position, Index: index, Entry: e.Hash().String()}
	if w.Signatories[e.Signatory] {
		a.Serious = true
		a.Detail = fmt.Sprintf("log entry %d is a %s entry at position %d of %s under your signatory that is not in your chain: one of your keys was stolen or misused", index, e.Kind, e.Position, e.Package)
	} else {
		a.Detail = fmt.Sprintf("log entry %d is a %s entry at position %d of %s by another signatory (%s): someone else's chain for your package's name (a fork); users pinned to you refuse it", index, e.Kind, e.Position, e.Package, e.Signatory)
	}
	m.alarm(a)
}

// evidence reads the log's evidence since State.Evidence.
func (m *Monitor) evidence(ctx context.Context) error {
	if m.State.Evidence == 0 {
		m.State.Evidence = 1
	}
	for {
		items, err := m.Client.EvidenceList(ctx, m.State.Evidence)
		if err != nil {
			return fmt.Errorf("reading the log's evidence: %w", err)
		}
		if len(items) == 0 {
			return nil
		}
		for _, it := range items {
			if it.Seq != m.State.Evidence {
				return fmt.Errorf("the log's evidence list skips from %d to %d", m.State.Evidence, it.Seq)
			}
			if err := m.piece(ctx, it); err != nil {
				return err
			}
			m.State.Evidence++
		}
	}
}

// piece judges one piece of evidence of a watched package.
func (m *Monitor) piece(ctx context.Context, it tlog.EvidenceItem) error {
	w := m.Watch[it.Package]
	if w == nil {
		return nil
	}
	against, e, err := m.Client.Evidence(ctx, it.Seq)
	if err != nil {
		return err
	}
	if e.Hash() != it.Hash || e.Package != it.Package {
		return fmt.Errorf("the log's evidence %d is not the entry its list names", it.Seq)
	}
	a := Alarm{Serious: true, Kind: "evidence", Package: e.Package, Position: e.Position, Index: against, Entry: e.Hash().String()}
	switch {
	case w.Own[e.Hash()]:
		a.Detail = fmt.Sprintf("your entry at position %d of %s was refused: the log holds another entry there (log entry %d), logged first: one of your keys was stolen or misused (evidence %d)", e.Position, e.Package, against, it.Seq)
	case w.Signatories[e.Signatory]:
		a.Detail = fmt.Sprintf("an entry at position %d of %s under your signatory, not in your chain, was refused by the log and kept as evidence %d: one of your keys was stolen or misused", e.Position, e.Package, it.Seq)
	default:
		a.Serious = false
		a.Detail = fmt.Sprintf("evidence %d: another signatory (%s) equivocated at position %d of a chain for %s", it.Seq, e.Signatory, e.Position, e.Package)
	}
	m.alarm(a)
	return nil
}

// limitTransport fails a response body longer than limit.
type limitTransport struct {
	rt    http.RoundTripper
	limit int64
}

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(r)
	if err == nil {
		resp.Body = &limitBody{ReadCloser: resp.Body, left: t.limit}
	}
	return resp, err
}

type limitBody struct {
	io.ReadCloser
	left int64
}

func (b *limitBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("the log sent more than %d bytes", maxTile)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, fmt.Errorf("the log sent more than %d bytes", maxTile)
	}
	return n, err
}
