package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
)

// startup is what baton-gui's command line asks the app to show first.
type startup struct {
	screen  string        // a screen's name ("keys", "trust"); "" for Home
	release *releaseStart // baton-gui release: the Release wizard, filled in
	verify  *verifyStart  // baton-gui verify: a chain checked on Verify
}

// releaseStart are the details baton-gui release fills in, as baton
// release takes them; an empty one is left for the person.
type releaseStart struct {
	pkg, version, dir, operator string
}

// verifyStart is what baton-gui verify checks, as baton verify takes it:
// the package's chain and, when given, the key or words to compare the
// signatory's key with.
type verifyStart struct {
	pkg, chain, key, words string
}

// usage is baton-gui's help text.
const usage = `usage:
  baton-gui                 the app, on Home
  baton-gui SCREEN          the app, on SCREEN: home, keys, verify, ceremonies,
                            preferences, about, trust or dependencies
  baton-gui release [--package P] [--version V] [--dir DIR] [--operator NAME]
                            the Release wizard with these details filled in
                            (once the vault is open): you review the files and
                            type the passphrase; the files to publish are
                            printed when it is done ("baton-gui: publish: PATH")
  baton-gui verify --package P --chain FILE [--key KEY | --words WORDS]
                            the Verify screen with the chain checked as P's and,
                            with --key or --words, compared with the signatory's
                            key; pinning is still yours to choose

The vault is $BATON_VAULT, else the one chosen under Preferences, else
$XDG_DATA_HOME/baton (~/.local/share/baton); with no package there, the
demo vault.
`

// parseArgs reads baton-gui's command line (without the program's name).
// Help goes to out and returns flag.ErrHelp; a mistake returns an error
// that says what is wrong.
func parseArgs(args []string, out io.Writer) (startup, error) {
	if len(args) == 0 {
		return startup{}, nil
	}
	cmd, rest := args[0], args[1:]
	switch {
	case cmd == "-h" || cmd == "--help" || cmd == "-help" || cmd == "help":
		fmt.Fprint(out, usage)
		return startup{}, flag.ErrHelp
	case cmd == "release":
		return parseRelease(rest, out)
	case cmd == "verify" && len(rest) > 0:
		return parseVerify(rest, out)
	case slices.Contains(screenNames(), cmd):
		if len(rest) > 0 {
			return startup{}, fmt.Errorf("%s takes no arguments, found %q", cmd, strings.Join(rest, " "))
		}
		return startup{screen: cmd}, nil
	}
	return startup{}, fmt.Errorf("unknown command or screen %q (baton-gui --help lists them)", cmd)
}

// newFlags returns a flag set for command that writes its help to out.
func newFlags(command string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("baton-gui "+command, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() { fmt.Fprint(out, usage) }
	return fs
}

func parseRelease(args []string, out io.Writer) (startup, error) {
	var r releaseStart
	fs := newFlags("release", out)
	fs.StringVar(&r.pkg, "package", "", "the package to release")
	fs.StringVar(&r.version, "version", "", "the release's version")
	fs.StringVar(&r.dir, "dir", "", "the directory holding the release files")
	fs.StringVar(&r.operator, "operator", "", "who runs the ceremony")
	if err := parseAll(fs, args); err != nil {
		return startup{}, err
	}
	if r.dir != "" {
		abs, err := filepath.Abs(r.dir)
		if err != nil {
			return startup{}, fmt.Errorf("--dir: %w", err)
		}
		r.dir = abs
	}
	return startup{screen: "ceremonies", release: &r}, nil
}

func parseVerify(args []string, out io.Writer) (startup, error) {
	var v verifyStart
	fs := newFlags("verify", out)
	fs.StringVar(&v.pkg, "package", "", "the package the chain is verified as")
	fs.StringVar(&v.chain, "chain", "", "the chain file")
	fs.StringVar(&v.key, "key", "", "the signatory's key, as published (signify text)")
	fs.StringVar(&v.words, "words", "", "the signatory's key's twelve words, as published")
	if err := parseAll(fs, args); err != nil {
		return startup{}, err
	}
	switch {
	case v.pkg == "" || v.chain == "":
		return startup{}, errors.New("verify needs --package and --chain")
	case v.key != "" && v.words != "":
		return startup{}, errors.New("verify compares --key or --words, not both")
	}
	abs, err := filepath.Abs(v.chain)
	if err != nil {
		return startup{}, fmt.Errorf("--chain: %w", err)
	}
	v.chain = abs
	return startup{screen: "verify", verify: &v}, nil
}

// parseAll parses args with fs and refuses what is left over.
func parseAll(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected %q", fs.Name(), strings.Join(fs.Args(), " "))
	}
	return nil
}

// screenNames are the screens' names, in navigation order.
func screenNames() []string {
	var names []string
	for _, s := range screens() {
		names = append(names, s.name)
	}
	return names
}

// open shows what s asks for once st's vault is open: the Release wizard
// filled in, or the chain checked on Verify.
func (s startup) open(st *appState) {
	switch {
	case s.release != nil:
		st.startRelease(*s.release)
	case s.verify != nil:
		st.startVerify(*s.verify)
	}
}

// startRelease opens the Release wizard with r's details filled in and
// focuses the first detail left empty, or Next when none is: a person
// (or a script that prepared the release files) goes on with Space,
// reviews the files and types the passphrase.
func (s *appState) startRelease(r releaseStart) {
	if r.pkg != "" && s.Vault != nil {
		if names, err := s.Vault.Packages(); err == nil && slices.Contains(names, r.pkg) {
			s.SelectPackage(r.pkg)
		}
	}
	var f *releaseForm
	s.openCeremony(func(st *appState) ceremonyForm {
		f = newReleaseForm(st)
		return f
	})
	c := s.ceremonies
	if f == nil || c == nil || c.wizard == nil || c.wizard.form != f {
		return // no vault, no package yet (a dialog says so) or another wizard open
	}
	w := c.wizard
	f.version.SetText(r.version)
	f.dirEntry.SetText(r.dir)
	if r.operator != "" {
		w.operator.SetText(r.operator)
	}
	if r.pkg != "" && f.pkg() != r.pkg {
		w.detailsErr(fmt.Errorf("package: %s is not in the vault %s: choose the package to release", r.pkg, s.Vault.Dir))
	}
	var focus fyne.Focusable = w.nextBtn
	switch {
	case f.pkg() == "":
		focus = f.pkgPick
	case strings.TrimSpace(f.version.Text) == "":
		focus = f.version
	case strings.TrimSpace(f.dirEntry.Text) == "":
		focus = f.dirEntry
	case strings.TrimSpace(w.operator.Text) == "":
		focus = w.operator
	}
	if s.Window != nil {
		s.Window.Canvas().Focus(focus)
	}
}

// startVerify shows Verify with the package named and its chain checked;
// a key or words given are compared once the chain verifies.
func (s *appState) startVerify(vs verifyStart) {
	s.ShowScreen("verify")
	v := s.verifier
	if v == nil {
		return
	}
	v.pkg.SetText(vs.pkg)
	if vs.key != "" || vs.words != "" {
		v.given = &givenKey{text: vs.key, words: vs.words}
	}
	v.openChain(vs.chain)
}
