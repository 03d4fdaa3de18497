package chain

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/baton-signing/baton/chain/signify"
)

// What Verify refuses. Each error Verify returns wraps exactly one of these
// (test with errors.Is) inside a *Error that names the position.
var (
	ErrFork          = errors.New("another signatory: this chain was not made by the signatory you trust (a fork)")
	ErrRollback      = errors.New("rollback: the chain ends before the position you already trust")
	ErrEquivocation  = errors.New("equivocation: two different entries claim the same position")
	ErrBrokenLink    = errors.New("broken link: the entry does not follow the previous one")
	ErrOrder         = errors.New("entries out of order, duplicated or missing")
	ErrUnannounced   = errors.New("signed by a key that was never announced for this position")
	ErrOtherPackage  = errors.New("entry for another package")
	ErrKeyReuse      = errors.New("a key announced twice: every position gets a fresh key")
	ErrWrongIdentity = errors.New("entry names the wrong signatory")
	ErrVersionReuse  = errors.New("a version released twice")
	ErrWitness       = errors.New("a witness is not independent of the hand-over's parties")
	ErrAltered       = errors.New("the copy was altered: an entry no key in force signed")
)

// ErrEmergency (emergency.go) also belongs to this list.

// Error is a refusal by Verify: the position of the entry at fault
// and the reason, which wraps one of the Err values above.
type Error struct {
	File     string
	Position uint64
	Err      error
	Detail   string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: position %d: %v: %s", e.File, e.Position, e.Err, e.Detail)
}

func (e *Error) Unwrap() error { return e.Err }

// Pin is what a user trusts about a package: its chain up to Position, made
// by Signatory, whose entry at Position has hash Entry and announced Key as
// the key that must sign the next entry.
type Pin struct {
	Package   string
	Signatory SignatoryID
	Position  uint64
	Entry     Hash
	Key       *signify.PublicKey
}

// Event is an entry that changes who may sign (a hand-over or a re-key).
// A client never crosses one without the user's consent.
type Event struct {
	Position uint64
	Hash     Hash // the entry's hash: what a consent names
	Entry    *Entry
	From     string   // the outgoing signatory's name
	Endorsed []string // names of witnesses who co-signed a hand-over
}

// ID names the event for a consent: its position and entry hash.
func (ev Event) ID() EventID { return EventID{Position: ev.Position, Entry: ev.Hash} }

// EventID names one event: a consent given to it names no other.
type EventID struct {
	Position uint64
	Entry    Hash
}

// String is POSITION:HASH, the form a user types to accept the event.
func (id EventID) String() string { return fmt.Sprintf("%d:%s", id.Position, id.Entry) }

// Release is a release entry, with the key that must have signed its
// checksum list.
type Release struct {
	Position  uint64
	Version   string
	Checksums Hash
	Key       *signify.PublicKey
	Signer    string // the name of the signatory who held the chain then
}

// Result is what a successful Verify found.
type Result struct {
	Head     Pin                // the pin to store once the user consented to Events
	Name     string             // the head signatory's name
	Recovery *signify.PublicKey // the head signatory's recovery key
	Events   []Event            // hand-overs and re-keys after the old pin, in order
	Releases []Release          // every release in the chain, in order
	// HeadEntry is the last entry as read: what a transparency log holds
	// as a leaf, and what a log proof of the chain proves (chain/tlog).
	HeadEntry *SignedEntry
	// Genesis is the genesis's entry hash: a log names the chain by it.
	Genesis Hash
}

// Verify checks a chain against a pin, from the genesis to the head, in
// constant memory per entry. Every entry must be signed by the key in force
// (a re-key by the recovery key; a hand-over also by the successor's keys
// and every witness it names), and the entry at the pinned position must be
// the pinned one. Checking the entries before the pin too is what makes a
// refusal honest: a copy that differs from the pin yet verifies throughout
// is equivocation by a key holder, while one that does not verify was
// altered, which accuses nobody. It returns the new head and the events
// after the pin that need the user's consent, or a *Error.
func Verify(pin Pin, r *Reader) (*Result, error) {
	if pin.Position == 0 {
		return nil, fmt.Errorf("pin for %s has position 0: use FirstTrust for a package you do not trust yet", pin.Package)
	}
	return walk(pin, r)
}

