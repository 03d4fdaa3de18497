package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/deps"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
)

// The Dependencies screen's work off the UI goroutine: checking a set
// against the trust store, moving the pins that need no question, and
// checking one package again.

// depsOutcome is what a check off the UI goroutine found.
type depsOutcome struct {
	manifest  *deps.Manifest
	trustPath string
	rows      []*depRow // in the manifest's order
	stamp     string
	logPolicy bool  // a log policy applied
	err       error // no manifest, or no trust store: nothing was checked
	moveErr   error // the pins to move with no question could not be saved
}

// checkDeps checks m against a snapshot of the trust store, under the log
// policy at policyPath when there is one (each head proven in the log, as
// baton deps requires it; online, so older checkpoints are proven
// consistent), then records the log checkpoints and moves the pins of the
// packages verified from their pin with nothing to consent to, under the
// store's lock, as baton deps and the Verify screen do. A package whose
// pin moved meanwhile (ErrStale) is checked again.
func checkDeps(ctx context.Context, trustPath, policyPath func() (string, error), m *deps.Manifest, opt deps.Options) depsOutcome {
	out := depsOutcome{manifest: m}
	if out.trustPath, out.err = trustPath(); out.err != nil {
		return out
	}
	pol, err := readLogPolicy(policyPath)
	if err != nil {
		out.err = fmt.Errorf("the transparency log policy: %w", err)
		return out
	}
	if pol != nil {
		out.logPolicy, opt.Policy, opt.Consistency = true, pol, logclient.NewProver(ctx, 0).Consistent
	}
	store, err := ceremony.ReadTrust(out.trustPath)
	if err != nil {
		out.err = err
		return out
	}
	for _, r := range deps.Check(ctx, store, m, opt) {
		out.rows = append(out.rows, &depRow{Row: r})
	}
	opt.Progress = nil
	if logs := newerLogs(store, out.rows); len(logs) > 0 {
		out.moveErr = ceremony.UpdateTrust(out.trustPath, func(s *chain.TrustStore) error { return ceremony.RecordLogProofs(s, logs) })
	}
	todo := out.rows
	if out.moveErr != nil {
		todo = nil // the checkpoints could not be recorded: no pin moves without them
	}
	for range 3 {
		var moving, stale []*depRow
		for _, r := range todo {
			if r.Status == deps.OK && r.Check.Head().Position != r.Check.Prior().Position {
				moving = append(moving, r)
			}
		}
		if len(moving) == 0 {
			break
		}
		err := ceremony.UpdateTrust(out.trustPath, func(s *chain.TrustStore) error {
			stale = nil
			for _, r := range moving {
				switch err := s.Accept(r.Check, chain.Consent{}); {
				case errors.Is(err, chain.ErrStale):
					stale = append(stale, r)
				case err != nil:
					return err
				}
			}
			return nil
		})
		if err != nil {
			out.moveErr = err
			break
		}
		for _, r := range moving {
			if !slices.Contains(stale, r) {
				r.moved = r.Check.Prior()
			}
		}
		if len(stale) == 0 {
			break
		}
		fresh, err := ceremony.ReadTrust(out.trustPath)
		if err != nil {
			out.moveErr = err
			break
		}
		sub := &deps.Manifest{Dir: m.Dir}
		for _, r := range stale {
			sub.Packages = append(sub.Packages, r.Package)
		}
		for i, r := range deps.Check(ctx, fresh, sub, opt) { // the pin moved, not the checkpoints: nothing more to record
			stale[i].Row = r
		}
		todo = stale
	}
	if final, err := ceremony.ReadTrust(out.trustPath); err == nil {
		for _, r := range out.rows {
			if p, ok := final.Get(r.Package.Name); ok {
				cp := *p
				r.pin = &cp
			}
		}
	}
	out.stamp = trustStamp(out.trustPath)
	return out
}

// newerLogs are the log proofs of the packages verified with nothing to
// decide whose checkpoint is newer than the one store has seen: the store
// keeps the newest (deps.Check proved the others prefixes of it).
func newerLogs(store *chain.TrustStore, rows []*depRow) []*ceremony.LogProof {
	var out []*ceremony.LogProof
	for _, r := range rows {
		if r.Status != deps.OK || r.Log == nil {
			continue
		}
		if seen, ok := store.Checkpoint(r.Log.Checkpoint.Origin); !ok || r.Log.Checkpoint.Size > seen.Size {
			out = append(out, r.Log)
		}
	}
	return out
}

// trustStamp names the trust store file's state: its size and time.
func trustStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
}

// recheckOne checks one package of m against the store at path.
func recheckOne(path string, policy func() (string, error), m *deps.Manifest, p deps.Package, opt deps.Options) depsOutcome {
	sub := &deps.Manifest{Dir: m.Dir, Packages: []deps.Package{p}}
	return checkDeps(context.Background(), func() (string, error) { return path, nil }, policy, sub, opt)
}
