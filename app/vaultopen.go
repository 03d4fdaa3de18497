package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/baton-signing/baton/ceremony"
)

// vaultLocations says where the vaults live.
type vaultLocations struct {
	Vault string // the user's vault (preference, else ceremony.DefaultVaultDir)
	Demo  string // where the demo vault is made when Vault holds no package
}

// defaultLocations returns the vault chosen in the preferences (else
// ceremony.DefaultVaultDir) and the demo vault in the user's cache
// directory.
func defaultLocations(p fyne.Preferences) (vaultLocations, error) {
	dir := p.String(prefVault)
	if dir == "" {
		d, err := ceremony.DefaultVaultDir()
		if err != nil {
			return vaultLocations{}, err
		}
		dir = d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return vaultLocations{}, fmt.Errorf("no cache directory for the demo vault: %w", err)
	}
	return vaultLocations{Vault: dir, Demo: filepath.Join(cache, "baton", "demo-vault")}, nil
}

// openVault opens loc.Vault when it holds at least one package. Otherwise
// it calls preparing and makes (or reopens) the demo vault in loc.Demo, so a
// newcomer sees a real chain at once. The user's vault directory is not
// created when it does not exist. It runs on the calling goroutine.
func openVault(ctx context.Context, loc vaultLocations, preparing func()) (*ceremony.Vault, error) {
	if dirExists(loc.Vault) {
		v, err := ceremony.OpenVault(loc.Vault)
		if err != nil {
			return nil, err
		}
		pkgs, err := v.Packages()
		if err != nil {
			return nil, err
		}
		if len(pkgs) > 0 {
			return v, nil
		}
	}
	if preparing != nil {
		preparing()
	}
	return ceremony.CreateDemoVault(ctx, loc.Demo)
}

// LoadVault opens the vault of loc in the background (see openVault); the
// window shows what is being prepared meanwhile and the vault, or the
// error, once it is done.
func (s *appState) LoadVault(loc vaultLocations) {
	s.Loading = "Opening the vault…"
	s.Changed()
	open := s.openVault
	s.Go(func() {
		v, err := open(context.Background(), loc, func() {
			s.Do(func() {
				s.Loading = "Preparing the demo vault: one package, its genesis and three releases…"
				s.Changed()
			})
		})
		s.Do(func() {
			if err != nil {
				s.Vault, s.Loading, s.VaultErr = nil, "", fmt.Errorf("opening the vault: %w", err)
				s.Changed()
				return
			}
			s.SetVault(v)
		})
	})
}

// OpenRealVault opens the user's vault of loc even when it is empty (it is
// created then): the way out of the demo vault.
func (s *appState) OpenRealVault(loc vaultLocations) {
	s.Go(func() {
		v, err := ceremony.OpenVault(loc.Vault)
		s.Do(func() {
			if err != nil {
				s.VaultErr = fmt.Errorf("opening the vault: %w", err)
				s.Changed()
				return
			}
			s.SetVault(v)
		})
	})
}
