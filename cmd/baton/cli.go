package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
)

// globals are the flags every verb accepts.
type globals struct {
	vault    string
	trust    string
	json     bool
	passFile string
	yes      bool
}

// env is one run of the command: its streams, flags and terminal.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	ctx            context.Context
	g              globals
	pre            []string // global flags given before the verb, for hints
	verb           string   // the verb being run, for hints
	args           []string // its arguments as given, for hints
	tty            terminal // nil when nobody can be asked
	bar            *progressBar
	jsonDone       bool          // the verb printed its JSON object
	fetchTimeout   time.Duration // --timeout of verbs that fetch URLs
}

// command is one verb.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "start a package's chain (genesis ceremony)", cmdInit},
		{"adopt", "start your own chain for a package someone else signs (a fork)", cmdAdopt},
		{"release", "sign a release (release ceremony)", cmdRelease},
		{"abort", "drop an unfinished ceremony", cmdAbort},
		{"rekey", "replace a lost key in force with the recovery key (re-key ceremony)", cmdRekey},
		{"handover", "hand a package to a successor: request, witness, sign, accept", cmdHandover},
		{"emergency", "reveal the emergency key if Ed25519 falls (emergency ceremony)", cmdEmergency},
		{"backup", "back up keys to removable media or paper, restore-tested; list backups", cmdBackup},
		{"restore", "restore a key from a backup, or restore-test a backup (--check)", cmdRestore},
		{"shares", "split the recovery key M-of-N into share sheets, restore-tested", cmdShares},
		{"status", "show the vault's packages, keys and unfinished ceremonies", cmdStatus},
		{"keys", "list a package's keys or show one (text, words, QR)", cmdKeys},
		{"verify", "check a chain and a release against what you trust", cmdVerify},
		{"deps", "check every package of a dependency manifest: a trust report", cmdDeps},
		{"publish", "log a chain in a transparency log and write its proof (online, no secrets)", cmdPublish},
		{"monitor", "watch a transparency log for entries of your packages that are not yours", cmdMonitor},
		{"trust", "list, add or remove pinned packages", cmdTrust},
		{"log", "show a chain as a readable timeline", cmdLog},
		{"transcript", "list or print a package's ceremony transcripts", cmdTranscript},
		{"version", "print Baton's version", cmdVersion},
		{"help", "show help for a verb", cmdHelp},
	}
}

func lookup(verb string) *command {
	for i := range commands {
		if commands[i].name == verb {
			return &commands[i]
		}
	}
	return nil
}

// run is the whole command: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	bar := isTerminal(stderr)
	stdout, stderr, flush := safeStreams(stdout, stderr) // no raw control byte from input reaches a terminal
	defer flush()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, ctx: context.Background()}
	e.tty = detectTerminal(stdin)
	e.bar = newProgressBar(stderr, bar)
	err := e.dispatch(args)
	e.bar.Break()
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	code := exitCode(err)
	hints := hintsOf(err)
	fmt.Fprintf(stderr, "baton: error: %s\n", err)
	for _, h := range hints {
		fmt.Fprintf(stderr, "hint: %s\n", h)
	}
	if e.g.json && !e.jsonDone {
		obj := map[string]any{"ok": false, "exit_code": code, "error": err.Error()}
		if len(hints) > 0 {
			obj["hints"] = hints
		}
		e.printJSON(obj)
	}
	return code
}

func (e *env) dispatch(args []string) error {
	// Global flags may come before the verb too: baton --vault DIR status.
	pre := flag.NewFlagSet("baton", flag.ContinueOnError)
	pre.SetOutput(io.Discard)
	e.g.register(pre)
	version := pre.Bool("version", false, "") // baton --version: only before a verb
	if err := pre.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return e.showHelp("")
		}
		return usageErr(err.Error(), "baton help")
	}
	e.pre = args[:len(args)-len(pre.Args())]
	args = pre.Args()
	if *version {
		e.verb, e.args = "version", args
		return cmdVersion(e, args)
	}
	if len(args) == 0 {
		e.writeUsage(e.stderr, "")
		return &exitError{code: exitUsage, err: errors.New("no verb given"), hints: []string{"baton help"}}
	}
	verb := args[0]
	if verb == "-h" || verb == "--help" {
		verb = "help"
	}
	c := lookup(verb)
	if c == nil {
		hint := "baton help"
		if s := suggest(verb); s != "" {
			hint = "baton " + s + " " + quoteArgs(args[1:])
		}
		return usageErr(fmt.Sprintf("unknown verb %q", verb), strings.TrimSpace(hint))
	}
	e.verb, e.args = c.name, args[1:]
	return c.run(e, args[1:])
}

// suggest returns a verb close to a mistyped one.
func suggest(verb string) string {
	aliases := map[string]string{"genesis": "init", "new": "init", "fork": "adopt", "sign": "release",
		"check": "verify", "pin": "trust", "history": "log", "key": "keys", "cancel": "abort",
		"split": "shares", "recover": "restore"}
	if v, ok := aliases[verb]; ok {
		return v
	}
	for _, c := range commands {
		if strings.HasPrefix(c.name, verb) || strings.HasPrefix(verb, c.name) || editDistance(c.name, verb) <= 2 {
			return c.name
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.vault, "vault", g.vault, "")
	fs.StringVar(&g.trust, "trust", g.trust, "")
	fs.BoolVar(&g.json, "json", g.json, "")
	fs.StringVar(&g.passFile, "passphrase-file", g.passFile, "")
	fs.BoolVar(&g.yes, "yes", g.yes, "")
}

// flagSet returns a verb's flag set with the global flags on it.
func (e *env) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	e.g.register(fs)
	return fs
}

