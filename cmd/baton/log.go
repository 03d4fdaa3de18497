package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

type logEntry struct {
	Position     uint64        `json:"position"`
	Kind         string        `json:"kind"`
	Time         time.Time     `json:"time"`
	Hash         string        `json:"hash"`
	Signatory    string        `json:"signatory_id"`
	Name         string        `json:"name,omitempty"`
	Version      string        `json:"version,omitempty"`
	Checksums    string        `json:"checksums,omitempty"`
	Revealed     string        `json:"revealed_key,omitempty"`
	Reason       string        `json:"reason,omitempty"`
	Recovery     *keyJSON      `json:"recovery_key,omitempty"`
	Witnesses    []witnessJSON `json:"witnesses,omitempty"`
	Commitments  []commitJSON  `json:"commitments,omitempty"`
	Next         *keyJSON      `json:"next_key"`
	NeedsConsent bool          `json:"needs_consent"`
	Signatures   []string      `json:"signatures"`
	raw          *chain.SignedEntry
}

type witnessJSON struct {
	Name string   `json:"name"`
	Key  *keyJSON `json:"key"`
}

type commitJSON struct {
	Alg  string `json:"alg"`
	Hash string `json:"hash"`
}

func cmdLog(e *env, args []string) error {
	fs := e.flagSet("log")
	chainPath := fs.String("chain", "", "")
	pkg := fs.String("package", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	var vp *ceremony.Package
	switch {
	case *chainPath != "" && *pkg != "":
		return usageErr("log: give --chain or --package, not both", "baton log --chain CHAIN", "baton log --package NAME")
	case *chainPath == "" && *pkg == "":
		return usageErr("log: which chain? give --chain FILE, or --package NAME for a chain in your vault", e.retry("--chain", "CHAIN"))
	case *pkg != "":
		v, err := e.existingVault()
		if err != nil {
			return err
		}
		if vp, err = e.vaultPackage(v, *pkg); err != nil {
			return err
		}
		*chainPath = vp.ChainPath()
	}
	data, err := readInput(e, "chain", *chainPath)
	if err != nil {
		return err
	}
	// The pin, if any: events after it need consent.
	var pinPos uint64
	if path, err := e.trustPath(); err == nil {
		if ts, err := loadTrustStore(e, path); err == nil {
			if name, err := chainPackage(*chainPath, data); err == nil {
				if p, ok := ts.Get(name); ok {
					pinPos = p.Position
				}
			}
		}
	}
	labels := map[string]string{}
	if vp != nil {
		if keys, err := vp.Keys(); err == nil {
			for _, k := range keys {
				labels[k.Public.String()] = k.Label
			}
		}
	}
	describe := func(k *chain.PublicKey) *keyJSON {
		if k == nil {
			return nil
		}
		return describeKey(labels[k.String()], k)
	}
	var entries []logEntry
	r := chain.NewChainReader(*chainPath, bytes.NewReader(data))
	var readErr error
	for {
		se, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		le := logEntry{Position: se.Position, Kind: string(se.Kind), Time: se.Time, Hash: se.Hash().String(), Signatory: string(se.Signatory),
			Name: se.Name, Version: se.Version, Reason: se.Reason, Recovery: describe(se.Recovery), Next: describe(se.Next),
			NeedsConsent: (se.Kind == chain.KindHandover || se.Kind == chain.KindRekey || se.Kind == chain.KindEmergency) && se.Position > pinPos, Signatures: []string{}, raw: se}
		if se.Kind == chain.KindRelease {
			le.Checksums = se.Checksums.String()
		}
		if se.Reveal != nil {
			c := se.Reveal.Commitment()
			le.Revealed = c.Alg + " " + c.Hash.String()
		}
		for _, w := range se.Witnesses {
			le.Witnesses = append(le.Witnesses, witnessJSON{Name: w.Name, Key: describe(w.Key)})
		}
		for _, c := range se.Commits {
			le.Commitments = append(le.Commitments, commitJSON{Alg: c.Alg, Hash: c.Hash.String()})
		}
		for _, s := range se.Sigs {
			le.Signatures = append(le.Signatures, s.Name)
		}
		entries = append(entries, le)
	}
	// Does it verify, from its genesis?
	verified, problem := readErr == nil, ""
	if readErr != nil {
		problem = readErr.Error()
	} else if len(entries) > 0 {
		if _, err := chain.FirstTrust(entries[0].raw.Package, chain.NewChainReader(*chainPath, bytes.NewReader(data))); err != nil {
			verified, problem = false, err.Error()
		}
	}
	if e.g.json {
		if entries == nil {
			entries = []logEntry{}
		}
		obj := map[string]any{"chain": *chainPath, "verified": verified, "entries": entries}
		if len(entries) > 0 {
			obj["package"] = entries[0].raw.Package
		}
		if problem != "" {
			obj["problem"] = problem
		}
		if err := e.printJSON(obj); err != nil || verified {
			return err
		}
		return refused(errors.New(problem))
	}
	w := e.stdout
	if len(entries) > 0 {
		fmt.Fprintf(w, "chain of %s: %d entries (%s)\n", entries[0].raw.Package, len(entries), *chainPath)
	}
	name := ""
	for _, le := range entries {
		fmt.Fprintf(w, "\n#%d %-8s %s", le.Position, le.Kind, le.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
		if le.NeedsConsent {
			fmt.Fprintf(w, "   [needs your consent]")
		}
		fmt.Fprintf(w, "\n")
		switch chain.Kind(le.Kind) {
		case chain.KindGenesis:
			fmt.Fprintf(w, "    signatory \"%s\" (%s)\n    recovery key %s\n", le.Name, le.Signatory, keyLine(le.Recovery))
		case chain.KindRelease:
			fmt.Fprintf(w, "    release %s, checksum list %s\n", le.Version, le.Checksums)
		case chain.KindHandover:
			fmt.Fprintf(w, "    hand-over from \"%s\" to \"%s\" (%s)\n    new recovery key %s\n", name, le.Name, le.Signatory, keyLine(le.Recovery))
			if len(le.Witnesses) == 0 {
				fmt.Fprintf(w, "    no witnesses\n")
			}
			for _, wt := range le.Witnesses {
				fmt.Fprintf(w, "    witness \"%s\" %s\n", wt.Name, keyLine(wt.Key))
			}
		case chain.KindRekey:
			fmt.Fprintf(w, "    re-key by the recovery key of \"%s\"\n", name)
		case chain.KindEmergency:
			fmt.Fprintf(w, "    emergency switch by \"%s\": reveals the committed key %s\n", name, le.Revealed)
		}
		if le.Reason != "" {
			fmt.Fprintf(w, "    reason: %s\n", le.Reason)
		}
		for _, c := range le.Commitments {
			fmt.Fprintf(w, "    commits to a %s key %s\n", c.Alg, c.Hash)
		}
		fmt.Fprintf(w, "    next key %s\n", keyLine(le.Next))
		if le.Name != "" {
			name = le.Name
		}
	}
	fmt.Fprintf(w, "\n")
	if verified {
		fmt.Fprintf(w, "The chain verifies from its genesis.\n")
		return nil
	}
	fmt.Fprintf(w, "The chain does NOT verify: %s\n", problem)
	return refused(errors.New(problem))
}

func keyLine(k *keyJSON) string {
	if k == nil {
		return "(none)"
	}
	s := k.Words
	if k.Label != "" {
		s = k.Label + "  " + s
	}
	return strings.TrimSpace(s)
}
