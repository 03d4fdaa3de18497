package ceremony

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoVaultStatus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	v, err := CreateDemoVault(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !v.IsDemo() {
		t.Fatal("demo vault not labelled")
	}
	st, err := v.Package(DemoPackage).Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Entries) != 4 || st.Head().Version != "2.0.0" {
		t.Fatalf("demo chain has %d entries", len(st.Entries))
	}
	roles := map[Role]int{}
	for _, k := range st.Keys {
		roles[k.Role]++
	}
	// After release 3: K1 and K2 retired, K3 signed release 3 and was kept
	// (the demo shows a used key), K4 is in force, K5 is the spare.
	if roles[RoleInForce] != 1 || roles[RoleSpare] != 1 || roles[RoleRecovery] != 1 || roles[RoleRetired] != 2 || roles[RoleUsed] != 1 {
		t.Fatalf("roles %v", roles)
	}
	// The kept key, and nothing backed up: that is what it shows as due.
	if len(st.Due()) != 2 || !strings.Contains(st.Due()[0], "used keys K3 are still in the vault") ||
		!strings.Contains(st.Due()[1], "backup not restore-tested: recovery, K3, K4, K5") {
		t.Fatalf("due: %v", st.Due())
	}
	// Reopening is idempotent.
	if _, err := CreateDemoVault(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if st2, _ := v.Package(DemoPackage).Status(); len(st2.Entries) != 4 {
		t.Fatal("reopening changed the demo chain")
	}
}
