package main

import (
	"errors"

	"github.com/baton-signing/baton/chain/tlog"
)

// logRefusals are the transparency log's reasons to refuse a proof, with
// what they mean for a person.
var logRefusals = []struct {
	err  error
	text string
}{
	{tlog.ErrWrongLog, "the log proof is not signed by a log your policy trusts (a wrong log key, or another log)"},
	{tlog.ErrNotIncluded, "the log proof does not show this chain's head in the log (a tampered proof, or a proof of another entry)"},
	{tlog.ErrNoQuorum, "the log's checkpoint is not cosigned by enough of your policy's witnesses: nobody independent saw this view of the log"},
	{tlog.ErrTooOld, "the log proof is older than your policy allows: the head may no longer be the newest (ask for a fresh proof)"},
	{tlog.ErrOlderThanSeen, "the log proof is older than a checkpoint you have already seen from this log (ask for a fresh proof)"},
	{tlog.ErrSplitView, "the log showed you two different trees of the same size: a split view, evidence against the log"},
	{tlog.ErrNewerHead, "the transparency log holds a newer head of this chain than this copy: it is old, or a mirror froze it"},
	{tlog.ErrMalformed, "the log proof is malformed"},
	{errNoProof, "the chain has no log proof, and your log policy requires one"},
}

// errNoProof: the policy requires a proof and there is none.
var errNoProof = errors.New("no log proof")

func isLogRefusal(err error) bool {
	for _, r := range logRefusals {
		if errors.Is(err, r.err) {
			return true
		}
	}
	return false
}
