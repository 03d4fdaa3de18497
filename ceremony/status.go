package ceremony

import (
	"fmt"
	"slices"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// Role is what a vault key is for, seen from the chain.
type Role string

// Key roles.
const (
	RoleRecovery Role = "recovery" // the signatory's offline recovery key
	RoleInForce  Role = "in force" // signs the next entry and release
	RoleSpare    Role = "spare"    // generated ahead (release plus two), not yet announced
	RoleUsed     Role = "used"     // signed an earlier entry; secret kept on request (the next release wipes it)
	RoleRetired  Role = "retired"  // secret deleted; public key kept
)

// KeyStatus is one vault key and its role.
type KeyStatus struct {
	Label       string
	Role        Role
	Public      *signify.PublicKey
	HasSecret   bool
	AnnouncedAt uint64 // position of the entry that announced it; 0 if none
}

// Status is a package's state in the vault: its chain, its keys, what is
// due and whether a ceremony is unfinished.
type Status struct {
	Package   string
	Signatory chain.SignatoryID
	Name      string // signatory's name
	Entries   []*chain.SignedEntry
	Keys      []KeyStatus
	Items     []DueItem // what the maintainer should do, most urgent first
	Pending   string    // the unfinished ceremony, if any
}

// DueKind is what a due item asks for, so that a UI can offer the way to
// do it without reading its words.
type DueKind int

// What is due.
const (
	DueHandedOver     DueKind = iota + 1 // the chain was handed over: this vault no longer signs it
	DueUnfinished                        // a ceremony is unfinished: resume or abort it
	DueRekey                             // the key in force (or its secret) is missing: re-key with the recovery key
	DueSpare                             // no release-plus-two spare key: the next release makes one
	DueWipeUsed                          // used keys' secrets are in the vault: the next release wipes them
	DueDestroyBackups                    // backups of retired keys to destroy, then record as destroyed
	DueBackup                            // keys without a restore-tested backup
)

// DueItem is one thing the maintainer should do.
type DueItem struct {
	Kind DueKind
	Text string   // what to do, in words
	Keys []string // the vault keys it is about, when it names any
}

// due adds an item of kind worded text about keys.
func (s *Status) due(kind DueKind, text string, keys ...string) {
	s.Items = append(s.Items, DueItem{Kind: kind, Text: text, Keys: keys})
}

// Due is what the maintainer should do, in words, most urgent first: the
// Items' texts.
func (s *Status) Due() []string {
	var texts []string
	for _, it := range s.Items {
		texts = append(texts, it.Text)
	}
	return texts
}

// Head returns the newest entry.
func (s *Status) Head() *chain.SignedEntry { return s.Entries[len(s.Entries)-1] }

// Status reads the package's state.
func (p *Package) Status() (*Status, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s has no chain in the vault", p.Name)
	}
	ks, err := p.keyStates(entries)
	if err != nil {
		return nil, err
	}
	st := &Status{Package: p.Name, Entries: entries}
	if h := HeldBy(entries); h != nil {
		st.Signatory, st.Name = chain.SignatoryOf(h.Recovery), h.Name
	}
	for _, k := range ks.keys {
		s := KeyStatus{Label: k.Label, Public: k.Public, HasSecret: k.HasSecret, AnnouncedAt: uint64(ks.announce[k.Label])}
		switch {
		case k.Label == "recovery":
			s.Role = RoleRecovery
		case k.Label == ks.inForce:
			s.Role = RoleInForce
		case s.AnnouncedAt == 0:
			s.Role = RoleSpare
		case k.HasSecret:
			s.Role = RoleUsed
		default:
			s.Role = RoleRetired
		}
		st.Keys = append(st.Keys, s)
	}
	if to, at, ok := p.handedOver(entries); ok {
		st.due(DueHandedOver, fmt.Sprintf("handed over to %q at position %d: this vault no longer signs %s", to, at, p.Name))
		return st, nil
	}
	if c, _, _, err := p.Pending(); err == nil && c != "" {
		st.Pending = c
		st.due(DueUnfinished, fmt.Sprintf("finish the unfinished %s ceremony (run it again to resume, or abort it)", c))
	}
	if ks.inForce == "" {
		st.due(DueRekey, "the key in force is not in this vault: if it is lost, re-key with the recovery key")
	} else if !keyHasSecret(ks.keys, ks.inForce) {
		st.due(DueRekey, fmt.Sprintf("the secret of %s, the key in force, is missing: re-key with the recovery key", ks.inForce), ks.inForce)
	}
	if len(ks.spares) == 0 {
		st.due(DueSpare, "no release-plus-two spare key: the next release ceremony generates one")
	}
	var used []string
	for _, k := range st.Keys {
		if k.Role == RoleUsed {
			used = append(used, k.Label)
		}
	}
	if len(used) > 0 {
		st.due(DueWipeUsed, fmt.Sprintf("the secrets of the used keys %s are still in the vault: they sign nothing again; the next release wipes them", strings.Join(used, ", ")), used...)
	}
	if recs, err := p.BackupsToDestroy(); err == nil && len(recs) > 0 {
		var labels []string
		for _, r := range recs {
			if !slices.Contains(labels, r.Label) {
				labels = append(labels, r.Label)
			}
		}
		st.due(DueDestroyBackups, fmt.Sprintf("destroy the backups of the retired keys %s (%s), then record that they are destroyed",
			strings.Join(labels, ", "), describeBackups(recs)), labels...)
	}
	if un, err := p.UnprovenBackups(); err == nil && len(un) > 0 {
		st.due(DueBackup, "backup not restore-tested: "+strings.Join(un, ", ")+" (back them up, or restore-test their backups)", un...)
	}
	return st, nil
}

func keyHasSecret(keys []Key, label string) bool {
	for _, k := range keys {
		if k.Label == label {
			return k.HasSecret
		}
	}
	return false
}

// handedOver reports whether the chain now belongs to another signatory:
// its latest recovery key is not this vault's.
func (p *Package) handedOver(entries []*chain.SignedEntry) (to string, at uint64, ok bool) {
	mine, err := p.PublicKey("recovery")
	if err != nil {
		return "", 0, false
	}
	h := HeldBy(entries)
	if h == nil || h.Recovery.Equal(mine) {
		return "", 0, false
	}
	return h.Name, h.Position, true
}
