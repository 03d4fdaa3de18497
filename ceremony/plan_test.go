package ceremony

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// recordUI is scriptUI that records the steps announced and the typed
// warnings.
func recordUI(t *testing.T, steps *[]Step, warnings *[]error) *UI {
	ui := scriptUI(t, true)
	ui.Step = func(i, n int, title string) {
		if i != len(*steps)+1 {
			t.Errorf("step %d of %d (%s) announced after %d steps", i, n, title, len(*steps))
		}
		*steps = append(*steps, Step{Title: title})
	}
	ui.Warn = func(w error) { *warnings = append(*warnings, w) }
	return ui
}

func titles(plan []Step) []string {
	var out []string
	for _, s := range plan {
		out = append(out, s.Title)
	}
	return out
}

// A ceremony announces, through UI.Step, exactly the steps of its
// exported plan, optional steps included, so that a UI can show them
// ahead of time; a warning comes typed.
func TestCeremoniesAnnounceTheirPlan(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	var steps []Step
	var warnings []error
	gp := GenesisParams{Package: "hello", Name: "Alice", EmergencyKey: true}
	if _, err := v.Genesis(ctx, recordUI(t, &steps, &warnings), opts, gp); err != nil {
		t.Fatal(err)
	}
	if got, want := titles(steps), titles(GenesisPlan(gp)); !slices.Equal(got, want) || len(want) != 7 {
		t.Errorf("genesis announced %q, its plan says %q", got, want)
	}
	steps = nil
	rp := ReleaseParams{Package: "hello", Version: "1.0", Dir: writeRelease(t, "1.0"), BackupFolder: t.TempDir()}
	if _, err := v.Release(ctx, recordUI(t, &steps, &warnings), opts, rp); err != nil {
		t.Fatal(err)
	}
	if got, want := titles(steps), titles(ReleasePlan(rp)); !slices.Equal(got, want) || len(want) != 9 {
		t.Errorf("release announced %q, its plan says %q", got, want)
	}
	for _, w := range warnings {
		var ow *OnlineWarning
		if !errors.As(w, &ow) || len(ow.Interfaces) == 0 {
			t.Errorf("warning %T %v, want an *OnlineWarning naming the interfaces", w, w)
		}
	}
}

// A ceremony in the way of another is a typed error that carries what a
// UI needs to tell the person how to resume or abort it.
func TestUnfinishedErrorCarriesTheCeremony(t *testing.T) {
	v := testVault(t)
	ctx := context.Background()
	opts := Options{Operator: "Alice", Now: clock()}
	if _, err := v.Genesis(ctx, scriptUI(t, false), opts, GenesisParams{Package: "hello", Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	bad := scriptUI(t, false)
	bad.Passphrase = func(string, bool) ([]byte, error) { return []byte("not the passphrase"), nil }
	dir := writeRelease(t, "1.0")
	if _, err := v.Release(ctx, bad, opts, ReleaseParams{Package: "hello", Version: "1.0", Dir: dir}); err == nil {
		t.Fatal("a release with the wrong passphrase succeeded")
	}
	_, err := v.Rekey(ctx, scriptUI(t, false), opts, RekeyParams{Package: "hello", Reason: "testing"})
	var ue *UnfinishedError
	if !errors.Is(err, ErrUnfinished) || !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *UnfinishedError", err)
	}
	if ue.Package != "hello" || ue.Ceremony != "release" || ue.Params["version"] != "1.0" || ue.Started.IsZero() {
		t.Errorf("unfinished: %+v", ue)
	}
}