var errHelpShown = errors.New("help shown")

// parse parses flags and positional arguments in any order (flags may
// follow file names); "--" ends the flags.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, e.showHelp(e.helpTopic(fs.Name()))
			}
			msg := strings.Replace(err.Error(), "flag provided but not defined", "unknown flag", 1)
			return nil, usageErr(fmt.Sprintf("%s: %s", fs.Name(), msg), "baton help "+e.helpTopic(fs.Name()))
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func (e *env) helpTopic(fsName string) string {
	return strings.TrimPrefix(fsName, "baton ")
}

// parseFlags parses args into fs (see parse) and refuses any positional
// argument, naming the verb by fs's name.
func (e *env) parseFlags(fs *flag.FlagSet, args []string) error {
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	return noArgs(fs.Name(), rest)
}

// noArgs rejects positional arguments a verb does not take.
func noArgs(verb string, rest []string) error {
	if len(rest) > 0 {
		return usageErr(fmt.Sprintf("%s: unexpected argument %q", verb, rest[0]), "baton help "+verb)
	}
	return nil
}

// retry returns the command the user ran with extra arguments appended:
// the corrected command of a hint.
func (e *env) retry(extra ...string) string {
	parts := []string{"baton"}
	if len(e.pre) > 0 {
		parts = append(parts, quoteArgs(e.pre))
	}
	parts = append(parts, e.verb)
	if s := quoteArgs(e.args); s != "" {
		parts = append(parts, s)
	}
	parts = append(parts, extra...)
	return strings.Join(parts, " ")
}

// quoteArgs quotes arguments for a POSIX shell where needed.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// vaultDir is --vault or the default.
func (e *env) vaultDir() (string, error) {
	if e.g.vault != "" {
		return e.g.vault, nil
	}
	d, err := ceremony.DefaultVaultDir()
	if err != nil {
		return "", failure(err, "baton --vault DIR "+e.verb+" ...")
	}
	return d, nil
}

// openVault opens the vault for a ceremony, creating it if needed.
func (e *env) openVault() (*ceremony.Vault, error) {
	dir, err := e.vaultDir()
	if err != nil {
		return nil, err
	}
	v, err := ceremony.OpenVault(dir)
	if err != nil {
		return nil, failure(fmt.Errorf("vault %s: %w", dir, err), e.retry("--vault", "DIR-OUTSIDE-ANY-REPOSITORY"))
	}
	return v, nil
}

// existingVault opens a vault that must already exist (read-only verbs).
func (e *env) existingVault() (*ceremony.Vault, error) {
	dir, err := e.vaultDir()
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, failure(fmt.Errorf("no vault at %s", dir),
			"baton init --package NAME --name \"Signatory Name\" --operator YOU", e.retry("--vault", "DIR"))
	}
	return &ceremony.Vault{Dir: dir}, nil
}

// vaultPackage returns a package that must have a chain in the vault.
func (e *env) vaultPackage(v *ceremony.Vault, name string) (*ceremony.Package, error) {
	p := v.Package(name)
	if _, err := os.Stat(p.ChainPath()); err != nil {
		pkgs, _ := v.Packages()
		hints := []string{"baton status"}
		if len(pkgs) == 1 {
			hints = []string{e.retryReplacing("--package", pkgs[0])}
		}
		msg := fmt.Sprintf("package %q has no chain in the vault %s", name, v.Dir)
		if len(pkgs) > 0 {
			msg += fmt.Sprintf(" (it holds: %s)", strings.Join(pkgs, ", "))
		}
		return nil, failure(errors.New(msg), hints...)
	}
	return p, nil
}

// retryReplacing returns the user's command with one flag's value replaced.
func (e *env) retryReplacing(flagName, value string) string {
	args := append([]string(nil), e.args...)
	replaced := false
	for i := 0; i < len(args) && !replaced; i++ {
		a := args[i]
		switch {
		case (a == flagName || a == "-"+strings.TrimLeft(flagName, "-")) && i+1 < len(args):
			args[i+1], replaced = value, true
		case strings.HasPrefix(a, flagName+"="):
			args[i], replaced = flagName+"="+value, true
		}
	}
	if !replaced {
		return e.retry(flagName, shellQuote(value))
	}
	saved := e.args
	e.args = args
	defer func() { e.args = saved }()
	return e.retry()
}

// trustPath is --trust, else $BATON_TRUST, else the user's config dir.
func (e *env) trustPath() (string, error) {
	if e.g.trust != "" {
		return e.g.trust, nil
	}
	p, err := ceremony.DefaultTrustPath()
	if err != nil {
		return "", failure(err, e.retry("--trust", "FILE"))
	}
	return p, nil
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ", ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
