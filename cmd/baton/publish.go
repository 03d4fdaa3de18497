package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// publishReport is what `baton publish --json` prints.
type publishReport struct {
	Package    string   `json:"package"`
	Position   uint64   `json:"position"`
	Entry      string   `json:"entry_hash"`
	Index      uint64   `json:"log_index"`
	Log        string   `json:"log"`
	TreeSize   uint64   `json:"tree_size"`
	Sent       int      `json:"sent"`
	Cosigned   []string `json:"cosigned_by"`
	Proof      string   `json:"proof"`
	Checkpoint string   `json:"checkpoint"`
}

// cmdPublish logs a chain's entries in a transparency log and writes the
// head's proof beside the chain. It runs online and touches no secret.
func cmdPublish(e *env, args []string) error {
	fs := e.flagSet("publish")
	var chainPath, logURL, policyPath, proofPath string
	fs.StringVar(&chainPath, "chain", "", "")
	fs.StringVar(&logURL, "log", "", "")
	fs.StringVar(&policyPath, "log-policy", "", "")
	fs.StringVar(&proofPath, "proof", "", "")
	timeout := fs.Duration("timeout", logclient.DefaultTimeout, "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if chainPath == "" {
		return usageErr("publish: --chain is missing: the chain file to log", e.retry("--chain", "CHAIN"))
	}
	entries, err := e.readChainToPublish(chainPath)
	if err != nil {
		return err
	}
	pol, _, err := e.logPolicy(policyPath, true)
	if err != nil {
		return err
	}
	client, err := e.logClient(logURL, pol, *timeout)
	if err != nil {
		return err
	}
	if proofPath == "" {
		proofPath = ceremony.ProofPath(chainPath)
	}
	ctx, cancel := context.WithTimeout(e.ctx, *timeout)
	defer cancel()
	e.bar.Printf("baton: publishing %s to %s\n", entries[0].Package, untrusted.Quote(client.URL()))
	res, err := logclient.Publish(ctx, client, entries, pol, now)
	if err != nil {
		return publishErr(e, err, entries[0].Package)
	}
	if err := ceremony.WriteProof(proofPath, res.Proof); err != nil {
		return failure(err, e.retryReplacing("--proof", "FILE"))
	}
	return e.printPublished(res, proofPath, client.URL())
}

// readChainToPublish reads a chain file and checks that it verifies on
// its own (first trust): the log would refuse it otherwise.
func (e *env) readChainToPublish(path string) ([]*chain.SignedEntry, error) {
	data, err := ceremony.ReadFile(path, ceremony.MaxChainFile)
	if err != nil {
		return nil, failure(fmt.Errorf("reading the chain: %w", err), e.retryReplacing("--chain", "CHAIN-FILE"))
	}
	entries, err := chain.ReadAll(path, bytes.NewReader(data))
	if err != nil {
		return nil, refused(err)
	}
	if _, err := chain.FirstTrust(entries[0].Package, chain.NewReader(path, bytes.NewReader(data))); err != nil {
		return nil, refused(err, "publish only a chain that verifies: baton log --chain "+shellQuote(path)+" shows it")
	}
	return entries, nil
}

// logPolicy reads --log-policy, else the default policy. With required,
// a missing policy is a usage error; else it is nil.
func (e *env) logPolicy(path string, required bool) (*tlog.Policy, string, error) {
	given := path != ""
	if !given {
		p, err := ceremony.DefaultLogPolicyPath()
		if err != nil {
			return nil, "", failure(err, e.retry("--log-policy", "FILE"))
		}
		path = p
	}
	pol, ok, err := ceremony.ReadLogPolicy(path)
	switch {
	case err != nil:
		return nil, "", failure(err, "fix the policy (spec/log.md, The policy) or give another: "+e.retryReplacing("--log-policy", "FILE"))
	case !ok && (given || required):
		return nil, "", usageErr(fmt.Sprintf("%s: no log policy at %s", e.verb, untrusted.Quote(path)),
			e.retryReplacing("--log-policy", "FILE")+"   (the policy your package ecosystem ships: the log's key and its witnesses)")
	}
	return pol, path, nil
}

// logClient returns a client of --log, else of the policy's first log
// with a URL.
func (e *env) logClient(url string, pol *tlog.Policy, timeout time.Duration) (*logclient.Client, error) {
	if url == "" {
		for _, l := range pol.Logs {
			if l.URL != "" {
				url = l.URL
				break
			}
		}
	}
	if url == "" {
		return nil, usageErr(e.verb+": --log is missing, and the policy gives no log URL", e.retry("--log", "https://LOG"))
	}
	c, err := logclient.New(url, timeout)
	if err != nil {
		return nil, usageErr(fmt.Sprintf("%s: --log: %v", e.verb, err), e.retryReplacing("--log", "https://LOG"))
	}
	return c, nil
}

func publishErr(e *env, err error, pkg string) error {
	switch {
	case errors.Is(err, logclient.ErrRefusedByLog) && strings.Contains(err.Error(), "evidence"):
		return refused(err, "if you did not sign that entry, a key of "+shellQuote(pkg)+" was stolen: re-key with the recovery key (baton rekey --package "+shellQuote(pkg)+" --reason 'WHAT HAPPENED' --operator YOU); baton monitor watches for more")
	case errors.Is(err, logclient.ErrLogAhead):
		return refused(err, "publish the newest copy of the chain: "+e.retryReplacing("--chain", "NEWEST-CHAIN"))
	case errors.Is(err, logclient.ErrRefusedByLog):
		return refused(err, "baton log --chain CHAIN shows the chain; fix the entry the log names")
	case isLogRefusal(err):
		return refused(err, "the log's checkpoint does not satisfy your policy: check --log-policy, or "+e.retry()+" again later")
	}
	return failure(err, e.retry()+"   (again later: the log or its witnesses may be unreachable)")
}

func (e *env) printPublished(res *logclient.Published, proofPath, logURL string) error {
	v := res.Verified
	rep := publishReport{Package: res.Head.Package, Position: res.Head.Position, Entry: res.Head.Hash().String(), Index: v.Index,
		Log: v.Checkpoint.Origin, TreeSize: v.Checkpoint.Size, Sent: res.Sent, Proof: proofPath, Checkpoint: string(res.Proof.Checkpoint)}
	for _, c := range v.Cosigned {
		rep.Cosigned = append(rep.Cosigned, c.String())
	}
	if e.g.json {
		return e.printJSON(rep)
	}
	fmt.Fprintf(e.stdout, "published: %s position %d is entry %d of %s (%s sent now)\n", untrusted.Escape(rep.Package), rep.Position, rep.Index, untrusted.Quote(rep.Log), plural(rep.Sent, "entry"))
	cosigned := "not cosigned"
	if len(rep.Cosigned) > 0 {
		cosigned = "cosigned by " + strings.Join(rep.Cosigned, ", ")
	}
	fmt.Fprintf(e.stdout, "checkpoint of %d entries, %s\n", rep.TreeSize, cosigned)
	fmt.Fprintf(e.stdout, "proof: %s (publish it beside the chain; run baton publish again to renew it)\n", proofPath)
	return nil
}
