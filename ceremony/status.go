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
	Due       []string // things the maintainer should do, most urgent first
	Pending   string   // the unfinished ceremony, if any
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
	for _, e := range entries {
		if e.Recovery != nil {
			st.Signatory, st.Name = chain.SignatoryOf(e.Recovery), e.Name
		}
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
		st.Due = append(st.Due, fmt.Sprintf("handed over to %q at position %d: this vault no longer signs %s", to, at, p.Name))
		return st, nil
	}
	if c, _, _, err := p.Pending(); err == nil && c != "" {
		st.Pending = c
		st.Due = append(st.Due, fmt.Sprintf("finish the unfinished %s ceremony (run it again to resume, or abort it)", c))
	}
	if ks.inForce == "" {
		st.Due = append(st.Due, "the key in force is not in this vault: if it is lost, re-key with the recovery key")
	} else if !keyHasSecret(ks.keys, ks.inForce) {
		st.Due = append(st.Due, fmt.Sprintf("the secret of %s, the key in force, is missing: re-key with the recovery key", ks.inForce))
	}
	if len(ks.spares) == 0 {
		st.Due = append(st.Due, "no release-plus-two spare key: the next release ceremony generates one")
	}
	var used []string
	for _, k := range st.Keys {
		if k.Role == RoleUsed {
			used = append(used, k.Label)
		}
	}
	if len(used) > 0 {
		st.Due = append(st.Due, fmt.Sprintf("the secrets of the used keys %s are still in the vault: they sign nothing again; the next release wipes them", strings.Join(used, ", ")))
	}
	if recs, err := p.BackupsToDestroy(); err == nil && len(recs) > 0 {
		var labels []string
		for _, r := range recs {
			if !slices.Contains(labels, r.Label) {
				labels = append(labels, r.Label)
			}
		}
		st.Due = append(st.Due, fmt.Sprintf("destroy the backups of the retired keys %s (%s), then record that they are destroyed",
			strings.Join(labels, ", "), describeBackups(recs)))
	}
	if un, err := p.UnprovenBackups(); err == nil && len(un) > 0 {
		st.Due = append(st.Due, "backup not restore-tested: "+strings.Join(un, ", ")+" (back them up, or restore-test their backups)")
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
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.Recovery != nil {
			if e.Recovery.Equal(mine) {
				return "", 0, false
			}
			return e.Name, e.Position, true
		}
	}
	return "", 0, false
}
