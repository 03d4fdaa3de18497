package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"
	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The transparency log, as the app takes part in it. Under a log policy
// (the file a package ecosystem ships: ceremony.DefaultLogPolicyPath), the
// Verify screen requires a chain's head to be proven in the log by the
// proof file beside the chain, as `baton verify` does, through the same
// check (ceremony.CheckLogProof). With no policy file, nothing is required,
// and the screen says so.

// errNoLogProof: the policy requires a proof and there is none.
var errNoLogProof = ceremony.ErrNoLogProof

// readLogPolicy reads the policy at the path policyPath gives; nil when
// there is no policy file.
func readLogPolicy(policyPath func() (string, error)) (*tlog.Policy, error) {
	if policyPath == nil {
		return nil, nil
	}
	path, err := policyPath()
	if err != nil {
		return nil, err
	}
	pol, _, err := ceremony.ReadLogPolicy(path)
	return pol, err
}

// checkLog is the Verify screen's log check of the chain file at path,
// whose verification is res: with no policy, none (all nil); under one,
// the proof beside the chain, then the log's newest head when the policy
// gives the log's URL.
func checkLog(ctx context.Context, logPolicy func() (string, error), store *chain.TrustStore, path string, res *chain.Result) (*ceremony.LogProof, *headCheck, error) {
	pol, err := readLogPolicy(logPolicy)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the transparency log policy: %w", err)
	}
	if pol == nil {
		return nil, nil, nil
	}
	lp, err := checkLogProof(ctx, pol, store, path, res.HeadEntry, time.Now())
	if err != nil {
		return nil, nil, err
	}
	hc, err := checkLogHead(ctx, pol, lp, res)
	if err != nil {
		return nil, nil, err
	}
	return lp, hc, nil
}

// checkLogProof checks, under pol, the proof beside the chain file at
// chainPath for head, against what store has seen of the log. A proof
// older than the newest checkpoint seen counts when the log proves its
// tree a prefix of that one: only then does the check go online.
func checkLogProof(ctx context.Context, pol *tlog.Policy, store *chain.TrustStore, chainPath string, head *chain.SignedEntry, now time.Time) (*ceremony.LogProof, error) {
	path := ceremony.ProofPath(chainPath)
	data, err := ceremony.ReadLogProof(path)
	if err != nil {
		return nil, err
	}
	prove := ceremony.ProveConsistency(logclient.NewProver(ctx, time.Minute).Consistent)
	return ceremony.CheckLogProof(pol, store, path, data, head, now, prove)
}

// logCauses says in a sentence, per cause, why the log check refused a
// chain and what to do. tlog.ErrMalformed is the rest.
var logCauses = []struct {
	err   error
	cause string
}{
	{errNoLogProof, "Not in the transparency log: your log policy requires a proof that this chain's head was logged, and there is none beside the chain file. Ask the signatory for the chain's .tlog-proof (baton publish writes it). A thief's fork has none."},
	{tlog.ErrNotIncluded, "The log proof does not show this chain's head in the log: a tampered proof, or the proof of another chain (a fork's chain with the genuine proof beside it)."},
	{tlog.ErrNoQuorum, "Not enough of your policy's witnesses cosigned the log's checkpoint: nobody independent saw this view of the log, as with a log that shows different histories to different users."},
	{tlog.ErrTooOld, "The log proof is older than your policy allows: the head may no longer be the newest. Ask for a fresh proof (the signatory renews it with baton publish)."},
	{tlog.ErrOlderThanSeen, "The log proof is older than a checkpoint you have already seen from this log. Ask for a fresh proof (the signatory renews it with baton publish)."},
	{tlog.ErrSplitView, "The log showed you two different trees of the same size: a split view, evidence that the log lies. Keep both checkpoints and tell the log's witnesses and your ecosystem."},
	{tlog.ErrWrongLog, "The log proof is not signed by a log your policy trusts: a wrong log key, or another log."},
	{tlog.ErrNewerHead, "A frozen copy: the transparency log holds a newer head of this chain than this copy. A mirror serves an old copy, or froze it, and you would miss the releases since. Fetch the chain and its proof again from the signatory."},
	{tlog.ErrMalformed, "The log proof is malformed."},
}

// isLogRefusal says whether err is the log check's.
func isLogRefusal(err error) bool {
	_, ok := logCause(err)
	return ok
}

// logRefusalCause says why the log check refused a chain, and what to do.
func logRefusalCause(err error) string {
	s, _ := logCause(err)
	return s
}

