package ceremony

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A transcript names its package once: the header's "package:" line, not
// again among the params. It still opens and verifies, and a transcript
// signed before (params with "package") renders as it was signed.
func TestTranscriptNamesThePackageOnce(t *testing.T) {
	v := testVault(t)
	opts := Options{Operator: "Alice", Now: clock()}
	out, err := v.Genesis(context.Background(), scriptUI(t, true), opts, GenesisParams{Package: "example.org/hello", Name: "Alice Maintainer"})
	if err != nil {
		t.Fatal(err)
	}
	tr, text, err := v.Package("example.org/hello").OpenTranscript(out.Transcript)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, "package:"); n != 1 {
		t.Errorf("the transcript says \"package:\" %d times:\n%s", n, text)
	}
	if tr.Package != "example.org/hello" || tr.Params["signatory"] != "Alice Maintainer" {
		t.Errorf("transcript record %+v", tr)
	}

	old := &Transcript{Ceremony: "genesis", Package: "p", Params: map[string]string{"package": "p", "signatory": "S"}, Started: time.Unix(0, 0), Finished: time.Unix(0, 0)}
	if n := strings.Count(old.Text(), "package:"); n != 2 {
		t.Errorf("an old transcript renders otherwise than signed (%d \"package:\")", n)
	}
	if got := transcriptParams(map[string]string{"package": "other", "x": "y"}, "p"); got["package"] != "other" {
		t.Errorf("a param naming another package was dropped: %v", got)
	}
}
