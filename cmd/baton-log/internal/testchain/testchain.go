// Package testchain makes real, validly signed chains for the log's tests:
// a maintainer's chain, releases, and a thief's fork with a stolen key.
package testchain

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// Chain is a chain under construction with the keys that sign it.
type Chain struct {
	Package  string
	Entries  []*chain.SignedEntry
	Recovery *signify.SecretKey
	// Keys[i] is the key the entry at position i announced (Keys[0] at
	// genesis): Keys[len(Entries)-1] is the key in force.
	Keys  []*signify.SecretKey
	spare *signify.SecretKey
	when  time.Time
}

func key() *signify.SecretKey {
	k, err := signify.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

// New starts pkg's chain with a genesis by a fresh signatory.
func New(pkg, name string) *Chain {
	c := &Chain{Package: pkg, Recovery: key(), when: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	k1 := key()
	g := chain.NewGenesis(pkg, name, c.Recovery.Public(""), k1.Public(""), c.when)
	c.Entries = append(c.Entries, must(chain.SignEntry(g, c.Recovery, k1)))
	c.Keys = append(c.Keys, k1)
	return c
}

// Release appends a release entry signed by the key in force.
func (c *Chain) Release(version string) *chain.SignedEntry {
	e := c.next(version)
	c.Entries = append(c.Entries, e)
	c.Keys = append(c.Keys, c.spare)
	return e
}

// next makes the release entry that would follow the head, without
// appending it.
func (c *Chain) next(version string) *chain.SignedEntry {
	head := c.Entries[len(c.Entries)-1]
	c.spare = key()
	c.when = c.when.Add(time.Hour)
	e := chain.Follow(head, chain.KindRelease, c.spare.Public(""), c.when)
	e.Version, e.Checksums = version, sha256.Sum256([]byte("checksums of "+version))
	return must(chain.SignEntry(e, c.Keys[len(c.Keys)-1]))
}

// Releases appends n releases, 1.0 to 1.(n-1).
func (c *Chain) Releases(n int) {
	for i := range n {
		c.Release(fmt.Sprintf("1.%d", i))
	}
}

// Fork is what a thief holding the key that signed position pos makes: a
// different, validly signed entry at pos (another version).
func (c *Chain) Fork(pos int, version string) *chain.SignedEntry {
	prev := c.Entries[pos-2]
	e := chain.Follow(prev, chain.KindRelease, key().Public(""), c.when.Add(time.Minute))
	e.Version, e.Checksums = version, sha256.Sum256([]byte("the thief's "+version))
	return must(chain.SignEntry(e, c.Keys[pos-2]))
}

// Altered is the entry at pos with its version changed and its signature
// kept: signed by nobody.
func (c *Chain) Altered(pos int) *chain.SignedEntry {
	orig := c.Entries[pos-1]
	e := *orig.Entry
	e.Version = orig.Version + "-altered"
	text, err := e.Marshal()
	if err != nil {
		panic(err)
	}
	return &chain.SignedEntry{Entry: &e, Text: text, Sigs: orig.Sigs}
}

// File is the chain file of the entries.
func (c *Chain) File() []byte { return chain.Marshal(c.Entries) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
