package main

import (
	"errors"

	"github.com/baton-signing/baton/ceremony"
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
	{tlog.ErrSplitView, "the log showed you two different trees of the same size, or a tree that is not a prefix of a newer one: a split view, evidence against the log"},
	{tlog.ErrNewerHead, "the transparency log holds a newer head of this chain than this copy: it is old, or a mirror froze it"},
	{tlog.ErrMalformed, "the log proof is malformed"},
	{errNoProof, "the chain has no log proof, and your log policy requires one"},
}

// errNoProof: the policy requires a proof and there is none.
var errNoProof = ceremony.ErrNoLogProof

func isLogRefusal(err error) bool {
	for _, r := range logRefusals {
		if errors.Is(err, r.err) {
			return true
		}
	}
	return false
}

// logHints say what to do about a log refusal; retry is the command to
// run again.
func logHints(err error, retry string) []string {
	switch {
	case errors.Is(err, tlog.ErrTooOld), errors.Is(err, tlog.ErrOlderThanSeen):
		return []string{"fetch the chain's newest .tlog-proof (the signatory renews it with baton publish), then " + retry}
	case errors.Is(err, tlog.ErrSplitView):
		return []string{"keep the two checkpoints: they are evidence that the log lies; tell the log's witnesses and your ecosystem"}
	case errors.Is(err, tlog.ErrWrongLog):
		return []string{"check that --log-policy is your ecosystem's policy and that the proof came from its log"}
	case errors.Is(err, errNoProof):
		return []string{"ask the signatory for the chain's .tlog-proof (baton publish writes it)"}
	}
	return nil
}

// logShort is a log refusal in a few words, for a table's column.
func logShort(err error) string {
	for _, r := range []struct {
		err  error
		text string
	}{
		{errNoProof, "NO PROOF"}, {tlog.ErrSplitView, "SPLIT VIEW"}, {tlog.ErrOlderThanSeen, "older than seen"},
		{tlog.ErrNotIncluded, "not this head"}, {tlog.ErrWrongLog, "wrong log"}, {tlog.ErrNoQuorum, "no quorum"},
		{tlog.ErrTooOld, "too old"}, {tlog.ErrMalformed, "malformed"},
	} {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	return ""
}