// FirstTrust verifies a whole chain for package pkg from its genesis, every
// signature included, for a user who trusts nothing about it yet. The caller
// must then show Result.Recovery (the signatory's key) as text, words or QR
// and have the user compare it with an out-of-band copy before storing
// Result.Head as a pin. Hand-overs and re-keys in the chain are returned as
// Events, as history to show.
func FirstTrust(pkg string, r *Reader) (*Result, error) {
	return walk(Pin{Package: pkg}, r)
}

// FirstTrustVerdict verifies a chain exactly as FirstTrust does and returns
// only the verdict: nil, or the refusal FirstTrust would return. It keeps
// no list of the chain's releases and events, so its memory is the walk's
// own state (the keys and versions seen so far), for a caller that shows
// the entries itself, as `baton log` does. It is never a pin: a person
// compares no key here.
func FirstTrustVerdict(pkg string, r *Reader) error {
	w := newWalker(Pin{Package: pkg}, r.name)
	w.lean = true
	_, err := w.walk(r, specHelpers())
	return err
}

type walker struct {
	pin       Pin
	file      string
	res       Result
	pos       uint64
	prev      Hash
	key       *signify.PublicKey // key in force: must sign the next entry
	recovery  *signify.PublicKey
	signatory SignatoryID
	seen      map[[32]byte]uint64   // Ed25519 keys announced so far
	committed map[Commitment]uint64 // emergency key commitments the user trusts, by position
	revealed  map[Hash]uint64       // emergency keys revealed so far
	versions  map[string]uint64     // release versions, by position
	prevKey   *signify.PublicKey    // the key in force before the last entry
	prevRecov *signify.PublicKey    // the recovery key in force before the last entry
	sawPinned bool                  // the pin's signatory held the chain at some position
	head      *SignedEntry          // the last entry applied
	genesis   Hash                  // the genesis's entry hash
	lean      bool                  // keep no releases or events (FirstTrustVerdict, a log's Walk)
	spec      *specEntry            // signature checks made ahead for the entry being walked (verifysig.go)
	unguessed int                   // signatures the walk had to check itself although checks were made ahead
}

func newWalker(pin Pin, file string) *walker {
	return &walker{pin: pin, file: file, seen: map[[32]byte]uint64{}, committed: map[Commitment]uint64{}, revealed: map[Hash]uint64{}, versions: map[string]uint64{}}
}

func walk(pin Pin, r *Reader) (*Result, error) { return walkWith(pin, r, specHelpers()) }

// walkWith walks with the given number of helper goroutines checking
// signatures ahead of the walk (verifysig.go); with none, the walk checks
// every signature itself.
func walkWith(pin Pin, r *Reader, helpers int) (*Result, error) {
	return newWalker(pin, r.name).walk(r, helpers)
}

func (w *walker) walk(r *Reader, helpers int) (*Result, error) {
	next := r.Next
	// On more than one core the signatures are checked ahead of the walk,
	// which stays sequential and decides as it does on one: the entries
	// come from the pipeline, each with its checks made ahead (w.spec).
	if helpers > 0 {
		p := newSigPipeline(r, helpers)
		defer p.stop()
		next = func() (*SignedEntry, error) {
			it, err := p.next()
			if err != nil {
				return nil, err
			}
			w.spec = it
			return it.s, nil
		}
	}
	for {
		e, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := w.step(e); err != nil {
			return nil, err
		}
	}
	return w.finish()
}

