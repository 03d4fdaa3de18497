package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/baton-signing/baton/ceremony"
)

func TestOpenVaultFallsBackToDemo(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		setup func(string)
	}{
		{"missing", func(string) {}},
		{"empty", func(p string) { os.MkdirAll(p, 0o700) }},
	} {
		loc := vaultLocations{Vault: filepath.Join(dir, tc.name), Demo: filepath.Join(dir, "demo")}
		tc.setup(loc.Vault)
		prepared := false
		v, err := openVault(context.Background(), loc, func() { prepared = true })
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !prepared || !v.IsDemo() || v.Dir != loc.Demo {
			t.Errorf("%s vault: got %s (demo %v, preparing called %v), want the demo vault", tc.name, v.Dir, v.IsDemo(), prepared)
		}
		if pkgs, _ := v.Packages(); len(pkgs) != 1 || pkgs[0] != ceremony.DemoPackage {
			t.Errorf("demo vault packages %q", pkgs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Error("the missing user vault was created")
	}
}

func TestOpenVaultUsesVaultWithPackages(t *testing.T) {
	real := realVault(t)
	loc := vaultLocations{Vault: real.Dir, Demo: filepath.Join(t.TempDir(), "demo")}
	v, err := openVault(context.Background(), loc, func() { t.Error("preparing a demo vault although the vault has a package") })
	if err != nil {
		t.Fatal(err)
	}
	if v.Dir != real.Dir || v.IsDemo() {
		t.Errorf("opened %s (demo %v), want %s", v.Dir, v.IsDemo(), real.Dir)
	}
	if _, err := os.Stat(loc.Demo); !os.IsNotExist(err) {
		t.Error("a demo vault was made")
	}
}

// TestLoadVaultShowsDemoBanner runs the start-up path: no vault, so the
// demo vault is prepared and the banner says so.
func TestLoadVaultShowsDemoBanner(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	if shows(w, "DEMO VAULT") {
		t.Error("demo banner shown before any vault is open")
	}
	// Reuse the shared demo vault so the test does not make another.
	demo := copyDemoVault(t)
	loc := vaultLocations{Vault: filepath.Join(t.TempDir(), "none"), Demo: demo.Dir}
	started, prepared, gate := make(chan bool), make(chan bool), make(chan bool)
	st.openVault = func(ctx context.Context, loc vaultLocations, preparing func()) (*ceremony.Vault, error) {
		started <- true
		<-gate
		return openVault(ctx, loc, func() {
			preparing()
			prepared <- true
			<-gate
		})
	}
	st.LoadVault(loc)
	<-started
	if !shows(w, "Opening the vault") {
		t.Errorf("no progress shown while the vault opens; visible %q", visibleTexts(w.Content()))
	}
	gate <- true
	await(st, prepared)
	if !shows(w, "Preparing the demo vault") || shows(w, "DEMO VAULT") {
		t.Errorf("no progress shown while the demo vault is prepared; visible %q", visibleTexts(w.Content()))
	}
	gate <- true
	idle(st)
	if st.Vault == nil || !st.Demo || st.Loading != "" {
		t.Fatalf("after loading: vault %v, demo %v, loading %q, error %v", st.Vault, st.Demo, st.Loading, st.VaultErr)
	}
	for _, want := range []string{"DEMO VAULT", "protect nothing", ceremony.DemoPassphrase, ceremony.DemoPackage} {
		if !shows(w, want) {
			t.Errorf("%q not shown; visible %q", want, visibleTexts(w.Content()))
		}
	}
	if shows(w, "Opening the vault") || shows(w, "Preparing the demo vault") {
		t.Error("the progress stays after the vault opened")
	}

	// "Open my real vault" leaves the demo.
	test := findButton(t, w.Content(), "Open my real vault")
	st.Prefs.SetString(prefVault, filepath.Join(t.TempDir(), "mine"))
	test.OnTapped()
	idle(st)
	if st.Demo || shows(w, "DEMO VAULT") {
		t.Error("still the demo vault after Open my real vault")
	}
}

func TestLoadVaultShowsError(t *testing.T) {
	st, _ := newTestState(t)
	w := newMainWindow(st)
	defer w.Close()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	st.LoadVault(vaultLocations{Vault: filepath.Join(t.TempDir(), "none"), Demo: filepath.Join(file, "demo")})
	idle(st)
	if st.VaultErr == nil || !shows(w, "opening the vault") {
		t.Errorf("no error shown; visible %q", visibleTexts(w.Content()))
	}
}
