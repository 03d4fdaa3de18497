package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/logclient"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// errAlarm is monitor's verdict when a serious alarm was raised: exit 1.
var errAlarm = errors.New("the log holds entries or evidence for your packages that are not in your chains")

type monitorReport struct {
	Log      string            `json:"log"`
	Size     uint64            `json:"tree_size"`
	Watched  []string          `json:"watched"`
	Alarms   []logclient.Alarm `json:"alarms"`
	State    string            `json:"state"`
	ExitCode int               `json:"exit_code"`
	Read     uint64            `json:"entries_read"`
	Evidence uint64            `json:"evidence_read"`
	Error    string            `json:"error,omitempty"`
}

// cmdMonitor follows the log for the maintainer's packages: online, no
// secrets (it reads only the chains).
func cmdMonitor(e *env, args []string) error {
	fs := e.flagSet("monitor")
	var logURL, policyPath, statePath string
	var pkgs, chains stringList
	fs.StringVar(&logURL, "log", "", "")
	fs.StringVar(&policyPath, "log-policy", "", "")
	fs.StringVar(&statePath, "state", "", "")
	fs.Var(&pkgs, "package", "")
	fs.Var(&chains, "chain", "")
	timeout := fs.Duration("timeout", 30*time.Minute, "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	pol, _, err := e.logPolicy(policyPath, true)
	if err != nil {
		return err
	}
	client, err := e.logClient(logURL, pol, time.Minute)
	if err != nil {
		return err
	}
	watch, err := e.watchList(pkgs, chains)
	if err != nil {
		return err
	}
	if statePath == "" {
		if statePath, err = logclient.DefaultStatePath(client.URL()); err != nil {
			return failure(err, e.retry("--state", "FILE"))
		}
	}
	st, err := logclient.ReadState(statePath)
	if err != nil {
		return failure(err, "move "+shellQuote(statePath)+" aside to read the log from its start, or "+e.retryReplacing("--state", "FILE"))
	}
	start := st.Next
	m := &logclient.Monitor{Client: client, Policy: pol, Watch: watch, State: st, Now: now,
		Save:     func(s *logclient.MonitorState) error { return logclient.WriteState(statePath, s) },
		Progress: func(done, total uint64) { e.bar.Printf("baton: read %d of %d log entries\n", done, total) }}
	ctx, cancel := context.WithTimeout(e.ctx, *timeout)
	defer cancel()
	alarms, err := m.Run(ctx)
	rep := monitorReport{Log: client.URL(), Size: st.Size, Alarms: alarms, State: statePath, Read: st.Next - start, Evidence: st.Evidence}
	for p := range watch {
		rep.Watched = append(rep.Watched, p)
	}
	sort.Strings(rep.Watched)
	return e.monitorVerdict(&rep, err)
}

// watchList is the packages to watch, with their own chains: --chain
// files, the vault's chains of --package, else every package in the
// vault.
func (e *env) watchList(pkgs, chains []string) (map[string]*logclient.Watch, error) {
	watch := map[string]*logclient.Watch{}
	add := func(name string, data []byte) error {
		es, err := chain.ReadAll(name, bytes.NewReader(data))
		if err != nil {
			return refused(err)
		}
		watch[es[0].Package] = logclient.NewWatch(es)
		return nil
	}
	for _, c := range chains {
		data, err := ceremony.ReadFile(c, ceremony.MaxChainFile)
		if err == nil {
			err = add(c, data)
		}
		if err != nil {
			return nil, failure(err, e.retryReplacing("--chain", "CHAIN-FILE"))
		}
	}
	if len(chains) > 0 && len(pkgs) == 0 {
		return watch, nil
	}
	v, err := e.openVault()
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		if pkgs, err = v.Packages(); err != nil {
			return nil, failure(err)
		}
	}
	for _, p := range pkgs {
		pk, err := e.vaultPackage(v, p)
		if err != nil {
			return nil, err
		}
		data, err := ceremony.ReadFile(pk.ChainPath(), ceremony.MaxChainFile)
		if err == nil {
			err = add(pk.ChainPath(), data)
		}
		if err != nil {
			return nil, failure(err)
		}
	}
	if len(watch) == 0 {
		return nil, usageErr("monitor: no package to watch: the vault has none", e.retry("--chain", "CHAIN"))
	}
	return watch, nil
}

func (e *env) monitorVerdict(rep *monitorReport, err error) error {
	serious := false
	for _, a := range rep.Alarms {
		serious = serious || a.Serious
	}
	hints := []string{"if an entry is not yours, a key was stolen: re-key each package named with its recovery key (baton rekey --package NAME --reason 'WHAT HAPPENED' --operator YOU); the re-key is logged too",
		"run baton monitor regularly (cron): it reads only what is new"}
	switch {
	case err != nil && serious:
		err = refused(fmt.Errorf("%w (and the scan stopped: %v)", errAlarm, err), hints...)
	case err != nil:
		err = failure(err, e.retry()+"   (again: it resumes where it stopped)")
	case serious:
		err = refused(errAlarm, hints...)
	}
	if err != nil {
		rep.Error = untrusted.SanitizeMessage(err.Error())
	}
	rep.ExitCode = exitCode(err)
	if rep.Alarms == nil {
		rep.Alarms = []logclient.Alarm{}
	}
	if e.g.json {
		if jerr := e.printJSON(rep); jerr != nil {
			return jerr
		}
		return err
	}
	for _, a := range rep.Alarms {
		word := "NOTICE"
		if a.Serious {
			word = "ALARM"
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", word, untrusted.SanitizeMessage(a.Detail))
	}
	if err == nil {
		fmt.Fprintf(e.stdout, "OK: %s: %d entries read (tree of %d), nothing foreign for %d watched packages\n", untrusted.Quote(rep.Log), rep.Read, rep.Size, len(rep.Watched))
	}
	return err
}
