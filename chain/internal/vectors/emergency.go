package vectors

import (
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
)

// Emergency returns the deterministic emergency (ML-DSA-65) key named label.
func Emergency(label string) *chain.EmergencySecret {
	return must(chain.GenerateEmergencyKey(chaintest.Seeded("baton test vector emergency key " + label)))
}

// emergencyStory is a chain whose genesis commits to emergency key E1:
//
//	1 genesis   (commit E1)   R, K1
//	2 release   1.0           K1 -> K2
//	3 emergency reveals E1    E1 (ML-DSA-65), K3 -> K3
//	4 release   1.1           K3 -> K4
func emergencyStory(reveal string, commitAt int, corrupt bool) []*chain.SignedEntry {
	g := chain.NewGenesis(Package, "Alice Maintainer", Pub("R"), Pub("K1"), T(1))
	if commitAt == 1 {
		g.Commits = []chain.Commitment{Emergency("E1").Public().Commitment()}
	}
	es := []*chain.SignedEntry{must(chain.SignEntry(g, Key("R"), Key("K1")))}
	r := chain.Follow(es[0], chain.KindRelease, Pub("K2"), T(2))
	r.Version, r.Checksums = "1.0", digest("1.0")
	if commitAt == 2 {
		r.Commits = []chain.Commitment{Emergency("E1").Public().Commitment()}
	}
	es = append(es, must(chain.SignEntry(r, Key("K1"))))
	em := chain.Follow(es[1], chain.KindEmergency, Pub("K3"), T(3))
	em.Reason, em.Reveal = "Ed25519 considered broken: switching to the committed ML-DSA-65 key", Emergency(reveal).Public()
	se := must(chain.SignEntry(em, Key("K3")))
	if err := se.SignEmergency(Emergency(reveal)); err != nil {
		panic(err)
	}
	if corrupt {
		last := &se.Sigs[len(se.Sigs)-1]
		last.Sig = append([]byte(nil), last.Sig...)
		last.Sig[100] ^= 1
	}
	es = append(es, se)
	r2 := chain.Follow(se, chain.KindRelease, Pub("K4"), T(4))
	r2.Version, r2.Checksums = "1.1", digest("1.1")
	return append(es, must(chain.SignEntry(r2, Key("K3"))))
}

func emergencyCases() []chainCase {
	good := emergencyStory("E1", 1, false)
	late := emergencyStory("E1", 2, false)
	pin := func(es []*chain.SignedEntry, p int) string { return pinLine(es, p) }
	return []chainCase{
		{Case: Case{Name: "emergency-key-committed-at-genesis", Type: "verify", Pin: pin(good, 2), Expect: "ok", Head: 4, Events: []uint64{3}}, entries: good},
		{Case: Case{Name: "emergency-key-never-committed", Type: "verify", Pin: pin(good, 2), Expect: "ErrEmergency"}, entries: emergencyStory("E2", 1, false)},
		{Case: Case{Name: "emergency-commitment-after-pin", Type: "verify", Pin: pin(late, 1), Expect: "ErrEmergency"}, entries: late},
		{Case: Case{Name: "emergency-bad-pq-signature", Type: "verify", Pin: pin(good, 2), Expect: "ErrBadSignature"}, entries: emergencyStory("E1", 1, true)},
	}
}