// finish checks the end of the chain against the pin and returns the result.
func (w *walker) finish() (*Result, error) {
	pin := w.pin
	if w.pos == 0 {
		return nil, &Error{File: w.file, Err: ErrOrder, Detail: "the chain has no entries"}
	}
	if w.pos < pin.Position && !w.sawPinned {
		return nil, w.fail(w.pos, ErrFork, "this chain of %s is held by signatory %s (%q), never by the signatory %s you trust, and it ends at position %d, before your pin at %d: it is someone else's chain for the same name, or an old copy from before a hand-over to the signatory you trust", pin.Package, w.signatory, w.res.Name, pin.Signatory, w.pos, pin.Position)
	}
	if w.pos < pin.Position {
		return nil, w.fail(w.pos, ErrRollback, "the chain ends at position %d, but you already trust position %d of %s: this is an old or truncated copy; fetch the chain again from the signatory", w.pos, pin.Position, pin.Package)
	}
	w.res.Head = w.headPin()
	w.res.HeadEntry = w.head
	w.res.Genesis = w.genesis
	w.res.Recovery = w.recovery
	// A copy: a pointer into the walker would keep its maps (every key
	// and version seen) alive as long as the result, which a dependency
	// report holds for thousands of chains at once.
	res := w.res
	return &res, nil
}

// headPin is the pin of the last entry applied: the signatory in force
// after it, its hash and the key it announced.
func (w *walker) headPin() Pin {
	return Pin{Package: w.pin.Package, Signatory: w.signatory, Position: w.pos, Entry: w.prev, Key: w.key}
}

func (w *walker) fail(pos uint64, err error, format string, args ...any) error {
	return &Error{File: w.file, Position: pos, Err: err, Detail: fmt.Sprintf(format, args...)}
}

// step checks one entry and advances the state.
func (w *walker) step(s *SignedEntry) error {
	h := s.Hash()
	if err := w.check(s, h); err != nil {
		return err
	}
	w.apply(s, h)
	if s.Position == w.pin.Position {
		return w.checkPin(s.Entry, h)
	}
	return nil
}

// check refuses an entry, whose hash is h, that cannot follow the state,
// and changes nothing: a log checks an entry before it is stored and
// applies it after.
func (w *walker) check(s *SignedEntry, h Hash) error {
	e := s.Entry
	switch {
	case e.Position == w.pos+1:
	case e.Position == w.pos && h == w.prev:
		return w.fail(e.Position, ErrOrder, "entry %d appears twice", e.Position)
	case e.Position == w.pos:
		return w.second(s)
	case e.Position < w.pos:
		return w.fail(e.Position, ErrOrder, "position %d comes after position %d", e.Position, w.pos)
	default:
		return w.fail(e.Position, ErrOrder, "position %d follows %d: entries are missing", e.Position, w.pos)
	}
	if e.Package != w.pin.Package {
		return w.fail(e.Position, ErrOtherPackage, "entry is for %q, not %q", e.Package, w.pin.Package)
	}
	if err := w.checkIdentity(e); err != nil {
		return err
	}
	if err := w.checkSignatures(s); err != nil {
		return err
	}
	if err := w.checkFresh(e); err != nil {
		return err
	}
	if e.Kind == KindRelease {
		if p, ok := w.versions[e.Version]; ok {
			return w.fail(e.Position, ErrVersionReuse, "version %s was already released at position %d", e.Version, p)
		}
	}
	return nil
}

// checkIdentity checks a genesis's signatory id, and the link and
// signatory of every other entry.
func (w *walker) checkIdentity(e *Entry) error {
	if e.Kind == KindGenesis {
		if id := SignatoryOf(e.Recovery); e.Signatory != id {
			return w.fail(e.Position, ErrWrongIdentity, "genesis names signatory %s, but its recovery key gives %s", e.Signatory, id)
		}
		return nil
	}
	if e.Prev != w.prev {
		return w.fail(e.Position, ErrBrokenLink, "its prev hash %s is not the hash %s of entry %d: the entry was altered, reordered or taken from another chain", e.Prev, w.prev, w.pos)
	}
	if e.Signatory != w.signatory {
		return w.fail(e.Position, ErrWrongIdentity, "entry names signatory %s, but the chain's signatory is %s", e.Signatory, w.signatory)
	}
	return nil
}

