package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-signing/baton/ceremony"
)

// allPlans are every ceremony's plans, optional steps included.
func allPlans() [][]ceremony.Step {
	return [][]ceremony.Step{
		ceremony.GenesisPlan(ceremony.GenesisParams{EmergencyKey: true}),
		ceremony.ReleasePlan(ceremony.ReleaseParams{BackupFolder: "media"}),
		ceremony.RekeyPlan(ceremony.RekeyParams{}),
		ceremony.EmergencyPlan(ceremony.EmergencyParams{}),
		ceremony.BackupFilesPlan(ceremony.BackupParams{}),
		ceremony.BackupPaperPlan(ceremony.BackupParams{}),
		ceremony.SharesPlan(ceremony.SharesParams{Threshold: 2, Total: 3}),
		ceremony.RestorePlan(ceremony.RestoreParams{}),
		ceremony.HandoverRequestPlan(ceremony.HandoverRequestParams{}),
		ceremony.HandoverSignPlan(),
		ceremony.HandoverAcceptPlan(),
		ceremony.WitnessPlan(),
	}
}

// parsesSteps matches a regexp or a scan that reads step announcements
// out of strings.
var parsesSteps = regexp.MustCompile(`(?i)(regexp\.(Must)?Compile(POSIX)?\(|Sscanf\([^,]*,)\s*` + "[\"`]" + `[^"` + "`" + `]*step`)

// numbers are the numbers in a title and the verbs of a format string,
// which a copy of a title with numbers (the shares' M of N) would use.
var numbers = regexp.MustCompile(`\d+|%[-+# 0-9.]*[a-zA-Z]`)

// The app shows each ceremony's steps from the ceremony's exported plan
// and follows them through ceremony.UI.Step: no string literal of an app
// source is a copy of a step title (a description may use the same words
// in its sentences), and no app source parses "step i of n" out of a
// message.
func TestAppCopiesNoStepTitlesAndParsesNoSteps(t *testing.T) {
	titles := map[string]bool{}
	for _, plan := range allPlans() {
		for _, s := range plan {
			titles[numbers.ReplaceAllString(s.Title, "N")] = true
		}
	}
	if len(titles) < 30 {
		t.Fatalf("only %d titles to look for", len(titles))
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		checked++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err == nil && titles[numbers.ReplaceAllString(strings.TrimSpace(s), "N")] {
					t.Errorf("%s: %q copies a step title: take it from the ceremony's plan", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := parsesSteps.FindString(string(data)); m != "" {
			t.Errorf("%s parses step announcements (%s): use ceremony.UI.Step", name, m)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d app sources checked", checked)
	}
	// The checks find what they look for.
	if parsesSteps.FindString("var stepMessage = regexp.MustCompile(`^step (\\d+) of (\\d+): (.+)$`)") == "" {
		t.Error("the parse check misses a step regexp")
	}
	if !titles[numbers.ReplaceAllString("split the recovery key %d of %d and write a sheet per share", "N")] {
		t.Error("the title check misses a formatted copy")
	}
}

// The app words the core's typed warnings and errors for its own users:
// the online warning names the preference, not a command-line flag, and
// an unfinished ceremony says where to resume or abort it.
func TestTypedWarningsAndErrorsInAppWords(t *testing.T) {
	got := warningText(&ceremony.OnlineWarning{Interfaces: []string{"eth7 (192.0.2.7)"}})
	if !strings.Contains(got, "ONLINE (eth7 (192.0.2.7))") || !strings.Contains(got, "Preferences → Offline") || strings.Contains(got, "--") {
		t.Errorf("online warning: %q", got)
	}
	err := fmt.Errorf("release: %w", &ceremony.UnfinishedError{Package: "hello", Ceremony: "rekey", Started: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	got = failureText(err)
	if !strings.Contains(got, "hello") || !strings.Contains(got, "rekey") || !strings.Contains(got, "under Ceremonies") || strings.Contains(got, "baton ") {
		t.Errorf("unfinished: %q", got)
	}
}
