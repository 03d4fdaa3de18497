package chain

import (
	"errors"
	"fmt"
)

// ErrStale is returned by Accept when the trust store no longer holds the
// pin a Check was made against: another verification moved it meanwhile.
// Verify again against the store as it is now.
var ErrStale = errors.New("the trust store changed since this verification")

// ErrNoConsent is returned by Accept when the person did not confirm first
// trust or did not accept every event of the Check.
var ErrNoConsent = errors.New("not consented")

// A Check is one verification of a package's chain against what a trust
// store holds about it: first trust when the package is not pinned, else
// a verification from the pin. It is the only thing that can move a pin
// (TrustStore.Accept), so a pin moves only when a verification says so.
type Check struct {
	pkg   string
	prior *Pin // the pin checked against; nil at first trust
	res   *Result
	// What Accept stores and requires, copied out of res so that a
	// caller changing the Result it was shown cannot change them.
	head   Pin
	events []EventID
	kinds  []Kind
	// At first trust: what the store already trusts about the head's
	// signatory (see TrustStore.Vouches).
	vouched      []string
	everyPackage bool
}

// Check verifies the chain read by r as package pkg's: from the pin when
// pkg is pinned (forks, rollbacks and equivocation refused), else as first
// trust. A chain of another package is refused. It does not change the
// store.
func (t *TrustStore) Check(pkg string, r *Reader) (*Check, error) {
	if err := CheckPackage(pkg); err != nil {
		return nil, err
	}
	c := &Check{pkg: pkg}
	var err error
	if pin, ok := t.Get(pkg); ok {
		cp := *pin
		c.prior = &cp
		c.res, err = Verify(cp, r)
	} else {
		c.res, err = FirstTrust(pkg, r)
	}
	if err != nil {
		return nil, err
	}
	c.head = c.res.Head
	k := *c.head.Key
	k.Key = append([]byte(nil), k.Key...)
	c.head.Key = &k
	for _, ev := range c.res.Events {
		c.events = append(c.events, ev.ID())
		c.kinds = append(c.kinds, ev.Entry.Kind)
	}
	if c.prior == nil {
		c.vouched, c.everyPackage = t.Vouches(c.head.Signatory)
	}
	return c, nil
}

// Vouched says, at first trust, what the store already trusts about the
// chain's signatory: the other packages pinned to it, and whether the
// person trusts it for every package it signs. Either lets the person
// accept first trust without comparing the key again (see
// Consent.SignatoryTrusted). Nothing after a pin is vouched for.
func (c *Check) Vouched() (packages []string, everyPackage bool) {
	return append([]string(nil), c.vouched...), c.everyPackage
}

// Package is the package checked.
func (c *Check) Package() string { return c.pkg }

// FirstTrust reports whether nothing was pinned: the person must compare
// the signatory's key (Result().Recovery) with a copy they obtained another
// way before Accept.
func (c *Check) FirstTrust() bool { return c.prior == nil }

// Prior is the pin the chain was checked against, or nil at first trust.
func (c *Check) Prior() *Pin {
	if c.prior == nil {
		return nil
	}
	cp := *c.prior
	return &cp
}

// Result is what the verification found. At first trust its Events are
// history to show; otherwise each needs the person's consent.
func (c *Check) Result() *Result { return c.res }

// Head is the pin Accept stores.
func (c *Check) Head() Pin { return c.head }

// Events are the events after the pin that need consent; none at first
// trust, where the chain's events are history.
func (c *Check) Events() []Event {
	if c.prior == nil {
		return nil
	}
	return c.res.Events
}

// Consent is what the person decided about a Check.
type Consent struct {
	// KeyCompared says the person compared the signatory's key with an
	// out-of-band copy and it matched. First trust needs it.
	KeyCompared bool
	// SignatoryTrusted says the person accepted a first trust because the
	// store already trusts the chain's signatory for another package or
	// for every package (Check.Vouched): they did not compare the key.
	SignatoryTrusted bool
	// Accepted names each event the person accepted.
	Accepted []EventID
}

func (c Consent) accepts(id EventID) bool {
	for _, a := range c.Accepted {
		if a == id {
			return true
		}
	}
	return false
}

// Accept moves c's package's pin to the checked head, given the person's
// consent: first trust needs the key compared, and every event needs its
// own acceptance. It refuses with ErrStale when the store's pin is no
// longer the one c was checked against, and changes nothing on refusal.
func (t *TrustStore) Accept(c *Check, consent Consent) error {
	if c == nil || c.res == nil {
		return errors.New("accept: not a verification (use TrustStore.Check)")
	}
	cur, ok := t.Get(c.pkg)
	switch {
	case c.prior == nil && ok:
		return fmt.Errorf("%w: %s was pinned at position %d meanwhile", ErrStale, c.pkg, cur.Position)
	case c.prior != nil && (!ok || !samePin(cur, c.prior)):
		return fmt.Errorf("%w: %s is no longer pinned at position %d", ErrStale, c.pkg, c.prior.Position)
	}
	if c.prior == nil {
		if !consent.KeyCompared && !(consent.SignatoryTrusted && t.vouches(c.head.Signatory)) {
			return fmt.Errorf("%w: first trust of %s needs the signatory's key compared, or a signatory the store already trusts", ErrNoConsent, c.pkg)
		}
		return t.add(&c.head)
	}
	for i, id := range c.events {
		if !consent.accepts(id) {
			return fmt.Errorf("%w: the %s of %s at position %d", ErrNoConsent, c.kinds[i], c.pkg, id.Position)
		}
	}
	if len(c.events) > 0 {
		return t.replace(&c.head)
	}
	return t.add(&c.head)
}

func samePin(a, b *Pin) bool {
	return a.Package == b.Package && a.Signatory == b.Signatory && a.Position == b.Position && a.Entry == b.Entry && a.Key.Equal(b.Key)
}

// vouches reports whether the store trusts signatory id through another
// pin or for every package: checked again at Accept, because the store
// may have changed since the Check.
func (t *TrustStore) vouches(id SignatoryID) bool {
	pinned, all := t.Vouches(id)
	return all || len(pinned) > 0
}