// apply advances the state past an entry, whose hash is h, that check
// accepted.
func (w *walker) apply(s *SignedEntry, h Hash) {
	e := s.Entry
	if e.Kind == KindGenesis {
		w.genesis = h // its recovery key sets the signatory below
	}
	if e.Kind == KindEmergency {
		w.revealed[e.Reveal.Commitment().Hash] = e.Position
	}
	w.seen[keyID(e.Next)] = e.Position
	if e.Recovery != nil {
		w.seen[keyID(e.Recovery)] = e.Position
	}
	if e.Kind == KindRelease {
		w.versions[e.Version] = e.Position
		if !w.lean {
			w.res.Releases = append(w.res.Releases, Release{Position: e.Position, Version: e.Version, Checksums: e.Checksums, Key: w.key, Signer: w.res.Name})
		}
	}
	// Commitments count once the user trusts the entry that made them: at
	// or before the pin; on first trust, every earlier verified entry.
	if e.Position <= w.pin.Position || w.pin.Position == 0 {
		for _, c := range e.Commits {
			if _, ok := w.committed[c]; !ok {
				w.committed[c] = e.Position
			}
		}
	}
	if e.Kind.NeedsConsent() && e.Position > w.pin.Position && !w.lean {
		ev := Event{Position: e.Position, Hash: h, Entry: e, From: w.res.Name}
		for _, wt := range e.Witnesses {
			ev.Endorsed = append(ev.Endorsed, wt.Name)
		}
		w.res.Events = append(w.res.Events, ev)
	}
	w.prevKey, w.key, w.prevRecov = w.key, e.Next, w.recovery
	if e.Recovery != nil {
		w.recovery = e.Recovery
		w.signatory = SignatoryOf(e.Recovery)
		w.res.Name = e.Name
	}
	w.pos, w.prev, w.head = e.Position, h, s
	if w.signatory == w.pin.Signatory {
		w.sawPinned = true
	}
}

func keyID(k *signify.PublicKey) [32]byte {
	var id [32]byte
	copy(id[:], k.Key)
	return id
}

// checkPin compares the state after the pinned position with the pin.
func (w *walker) checkPin(e *Entry, h Hash) error {
	if w.signatory != w.pin.Signatory {
		return w.fail(e.Position, ErrFork, "at position %d this chain of %s is held by signatory %s (%q), but you trust %s: it is someone else's chain for the same name. To follow it instead, remove your pin first", e.Position, e.Package, w.signatory, w.res.Name, w.pin.Signatory)
	}
	if h != w.pin.Entry {
		return w.fail(e.Position, ErrEquivocation, "the entry here has hash %s, but the one you trust has hash %s, and every signature of this copy verifies: the signatory's keys signed two histories (the keys were misused or stolen)", h, w.pin.Entry)
	}
	if w.pin.Key != nil && !w.pin.Key.Equal(e.Next) {
		return w.fail(e.Position, ErrEquivocation, "your pin says position %d announced key %s, the chain says %s", e.Position, w.pin.Key, e.Next)
	}
	return nil
}

// second judges a second, different entry at the position just checked:
// equivocation when the key in force there signed it too, else an altered
// copy. The first entry's signatures were checked, so only the second
// needs to be.
func (w *walker) second(s *SignedEntry) error {
	e := s.Entry
	for _, k := range []*signify.PublicKey{w.prevKey, w.prevRecov, w.recovery} {
		if k == nil || e.Kind == KindGenesis && k != w.recovery {
			continue
		}
		if s.SignedBy(k) == nil {
			return w.fail(e.Position, ErrEquivocation, "two different entries at position %d, both signed by the key in force there (%s): the key's holder published two histories", e.Position, k.Fingerprint().WordString())
		}
	}
	return w.fail(e.Position, ErrAltered, "a second entry at position %d that no key in force there signed: this copy was altered (it says nothing against the signatory)", e.Position)
}

