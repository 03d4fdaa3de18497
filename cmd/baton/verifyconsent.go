package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

type eventJSON struct {
	Position    uint64         `json:"position"`
	Entry       string         `json:"entry"`  // the entry's hash
	Accept      string         `json:"accept"` // what --accept takes to consent to it
	Kind        string         `json:"kind"`
	Time        time.Time      `json:"time"`
	From        string         `json:"from"`
	To          string         `json:"to,omitempty"`
	FromID      string         `json:"from_signatory_id,omitempty"`
	ToID        string         `json:"to_signatory_id,omitempty"`
	Witnesses   []eventWitness `json:"witnesses,omitempty"`
	Reason      string         `json:"reason,omitempty"`
	NewRecovery *keyJSON       `json:"new_recovery_key,omitempty"`
	Revealed    string         `json:"revealed_key,omitempty"` // emergency: algorithm and SHA-256 of the revealed key
	Consent     string         `json:"consent"`                // given, declined, needed or history (shown at first trust)
}

type eventWitness struct {
	Name  string `json:"name"`
	Words string `json:"words"`
}

func eventOf(ev chain.Event) eventJSON {
	e := ev.Entry
	j := eventJSON{Position: ev.Position, Entry: ev.Hash.String(), Accept: ev.ID().String(), Kind: string(e.Kind), Time: e.Time,
		From: ev.From, Reason: e.Reason, FromID: string(e.Signatory)}
	for _, w := range e.Witnesses {
		j.Witnesses = append(j.Witnesses, eventWitness{Name: w.Name, Words: w.Key.Fingerprint().WordString()})
	}
	if e.Kind == chain.KindHandover {
		j.To = e.Name
		j.ToID = string(chain.SignatoryOf(e.Recovery))
		j.NewRecovery = describeKey("recovery", e.Recovery)
	}
	if e.Reveal != nil {
		c := e.Reveal.Commitment()
		j.Revealed = c.Alg + " " + c.Hash.String()
	}
	return j
}

// escaped is j for the JSON report: the chain's text escaped.
func (j eventJSON) escaped() eventJSON {
	j.From, j.To, j.Reason = untrusted.Escape(j.From), untrusted.Escape(j.To), untrusted.Escape(j.Reason)
	ws := make([]eventWitness, len(j.Witnesses))
	for i, w := range j.Witnesses {
		ws[i] = eventWitness{Name: untrusted.Escape(w.Name), Words: w.Words}
	}
	j.Witnesses = ws
	return j
}

// summary describes the event in one paragraph; names are quoted and
// witnesses listed one per line, so that no name can pose as another.
func (j eventJSON) summary(pkg string) string {
	var b strings.Builder
	switch j.Kind {
	case string(chain.KindHandover):
		fmt.Fprintf(&b, "HAND-OVER at position %d (%s): %s hands %s to %s (signatory %s → %s)", j.Position, when(j.Time), untrusted.Quote(j.From), pkg, untrusted.Quote(j.To), j.FromID, j.ToID)
		if len(j.Witnesses) == 0 {
			b.WriteString(", with no witnesses")
		} else {
			b.WriteString(", witnessed and co-signed by:")
			for _, w := range j.Witnesses {
				fmt.Fprintf(&b, "\n    witness %s  (%s)", untrusted.Quote(w.Name), w.Words)
			}
		}
	case string(chain.KindEmergency):
		fmt.Fprintf(&b, "EMERGENCY at position %d (%s): %s revealed the post-quantum key %s that an entry you trusted committed to, and replaced the release key with it", j.Position, when(j.Time), untrusted.Quote(j.From), j.Revealed)
	default:
		fmt.Fprintf(&b, "RE-KEY at position %d (%s): %s used the recovery key to replace the release key", j.Position, when(j.Time), untrusted.Quote(j.From))
	}
	if j.Reason != "" {
		fmt.Fprintf(&b, "\n    reason: %s", untrusted.Quote(j.Reason))
	}
	return b.String()
}

func (j eventJSON) question(pkg string) string {
	switch j.Kind {
	case string(chain.KindHandover):
		return fmt.Sprintf("Do you accept that %s (signatory %s) signs %s from now on?", untrusted.Quote(j.To), j.ToID, pkg)
	case string(chain.KindEmergency):
		return fmt.Sprintf("Do you accept the emergency switch of %s at position %d?", pkg, j.Position)
	}
	return fmt.Sprintf("Do you accept the re-key of %s at position %d?", pkg, j.Position)
}

// accepts reports whether --accept names the event: POSITION:HASH, or
// for a hand-over the successor's signatory id.
func (v *verification) accepts(ev chain.Event) bool {
	for _, a := range v.accept {
		if a == ev.ID().String() || ev.Entry.Kind == chain.KindHandover && a == string(chain.SignatoryOf(ev.Entry.Recovery)) {
			return true
		}
	}
	return false
}

// consentTo shows each hand-over, re-key and emergency switch after the
// pin and records the person's consent to it, by name.
func (v *verification) consentTo(events []chain.Event) error {
	w := v.e.show()
	pin := v.check.Prior()
	for _, ev := range events {
		j := eventOf(ev)
		fmt.Fprintf(w, "Position %d needs your consent: %s\n", j.Position, j.summary(v.pkg))
		if j.NewRecovery != nil {
			fmt.Fprintf(w, "  new signatory's key: %s\n  words:               %s\n", j.NewRecovery.Key, j.NewRecovery.Words)
		}
		given, err := v.decide(ev, j)
		if err != nil {
			return err
		}
		if !given {
			j.Consent = "declined"
			if v.ask && v.e.tty == nil && !v.accepts(ev) {
				j.Consent = "needed"
			}
			v.rep.Events = append(v.rep.Events, j.escaped())
			v.rep.Reason = fmt.Sprintf("consent not given for the %s at position %d; still pinned at position %d", j.Kind, j.Position, pin.Position)
			if j.Consent == "needed" {
				v.rep.Reason = fmt.Sprintf("the chain %s at position %d and nobody can be asked to consent (stdin is not a terminal); still pinned at position %d", map[bool]string{true: "changes hands", false: "changes its key"}[ev.Entry.Kind == chain.KindHandover], j.Position, pin.Position)
			}
			return undecided(fmt.Errorf("%s of %s at position %d needs your consent", j.Kind, v.pkg, j.Position),
				v.reviewHint()+"   (to review it)",
				v.e.retry("--accept", ev.ID().String())+"   (to accept this one event, once you have reviewed it)")
		}
		j.Consent = "given"
		v.rep.Events = append(v.rep.Events, j.escaped())
		v.consent.Accepted = append(v.consent.Accepted, ev.ID())
	}
	return nil
}

// decide is the consent to one event: named by --accept, refused by
// --consent refuse, else asked at the terminal.
func (v *verification) decide(ev chain.Event, j eventJSON) (bool, error) {
	switch {
	case v.accepts(ev):
		return true, nil
	case !v.ask || v.e.tty == nil:
		return false, nil
	}
	ok, err := v.e.askYes(j.question(v.pkg))
	if err != nil {
		return false, failure(err)
	}
	return ok, nil
}

// reviewHint is the command that shows the chain's history: deps has its
// own, which reads the chain from where the manifest says.
func (v *verification) reviewHint() string {
	if v.e.verb == "deps" {
		return v.e.retry("--explain", shellQuote(v.pkg))
	}
	return "baton log --chain " + shellQuote(v.chainPath)
}
