package ceremony

import (
	"slices"
	"testing"

	"github.com/baton-signing/baton/chain"
)

// Every ceremony declares a body for each step its plan may name,
// optional steps included: the engine assembles the steps from the plan
// by name, so a plan step without a body would fail only when run.
func TestEveryPlannedStepHasABody(t *testing.T) {
	v := testVault(t)
	p := v.Package("hello")
	b := base{p: p}
	entry := &chain.SignedEntry{Entry: &chain.Entry{Name: "Bob"}, Text: []byte("entry")}
	files := &backupTo{base: b, dir: t.TempDir(), labels: []string{"recovery"}}
	for _, d := range []declared{
		(&genesis{b, GenesisParams{EmergencyKey: true}}).declare(),
		(&genesis{b, GenesisParams{AdoptedFrom: "x"}}).declare(),
		(&release{base: b, rp: ReleaseParams{BackupFolder: "media"}, backupDir: "media"}).declare(),
		(&release{base: b}).declare(),
		(&rekey{replacing: replacing{base: b}}).declare(),
		(&emergency{replacing: replacing{base: b}}).declare(),
		(&fileBackup{files}).declare(),
		(&paperBackup{files}).declare(),
		(&sharesBackup{files, SharesParams{Threshold: 2, Total: 3}}).declare(),
		(&restore{base: b}).declare(),
		(&restore{base: b, rp: RestoreParams{Check: true}}).declare(),
		(&handoverRequest{base: b, head: entry}).declare(),
		(&handoverSign{base: b, draft: entry}).declare(),
		(&handoverAccept{base: b, entries: []*chain.SignedEntry{entry}}).declare(),
	} {
		steps, err := d.assemble()
		if err != nil {
			t.Errorf("%s: %v", d.name, err)
			continue
		}
		var names []string
		for _, st := range steps {
			names = append(names, st.name)
		}
		if want := planNames(d.plan); !slices.Equal(names, want) {
			t.Errorf("%s assembles %q, its plan says %q", d.name, names, want)
		}
	}
	// A plan step without a body is refused before anything runs.
	d := (&rekey{replacing: replacing{base: b}}).declare()
	delete(d.steps, "entry")
	if _, err := d.assemble(); err == nil {
		t.Error("a plan step without a body was assembled")
	}
}

func planNames(plan []Step) []string {
	var out []string
	for _, s := range plan {
		out = append(out, s.Name)
	}
	return out
}

// The outcome lists its files in the order of its fields, as the command
// line prints them.
func TestOutcomeFilesInFieldOrder(t *testing.T) {
	o := &Outcome{Chain: "chain", Signature: "SHA256.sig", Draft: "d", DraftCopy: "d2", Copies: []string{"K1.sec", "K1.pub"}, Sheets: []string{"s1"}}
	if got, want := o.files(), []string{"chain", "SHA256.sig", "d", "d2", "K1.sec", "K1.pub", "s1"}; !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if got := (&Outcome{}).files(); got != nil {
		t.Errorf("an outcome without files lists %q", got)
	}
}