// checkSignatures requires the signatures an entry of its kind needs.
func (w *walker) checkSignatures(s *SignedEntry) error {
	e := s.Entry
	// A role that says at is formatted with the position that announced
	// the key in force, and only for a refusal.
	type need struct {
		key  *signify.PublicKey
		role string
		at   bool
	}
	var needs []need
	switch e.Kind {
	case KindGenesis:
		needs = []need{{e.Recovery, "its recovery key", false}, {e.Next, "its first release key (proof of possession)", false}}
	case KindRelease:
		needs = []need{{w.key, "the key announced at position %d", true}}
	case KindHandover:
		needs = []need{
			{w.key, "the outgoing signatory's key announced at position %d", true},
			{e.Next, "the successor's release key (acceptance)", false},
			{e.Recovery, "the successor's recovery key (acceptance)", false},
		}
		for _, wt := range e.Witnesses {
			if wt.Key.Equal(w.key) || bytes.Equal(wt.Key.Key, w.key.Key) || w.recovery != nil && bytes.Equal(wt.Key.Key, w.recovery.Key) {
				return w.fail(e.Position, ErrWitness, "witness %q signs with the outgoing signatory's own key", wt.Name)
			}
			if p, ok := w.seen[keyID(wt.Key)]; ok {
				return w.fail(e.Position, ErrWitness, "witness %q signs with a key this chain announced at position %d: a witness must be independent of the chain's keys", wt.Name, p)
			}
			needs = append(needs, need{wt.Key, fmt.Sprintf("witness %q", wt.Name), false})
		}
	case KindRekey:
		needs = []need{{w.recovery, "the signatory's recovery key", false}, {e.Next, "the replacement key (proof of possession)", false}}
	case KindEmergency:
		c := e.Reveal.Commitment()
		if p, ok := w.revealed[c.Hash]; ok {
			return w.fail(e.Position, ErrKeyReuse, "the emergency key %s was already revealed at position %d", c.Hash, p)
		}
		if _, ok := w.committed[c]; !ok {
			return w.fail(e.Position, ErrEmergency, "the revealed %s key has SHA-256 %s, which no entry you already trusted (up to position %d) committed to", c.Alg, c.Hash, w.pin.Position)
		}
		if err := s.signedByEmergency(); err != nil {
			reason := ErrUnannounced
			if errors.Is(err, signify.ErrBadSignature) {
				reason = signify.ErrBadSignature
			}
			return w.fail(e.Position, reason, "%v", err)
		}
		needs = []need{{e.Next, "the replacement key (proof of possession)", false}}
	}
	for _, n := range needs {
		if err := w.signedBy(s, n.key); err != nil {
			reason := ErrUnannounced
			if errors.Is(err, signify.ErrBadSignature) {
				reason = signify.ErrBadSignature
			}
			role := n.role
			if n.at {
				role = fmt.Sprintf(role, w.pos)
			}
			return w.fail(e.Position, reason, "%s entry must be signed by %s (%s): %v", e.Kind, role, n.key.Fingerprint().WordString(), err)
		}
	}
	return nil
}

// checkFresh refuses a key announced a second time, anywhere in the chain
// or twice in one entry (next, then recovery).
func (w *walker) checkFresh(e *Entry) error {
	if p, ok := w.seen[keyID(e.Next)]; ok {
		return w.fail(e.Position, ErrKeyReuse, "key %s was already announced at position %d", e.Next, p)
	}
	if e.Recovery == nil {
		return nil
	}
	if p, ok := w.seen[keyID(e.Recovery)]; ok {
		return w.fail(e.Position, ErrKeyReuse, "key %s was already announced at position %d", e.Recovery, p)
	}
	if keyID(e.Recovery) == keyID(e.Next) {
		return w.fail(e.Position, ErrKeyReuse, "key %s was already announced at position %d", e.Recovery, e.Position)
	}
	return nil
}
