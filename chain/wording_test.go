package chain_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// cliWording matches a command-line flag ("--operator") or a baton verb
// ("baton abort") in a string.
var cliWording = regexp.MustCompile(`(^|[^-\w])--[a-zA-Z]|\bbaton (init|adopt|release|abort|rekey|handover|emergency|backup|restore|shares|status|keys|verify|trust|log|transcript|help|publish|monitor|deps)\b`)

// wordingAllowed are the literals of chain/ and ceremony/ (or their
// beginnings) that match cliWording but are no message to a person, with why.
var wordingAllowed = map[string]string{
	// Format labels written into files.
	"baton emergency key (ML-DSA-65) for ":                                                "the emergency key file's comment line",
	"# baton trust store: package signatory position entry-hash next-key (see SPEC.md)\n": "the trust store's header line",
}

// wordingAllowedFiles are files whose literals may name the CLI, with why.
var wordingAllowedFiles = map[string]string{
	// A paper sheet is a printed document for whoever restores the key,
	// maybe years later and with only the command line: it names the
	// command on purpose, and its text is part of the sheet's format.
	"ceremony/paper.go": "the paper sheet's printed restore instructions",
}

// The core talks to people in neutral words: no message in chain/ or
// ceremony/ names a command-line flag or a baton verb. The CLI and the app
// word typed errors and values for their own users (see issue 11).
func TestCoreMessagesNameNoCLIWording(t *testing.T) {
	checked := 0
	for _, root := range []string{".", "../ceremony"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			// chaintest and tlogtest are test support (tlogtest starts
			// the real log with its flags); internal/ holds the vector
			// generator and its catalogue of attacks, which names the
			// CLI's defences on purpose.
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "chaintest" || d.Name() == "tlogtest" || d.Name() == "internal") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, err := filepath.Rel(filepath.Dir(mustAbs(t, root)), mustAbs(t, path))
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if _, ok := wordingAllowedFiles[rel]; ok {
				return nil
			}
			checked++
			for _, bad := range cliWordingIn(t, path) {
				t.Errorf("%s: names the command line: %q", rel, bad)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 40 {
		t.Fatalf("only %d files checked", checked)
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// cliWordingIn returns the string literals (and literal concatenations)
// of a Go file that match cliWording, leaving out the arguments of
// exec.Command (another program's flags) and wordingAllowed.
func cliWordingIn(t *testing.T, path string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	check := func(s string) {
		for allowed := range wordingAllowed {
			if strings.HasPrefix(s, allowed) {
				return
			}
		}
		if cliWording.MatchString(s) {
			bad = append(bad, s)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "exec" {
					return false
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.ADD {
				if s, ok := joined(n); ok && strings.Count(s, "\x00") < strings.Count(s, "")-1 {
					check(s)
				}
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					t.Fatalf("%s: %v", fset.Position(n.Pos()), err)
				}
				check(s)
			}
		}
		return true
	})
	return bad
}

// joined spells a + concatenation with its literals and a NUL for each
// other operand; ok is false when it holds no literal.
func joined(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.ParenExpr:
		return joined(e.X)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, okA := joined(e.X)
			b, okB := joined(e.Y)
			return a + b, okA || okB
		}
	}
	return "\x00", false
}
