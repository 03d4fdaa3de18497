package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/chain"
)

func cmdTrust(e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("trust: say list, add or remove", "baton trust list")
	}
	e.verb, e.args = "trust "+args[0], args[1:]
	switch args[0] {
	case "list", "ls":
		return trustList(e, args[1:])
	case "add":
		return trustAdd(e, args[1:])
	case "remove", "rm":
		return trustRemove(e, args[1:])
	case "-h", "-help", "--help", "help":
		return e.showHelp("trust")
	}
	return usageErr(fmt.Sprintf("trust: unknown sub-command %q: say list, add or remove", args[0]), "baton trust list")
}

type pinJSON struct {
	Package   string   `json:"package"`
	Signatory string   `json:"signatory_id"`
	Position  uint64   `json:"position"`
	Entry     string   `json:"entry"`
	Next      *keyJSON `json:"next_key"`
}

func trustList(e *env, args []string) error {
	fs := e.flagSet("trust list")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	path, err := e.trustPath()
	if err != nil {
		return err
	}
	ts, err := loadTrustStore(e, path)
	if err != nil {
		return err
	}
	pins := []pinJSON{}
	for _, p := range ts.List() {
		pins = append(pins, pinJSON{Package: p.Package, Signatory: string(p.Signatory), Position: p.Position, Entry: p.Entry.String(), Next: describeKey("", p.Key)})
	}
	if e.g.json {
		return e.printJSON(map[string]any{"trust_store": path, "pins": pins})
	}
	w := e.stdout
	fmt.Fprintf(w, "trust store %s\n", path)
	if len(pins) == 0 {
		fmt.Fprintf(w, "\nnothing pinned yet: baton trust add --chain CHAIN, or baton verify --chain CHAIN\n")
	}
	for _, p := range pins {
		fmt.Fprintf(w, "\n%s\n  signatory %s, pinned at position %d\n  next key  %s\n", p.Package, p.Signatory, p.Position, p.Next.Words)
	}
	return nil
}

func trustAdd(e *env, args []string) error {
	fs := e.flagSet("trust add")
	chainPath := fs.String("chain", "", "")
	v := &verification{e: e, consent: "refuse"}
	fs.StringVar(&v.expectKey, "expect-key", "", "")
	fs.StringVar(&v.expectWords, "expect-words", "", "")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 1 && *chainPath == "" {
		*chainPath = rest[0]
	} else if err := noArgs("trust add", rest); err != nil {
		return err
	}
	if err := v.checkFlags(); err != nil {
		return err
	}
	if *chainPath == "" {
		return usageErr("trust add: --chain is missing: the package's chain file", e.retry("--chain", "CHAIN"))
	}
	if err := v.load(*chainPath); err != nil {
		return v.verdict(err)
	}
	if pin, ok := v.store.Get(v.pkg); ok {
		return usageErr(fmt.Sprintf("trust add: %s is already pinned (signatory %s, position %d)", v.pkg, pin.Signatory, pin.Position),
			"to move the pin forward: baton verify --chain "+shellQuote(*chainPath),
			"to trust another signatory instead: baton trust remove "+shellQuote(v.pkg)+", then "+e.retry())
	}
	_, err = v.firstTrust()
	return v.verdict(err)
}

func trustRemove(e *env, args []string) error {
	fs := e.flagSet("trust remove")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("trust remove: name one package", "baton trust remove PACKAGE")
	}
	pkg := rest[0]
	path, err := e.trustPath()
	if err != nil {
		return err
	}
	ts, err := loadTrustStore(e, path)
	if err != nil {
		return err
	}
	old, ok := ts.Get(pkg)
	if !ok {
		return usageErr(fmt.Sprintf("trust remove: %s is not pinned in %s", pkg, path), "baton trust list")
	}
	removed := *old
	ts.Remove(pkg)
	if err := saveTrustStore(path, ts); err != nil {
		return failure(err)
	}
	if e.g.json {
		return e.printJSON(map[string]any{"trust_store": path, "removed": pinJSON{Package: removed.Package, Signatory: string(removed.Signatory),
			Position: removed.Position, Entry: removed.Entry.String(), Next: describeKey("", removed.Key)}})
	}
	fmt.Fprintf(e.stdout, "Removed the pin of %s (signatory %s, position %d).\nThe next verify of %s is a first trust: you compare the signatory's key again.\n",
		pkg, removed.Signatory, removed.Position, pkg)
	return nil
}

// loadTrustStore reads the trust store; a missing file is an empty store.
func loadTrustStore(e *env, path string) (*chain.TrustStore, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return chain.NewTrustStore(), nil
	}
	if err != nil {
		return nil, failure(fmt.Errorf("reading the trust store: %w", err), e.retry("--trust", "FILE"))
	}
	ts, err := chain.ParseTrustStore(path, data)
	if err != nil {
		return nil, failure(fmt.Errorf("the trust store is damaged: %w", err), "fix or move aside "+shellQuote(path)+" (every pin in it would have to be trusted again)")
	}
	return ts, nil
}

// saveTrustStore writes the store atomically: a temporary file beside it,
// synced, then renamed over it. The store is public (0644); its directory
// is created 0700.
func saveTrustStore(path string, ts *chain.TrustStore) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the trust store's directory: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing the trust store: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(ts.Marshal())
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing the trust store %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
