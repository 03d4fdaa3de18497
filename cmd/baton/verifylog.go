package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// logCheck is verify's transparency log check: under a log policy (the
// --log-policy flag, or the default policy file when there is one), the
// chain's head must be proven in a checkpoint the policy trusts, and the
// trust store's newest checkpoint of that log moves only forward.
type logCheck struct {
	policyFlag, proofFlag string
	head                  bool // --log-head: ask the log for the chain's newest logged head
	online                bool // a reason to be online: --log-head, or the chain or proof came by URL
	pol                   *tlog.Policy
	proof                 *ceremony.LogProof
}

// logVerdict is the log check in verify's JSON report.
type logVerdict struct {
	Log      string   `json:"log"`
	Index    uint64   `json:"index"`
	TreeSize uint64   `json:"tree_size"`
	Cosigned []string `json:"cosigned_by"`
	Fresh    string   `json:"fresh_at"`
	Proof    string   `json:"proof"`
	PrefixOf uint64   `json:"prefix_of,omitempty"` // the newer checkpoint's size its tree was proven a prefix of
}

func (lc *logCheck) flags(fs *flag.FlagSet) {
	fs.StringVar(&lc.policyFlag, "log-policy", "", "")
	fs.StringVar(&lc.proofFlag, "log-proof", "", "")
	fs.BoolVar(&lc.head, "log-head", false, "")
}

// checkLog verifies the head's log proof when a policy applies.
func (v *verification) checkLog() error {
	lc := &v.log
	pol, _, err := v.e.logPolicy(lc.policyFlag, false)
	if err != nil || pol == nil {
		if err == nil && lc.proofFlag != "" {
			return usageErr("verify: --log-proof needs a log policy to check it with", v.e.retry("--log-policy", "FILE"))
		}
		return err
	}
	lc.pol = pol
	proofPath, err := v.proofPath()
	if err != nil {
		return err
	}
	data, err := v.readProof(proofPath)
	if err != nil {
		return err
	}
	head := v.check.Result().HeadEntry
	// Online, a proof older than the newest checkpoint seen counts when the
	// log's tiles prove its tree a prefix of that one; offline it is refused.
	var opts []ceremony.LogProofOption
	if lc.online = lc.head || fetch.IsURL(v.chainPath) || fetch.IsURL(proofPath); lc.online {
		opts = append(opts, ceremony.ProveConsistency(logclient.NewProver(v.e.ctx, v.e.fetchTimeout).Consistent))
	}
	if lc.proof, err = ceremony.CheckLogProof(pol, v.trust.Store, proofPath, data, head, now(), opts...); err != nil {
		return refused(err, v.logHints(err)...)
	}
	v.rep.Log = lc.report()
	if lc.head {
		return v.checkLogHead()
	}
	return nil
}

// checkLogHead asks the log for the chain's logged head (online) and
// refuses a copy older than it: a frozen mirror. The log's answer counts
// only with a proof of it that the policy accepts.
func (v *verification) checkLogHead() error {
	lc, res := &v.log, v.check.Result()
	url := lc.proof.Log.URL
	if url == "" {
		return usageErr("verify: --log-head needs the log's URL in the policy's log line", "add the URL to the policy: log VKEY https://LOG")
	}
	c, err := logclient.New(url, v.e.fetchTimeout)
	if err != nil {
		return failure(err)
	}
	err = c.CheckHead(v.e.ctx, lc.pol, v.pkg, res.Genesis, res.Head, now())
	switch {
	case errors.Is(err, logclient.ErrUnanswered):
		return failure(err, v.e.retry()+"   (again, or without --log-head offline)")
	case errors.Is(err, tlog.ErrNewerHead):
		return refused(err, "fetch the chain and its proof again from the signatory, then "+v.e.retry())
	case err != nil:
		return refused(err)
	}
	return nil
}

// proofPath is --log-proof, else the chain's path or URL with .tlog-proof.
func (v *verification) proofPath() (string, error) {
	switch {
	case v.log.proofFlag != "":
		return v.log.proofFlag, nil
	case v.chainPath == "-":
		return "", usageErr("verify: the chain comes from standard input: say with --log-proof where its log proof is", v.e.retry("--log-proof", "CHAIN.tlog-proof"))
	}
	return ceremony.ProofPath(v.chainPath), nil
}

// readProof reads the proof file at path (or URL), bounded in size.
func (v *verification) readProof(path string) ([]byte, error) {
	local, err := v.e.fetched(path, tlog.MaxProofSize)
	if err != nil {
		if fetch.IsURL(path) {
			return nil, refused(fmt.Errorf("%w: fetching %s: %v", errNoProof, untrusted.Quote(path), err), v.noProofHint())
		}
		return nil, err
	}
	data, err := ceremony.ReadLogProof(local)
	switch {
	case errors.Is(err, errNoProof):
		return nil, refused(err, v.noProofHint())
	case err != nil:
		return nil, refused(err)
	}
	return data, nil
}

func (v *verification) noProofHint() string {
	return "ask the signatory for the chain's .tlog-proof (baton publish writes it), or give it: " + v.e.retry("--log-proof", "FILE")
}

func (v *verification) logHints(err error) []string {
	h := logHints(err, v.e.retry())
	if errors.Is(err, tlog.ErrOlderThanSeen) && !v.log.online {
		h = append(h, "or online: "+v.e.retry("--log-head")+"   (the log proves an older checkpoint a prefix of the newer one)")
	}
	return h
}

func (lc *logCheck) report() *logVerdict { return logVerdictOf(lc.proof) }

// logVerdictOf is a log proof as the JSON reports give it.
func logVerdictOf(p *ceremony.LogProof) *logVerdict {
	v := &logVerdict{Log: untrusted.Escape(p.Checkpoint.Origin), Index: p.Index, TreeSize: p.Checkpoint.Size,
		Fresh: p.Fresh.UTC().Format(time.RFC3339), Proof: untrusted.Escape(p.Path), Cosigned: p.Cosigners()}
	if p.Within != nil {
		v.PrefixOf = p.Within.Size
	}
	return v
}

// commitLog records the proof's checkpoint as the newest seen from its
// log, in the store that is saved with the pin.
func (v *verification) commitLog() error {
	return v.log.proof.Record(v.trust.Store)
}

// printLog prints the log check after the verdict's OK line.
func (v *verification) printLog() {
	r := v.rep.Log
	if r == nil {
		return
	}
	fmt.Fprintf(v.e.stdout, "logged: entry %d of %s (checkpoint of %d entries), cosigned by %s\n", r.Index, untrusted.Quote(r.Log), r.TreeSize, strings.Join(r.Cosigned, ", "))
	if r.PrefixOf > 0 {
		fmt.Fprintf(v.e.stdout, "logged: the log proved its checkpoint of %d entries a prefix of the one of %d you saw before\n", r.TreeSize, r.PrefixOf)
	}
}
