package app

import (
	"io"
	"os"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// trustStorePath is where the trust store lives: the same file as the
// CLI's (ceremony.DefaultTrustPath: $BATON_TRUST, else baton/trust in the
// user's configuration directory). Reading and changing it go through
// ceremony.ReadTrust and ceremony.UpdateTrust, which lock it and write it
// atomically; the Verify screen moves a pin only through a verification
// (chain.TrustStore.Check, then Accept).
func trustStorePath() (string, error) { return ceremony.DefaultTrustPath() }

// firstTrust verifies the chain file at path from its genesis for pkg (the
// genesis's package when pkg is empty) and returns the result and the
// package name. It is for adopting a chain (recoveryadopt.go), which
// trusts nothing and pins nothing; the Verify screen uses
// chain.TrustStore.Check instead, which honours an existing pin.
func firstTrust(path, pkg string) (*chain.Result, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pkg, err
	}
	defer f.Close()
	if pkg == "" {
		first, err := chain.NewReader(path, io.LimitReader(f, chain.MaxChainSize)).Next()
		if err != nil {
			return nil, pkg, err
		}
		pkg = first.Package
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, pkg, err
		}
	}
	res, err := chain.FirstTrust(pkg, chain.NewReader(path, f))
	return res, pkg, err
}