func logCause(err error) (string, bool) {
	for _, c := range logCauses {
		if errors.Is(err, c.err) {
			return c.cause, true
		}
	}
	return "The log proof is malformed.", false
}

// headCheck is what the log said about the chain's newest head.
type headCheck struct {
	asked time.Time
	err   error // wraps logclient.ErrUnanswered: it could not be asked
}

// checkLogHead asks the policy's log, when it names the log's URL, for the
// newest logged head of the chain, so that a frozen copy is refused as
// `baton verify --log-head` refuses it. A log that cannot be asked (an
// offline machine) is said, not refused: nothing was learnt. It returns
// nil when the policy names no URL for the log.
func checkLogHead(ctx context.Context, pol *tlog.Policy, lp *ceremony.LogProof, res *chain.Result) (*headCheck, error) {
	if lp.Log.URL == "" {
		return nil, nil
	}
	c, err := logclient.New(lp.Log.URL, 20*time.Second)
	if err == nil {
		err = c.CheckHead(ctx, pol, res.Head.Package, res.Genesis, res.Head, time.Now())
	}
	hc := &headCheck{asked: time.Now(), err: err}
	if err != nil && !errors.Is(err, logclient.ErrUnanswered) {
		return nil, err
	}
	return hc, nil
}

// headText says what the log said about the newest head.
func headText(hc *headCheck) string {
	switch {
	case hc == nil:
		return ""
	case hc.err != nil:
		return "\nThe log could not be asked whether this is the newest head (offline?), so a frozen copy would not show: " + untrusted.SanitizeMessage(hc.err.Error())
	}
	return fmt.Sprintf("\nAsked at %s: the log holds no newer head of this chain.", hc.asked.Format("15:04"))
}

// loggedText says where the log holds the head and which witnesses saw it
// when, newest first.
func loggedText(lp *ceremony.LogProof, now time.Time) string {
	if lp == nil {
		return "No transparency log policy is installed, so no log proof was required: nothing shows that other users see this same chain."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "In the transparency log %s: the head is entry %d of a checkpoint of %d entries, cosigned by %d witnesses of your policy:",
		untrusted.Quote(lp.Checkpoint.Origin), lp.Index, lp.Checkpoint.Size, len(lp.Cosigned))
	for _, c := range lp.Cosigned {
		fmt.Fprintf(&b, "\n• %s, %s (%s)", untrusted.Quote(c.Witness.KeyName()), c.Time.UTC().Format("2006-01-02 15:04 MST"), sinceText(now.Sub(c.Time)))
	}
	if lp.Within != nil {
		fmt.Fprintf(&b, "\nThis checkpoint is older than the one of %d entries you saw from the log before; the log proved it a prefix of that one: the same history, earlier.", lp.Within.Size)
	}
	return b.String()
}

// sinceText says how long ago a duration was, roughly: "3 minutes ago".
func sinceText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return countOf(int(d/time.Minute), "minute", "minutes") + " ago"
	case d < 48*time.Hour:
		return countOf(int(d/time.Hour), "hour", "hours") + " ago"
	}
	return countOf(int(d/(24*time.Hour)), "day", "days") + " ago"
}

// acceptLogged moves the pin with consent and records the log proof's
// checkpoint as the newest seen from its log, in one change of the locked
// store: a proof older than one seen since the check refuses both.
func acceptLogged(s *chain.TrustStore, check *chain.Check, consent chain.Consent, lp *ceremony.LogProof) error {
	if err := lp.Record(s); err != nil {
		return err
	}
	return s.Accept(check, consent)
}

// showLogged shows what the log proof showed, or that no policy asked for
// one.
func (v *verifyScreen) showLogged(hc *headCheck) {
	v.logged.SetText(loggedText(v.logProof, time.Now()) + headText(hc))
	switch {
	case v.logProof == nil:
		v.logged.Importance = widget.LowImportance
	case hc != nil && hc.err != nil:
		v.logged.Importance = widget.WarningImportance
	default:
		v.logged.Importance = widget.SuccessImportance
	}
	v.logged.Refresh()
}

// recordCheckpoint records the log proof's checkpoint when the pin does
// not move: the store remembers the newest checkpoint all the same, so an
// older one is refused later.
func (v *verifyScreen) recordCheckpoint() {
	lp, path := v.logProof, v.trustPath
	if lp == nil {
		return
	}
	v.st.Go(func() {
		if err := ceremony.UpdateTrust(path, lp.Record); err != nil {
			v.st.Do(func() { v.setPinState(pinFailure(err), widget.DangerImportance) })
		}
	})
}
