package ceremony

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// DemoPassphrase protects the demo vault's keys. It is not a secret: the
// demo vault exists to be looked at, and says so everywhere it is shown.
const DemoPassphrase = "demo vault passphrase"

// DemoPackage is the package the demo vault holds.
const DemoPackage = "example.org/demo-hello"

// DemoMarker is a file in a demo vault's directory; its presence labels the
// vault as a demo in every view.
const DemoMarker = "DEMO-VAULT-NOT-FOR-REAL-KEYS"

// IsDemo reports whether v is a demo vault.
func (v *Vault) IsDemo() bool {
	_, err := os.Stat(filepath.Join(v.Dir, DemoMarker))
	return err == nil
}

// CreateDemoVault makes (or reopens) a demo vault in dir: one package with
// a genesis and three releases, keys protected by DemoPassphrase at a low
// KDF cost. It is for a newcomer to see a real chain at once.
func CreateDemoVault(ctx context.Context, dir string) (*Vault, error) {
	v, err := OpenVault(dir)
	if err != nil {
		return nil, err
	}
	v.KDFRounds = 4
	if err := os.WriteFile(filepath.Join(dir, DemoMarker), []byte("This vault was made by Baton's demo. Its keys protect nothing; its passphrase is \""+DemoPassphrase+"\".\n"), 0o644); err != nil {
		return nil, err
	}
	p := v.Package(DemoPackage)
	if st, err := p.Status(); err == nil && len(st.Entries) >= 4 {
		return v, nil
	}
	ui := &UI{
		Passphrase: func(string, bool) ([]byte, error) { return []byte(DemoPassphrase), nil },
		Confirm:    func(string) (bool, error) { return true, nil },
	}
	when := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	opts := Options{Operator: "Demo Maintainer", Witnesses: []string{"Demo Witness"}, Now: func() time.Time {
		when = when.Add(time.Minute)
		return when
	}}
	if es, _ := p.Chain(); len(es) == 0 {
		if _, err := v.Genesis(ctx, ui, opts, GenesisParams{Package: DemoPackage, Name: "Demo Maintainer (demo vault)"}); err != nil {
			return nil, fmt.Errorf("making the demo vault: %w", err)
		}
	}
	for i, version := range []string{"1.0.0", "1.1.0", "2.0.0"} {
		if es, _ := p.Chain(); len(es) > i+1 {
			continue
		}
		when = when.AddDate(0, 2, 0)
		dist := filepath.Join(dir, "demo-dist", version)
		if err := os.MkdirAll(dist, 0o755); err != nil {
			return nil, err
		}
		for _, f := range []string{"demo-hello-" + version + ".tar.gz", "demo-hello-" + version + ".zip"} {
			if err := os.WriteFile(filepath.Join(dist, f), []byte("demo release "+version+" "+f+"\n"), 0o644); err != nil {
				return nil, err
			}
		}
		// The last release keeps its key, so that the demo shows a used key
		// beside the retired ones.
		rp := ReleaseParams{Package: DemoPackage, Version: version, Dir: dist, KeepUsedKey: i == 2}
		if _, err := v.Release(ctx, ui, opts, rp); err != nil {
			return nil, fmt.Errorf("making the demo vault: %w", err)
		}
	}
	return v, nil
}
