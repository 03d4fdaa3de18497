package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// testKey is a deterministic key for label.
func testKey(t testing.TB, label string) *signify.SecretKey {
	t.Helper()
	k, err := signify.GenerateKey(chaintest.Seeded("log-test " + label))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testPub(t testing.TB, label string) *signify.PublicKey { return testKey(t, label).Public("") }

// logChain is a genesis by name, a release, and a hand-over to
// successor witnessed by the given names; it verifies.
func logChain(t testing.TB, name, successor string, witnesses ...string) []*chain.SignedEntry {
	t.Helper()
	at := func(n int) time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n) }
	sign := func(e *chain.Entry, labels ...string) *chain.SignedEntry {
		var ks []*signify.SecretKey
		for _, l := range labels {
			ks = append(ks, testKey(t, l))
		}
		s, err := chain.SignEntry(e, ks...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	g := sign(chain.NewGenesis("hello", name, testPub(t, "R"), testPub(t, "K1"), at(1)), "R", "K1")
	r := chain.Follow(g, chain.KindRelease, testPub(t, "K2"), at(2))
	r.Version, r.Checksums = "1.0", chain.Hash{1}
	rel := sign(r, "K1")
	h := chain.Follow(rel, chain.KindHandover, testPub(t, "S1"), at(3))
	h.Name, h.Recovery, h.Reason = successor, testPub(t, "SR"), "steps down"
	signers := []string{"K2", "S1", "SR"}
	for i, w := range witnesses {
		label := fmt.Sprintf("W%d", i+1)
		h.Witnesses = append(h.Witnesses, chain.Witness{Key: testPub(t, label), Name: w})
		signers = append(signers, label)
	}
	return []*chain.SignedEntry{g, rel, sign(h, signers...)}
}

// hostileNames are what a mirror without a key puts where text is shown:
// clear the screen and home the cursor, retitle the window, a bidi
// override, a line separator.
var hostileNames = []string{"x\x1b[2J\x1b[H", "\x1b]0;title\a", "ab\u202ecd", "line\u2028two"}

// withHostileSigLines returns the chain file with a signature line by a key
// of each hostile name added to the genesis.
func withHostileSigLines(t testing.TB, es []*chain.SignedEntry) []byte {
	t.Helper()
	data := chain.Marshal(es)
	var add strings.Builder
	for _, n := range hostileNames {
		add.WriteString("— " + n + " " + strings.Repeat("A", 92) + "\n")
	}
	first := bytes.Index(data, []byte("\n\nbaton-entry")) + 1
	return append(append(bytes.Clone(data[:first]), add.String()...), data[first:]...)
}

// checkNoRawControl fails t if out holds a control byte other than newline
// and tab, or a character that must be escaped (untrusted.UnsafeRune).
func checkNoRawControl(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s is not valid UTF-8:\n%q", what, out)
	}
	for i, r := range out {
		if r == '\n' || r == '\t' {
			continue
		}
		if untrusted.UnsafeRune(r) {
			t.Fatalf("%s holds the raw character %U at byte %d:\n%s", what, r, i, out)
		}
	}
}

// checkJSONStrings decodes out and checks that no decoded string holds an
// unsafe character either.
func checkJSONStrings(t *testing.T, what, out string) {
	t.Helper()
	checkNoRawControl(t, what, out)
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", what, err, out)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			checkNoRawControl(t, what+" (decoded)", x)
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			for k, y := range x {
				checkNoRawControl(t, what+" (decoded key)", k)
				walk(y)
			}
		}
	}
	walk(v)
}

// Attack: a chain with signature lines whose key names hold terminal
// escapes, a bidi override and a line separator. log refuses it and shows
// the names escaped, in text and JSON, on stdout and stderr, from a file
// and from standard input.
func TestLogHostileKeyNames(t *testing.T) {
	dir := t.TempDir()
	data := withHostileSigLines(t, logChain(t, "Ada", "Bob", "Carol"))
	path := filepath.Join(dir, "evil.chain")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	trust := filepath.Join(dir, "trust")
	for _, c := range []struct {
		stdin []byte
		args  []string
	}{
		{nil, []string{"--trust", trust, "log", "--chain", path}},
		{nil, []string{"--trust", trust, "log", "--chain", path, "--json"}},
		{data, []string{"--trust", trust, "log", "--chain", "-"}},
		{data, []string{"--trust", trust, "--json", "log", "--chain", "-"}},
	} {
		code, stdout, stderr := runBaton(t, bytes.NewReader(c.stdin), c.args...)
		if code != exitRefused {
			t.Fatalf("%v: exit %d, want %d\n%s%s", c.args, code, exitRefused, stdout, stderr)
		}
		checkNoRawControl(t, "stderr", stderr)
		if strings.Contains(strings.Join(c.args, " "), "--json") {
			checkJSONStrings(t, "stdout", stdout)
		} else {
			checkNoRawControl(t, "stdout", stdout)
			if !strings.Contains(stdout, `The chain does NOT verify: `) || !strings.Contains(stdout, `\x1b[2J\x1b[H`) {
				t.Fatalf("%v: the refusal does not show the key name escaped:\n%s", c.args, stdout)
			}
		}
		if !strings.Contains(stderr, `key name "x\x1b[2J\x1b[H"`) {
			t.Fatalf("%v: stderr does not name the key escaped:\n%s", c.args, stderr)
		}
	}
}

// Attack: names and a reason that hold a bidi override or a line separator
// inside the entry text (the signatures no longer match, but the parser
// refuses first). The refusal shows them escaped.
func TestLogHostileEntryText(t *testing.T) {
	dir := t.TempDir()
	data := chain.Marshal(logChain(t, "Ada", "Bob", "Carol"))
	for _, evil := range []string{"Ada\u202eevil", "Ada\u2028#9 release", "Ada\x1b]0;t\a", "Ada\u200b"} {
		bad := bytes.Replace(data, []byte("\nname Ada\n"), []byte("\nname "+evil+"\n"), 1)
		path := filepath.Join(dir, "evil.chain")
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, json := range []bool{false, true} {
			args := []string{"--trust", filepath.Join(dir, "trust"), "log", "--chain", path}
			if json {
				args = append(args, "--json")
			}
			code, stdout, stderr := runBaton(t, nil, args...)
			if code != exitRefused {
				t.Fatalf("%q: exit %d\n%s%s", evil, code, stdout, stderr)
			}
			checkNoRawControl(t, "stderr", stderr)
			if json {
				checkJSONStrings(t, "stdout", stdout)
			} else {
				checkNoRawControl(t, "stdout", stdout)
			}
		}
	}
}

// Names holding '"' and ',' are quoted, so they cannot forge the witness
// list; witnesses are one per line; a hand-over shows the outgoing and the
// new signatory id.
func TestLogQuotesNamesAndShowsHandover(t *testing.T) {
	dir := t.TempDir()
	es := logChain(t, `Ada "x", y`, `Bob", "Mallory`, `Carol", "Dave`, "Erin")
	path := filepath.Join(dir, "ok.chain")
	if err := os.WriteFile(path, chain.Marshal(es), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runBaton(t, nil, "--trust", filepath.Join(dir, "trust"), "log", "--chain", path)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	old, successor := es[0].Signatory, chain.SignatoryOf(es[2].Recovery)
	for _, want := range []string{
		`    signatory "Ada \"x\", y" (` + string(old) + ")\n",
		`    hand-over from "Ada \"x\", y" to "Bob\", \"Mallory"` + "\n",
		"    signatory " + string(old) + " → " + string(successor) + "\n",
		`    witness "Carol\", \"Dave" `,
		`    witness "Erin" `,
		"3 entries.\nThe chain verifies from its genesis.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("log does not show %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runBaton(t, nil, "--trust", filepath.Join(dir, "trust"), "log", "--chain", path, "--json")
	if code != exitOK || !strings.Contains(stdout, `"new_signatory_id": "`+string(successor)+`"`) {
		t.Fatalf("JSON (exit %d) lacks the new signatory id:\n%s", code, stdout)
	}
}

// The streamed JSON is what printJSON writes for the same object.
func TestLogJSONMatchesPrintJSON(t *testing.T) {
	dir := t.TempDir()
	es := logChain(t, "Ada", "Bob", "Carol")
	path := filepath.Join(dir, "ok.chain")
	if err := os.WriteFile(path, chain.Marshal(es), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := runBaton(t, nil, "--trust", filepath.Join(dir, "trust"), "log", "--chain", path, "--json")
	var entries []*logEntry
	for _, se := range es {
		entries = append(entries, newLogEntry(se, 0, nil).forJSON())
	}
	var want bytes.Buffer
	e := &env{stdout: &want}
	e.printJSON(map[string]any{"chain": path, "verified": true, "entries": entries, "package": "hello"})
	if stdout != want.String() {
		t.Fatalf("streamed JSON differs from printJSON:\n%s\nwant:\n%s", stdout, want.String())
	}
	var empty bytes.Buffer
	e = &env{stdout: &empty}
	e.printJSON(map[string]any{"chain": "-", "verified": false, "entries": []logEntry{}, "problem": "standard input: empty chain: expected a genesis entry starting with \"baton-entry v1\""})
	_, stdout, _ = runBaton(t, nil, "--trust", filepath.Join(dir, "trust"), "log", "--chain", "-", "--json")
	if stdout != empty.String() {
		t.Fatalf("streamed JSON of an empty chain differs:\n%s\nwant:\n%s", stdout, empty.String())
	}
}

// Attack: keys on a vault whose chain carries hostile key names (refused,
// escaped on stderr), and on a vault whose key file name and key comment
// hold escapes (shown escaped, text and JSON).
func TestKeysHostileVault(t *testing.T) {
	dir := t.TempDir()
	vault := filepath.Join(dir, "vault")
	keys := filepath.Join(vault, "hello", "keys")
	if err := os.MkdirAll(keys, 0o700); err != nil {
		t.Fatal(err)
	}
	es := logChain(t, "Ada", "Bob", "Carol")
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(vault, "hello", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("chain", withHostileSigLines(t, es))
	write("keys/recovery.pub", testKey(t, "SR").Public("recovery \x1b]0;title\a key \u202eyek").Marshal())
	write("keys/K9\x1b[2J.pub", testKey(t, "K9").Public("spare\u2028key").Marshal())
	write("keys/S1.pub", testKey(t, "S1").Public("in force \x1b[31mRED").Marshal())
	for _, args := range [][]string{{"keys", "list"}, {"keys", "list", "--json"}, {"keys", "show", "recovery"}} {
		code, stdout, stderr := runBaton(t, nil, append([]string{"--vault", vault}, append(args, "--package", "hello")...)...)
		if code == exitOK {
			t.Fatalf("%v accepted a chain with hostile key names:\n%s", args, stdout)
		}
		checkNoRawControl(t, "stdout", stdout)
		checkNoRawControl(t, "stderr", stderr)
		if !strings.Contains(stderr, `\x1b[2J`) {
			t.Fatalf("%v: stderr does not show the key name escaped:\n%s", args, stderr)
		}
	}
	write("chain", chain.Marshal(es))
	for _, args := range [][]string{
		{"keys", "list"}, {"keys", "list", "--json"},
		{"keys", "show", "recovery"}, {"keys", "show", "recovery", "--json"}, {"keys", "show", "recovery", "--qr"},
		{"keys", "show", "K9\x1b[2J"}, {"keys", "show", "K9\x1b[2J", "--json"}, {"keys", "show", "S1"},
		{"keys", "show", "nosuch\x1b[2J"},
	} {
		code, stdout, stderr := runBaton(t, nil, append([]string{"--vault", vault}, append(args, "--package", "hello")...)...)
		if code != exitOK && args[2] != "nosuch\x1b[2J" {
			t.Fatalf("%q: exit %d\n%s%s", args, code, stdout, stderr)
		}
		if slicesContain(args, "--qr") {
			// The QR code's own colours are the one escape sequence keys writes.
			stdout = strings.NewReplacer("\x1b[30;47m", "", "\x1b[0m", "").Replace(stdout)
		}
		checkNoRawControl(t, "stderr", stderr)
		if slicesContain(args, "--json") {
			checkJSONStrings(t, "stdout", stdout)
		} else {
			checkNoRawControl(t, "stdout", stdout)
		}
	}
	_, stdout, _ := runBaton(t, nil, "--vault", vault, "keys", "list", "--package", "hello")
	if !strings.Contains(stdout, `K9\x1b[2J`) {
		t.Fatalf("keys list does not show the label escaped:\n%s", stdout)
	}
	_, stdout, _ = runBaton(t, nil, "--vault", vault, "keys", "show", "recovery", "--package", "hello")
	if !strings.Contains(stdout, `untrusted comment: recovery \x1b]0;title\x07 key \u202eyek`) {
		t.Fatalf("keys show does not show the comment escaped:\n%s", stdout)
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// safeWriter passes Baton's own newlines, tabs, progress line and QR
// colours, and escapes every other control byte and unsafe character, also
// when a write cuts a UTF-8 sequence.
func TestSafeWriter(t *testing.T) {
	for _, c := range []struct {
		writes []string
		want   string
	}{
		{[]string{"plain\ttext\nZoë 李\n"}, "plain\ttext\nZoë 李\n"},
		{[]string{"\rhashing  [###---]  50%"}, "\rhashing  [###---]  50%"},
		{[]string{"name \rOK\n"}, `name \rOK` + "\n"},
		{[]string{"\rOK\n"}, `\rOK` + "\n"},
		{[]string{"\x1b[30;47m█▀\x1b[0m\n"}, "\x1b[30;47m█▀\x1b[0m\n"},
		{[]string{"x\x1b[2J\x1b]0;title\a"}, `x\x1b[2J\x1b]0;title\x07`},
		{[]string{"a\u202eb\u2028c\u200b\u0085\x7f\xff"}, `a\u202eb\u2028c\u200b\u0085\x7f\xff`},
		{[]string{"a\xe2\x80", "\xaeb"}, `a\u202eb`},                               // U+202E cut in two
		{[]string{"Zo\xc3", "\xab\n"}, "Zoë\n"},                                    // ë cut in two
		{[]string{"a\xe2\x80", "zz"}, `a\xe2\x80zz`},                               // never completed
		{[]string{"a\xe2"}, `a\xe2`},                                               // flushed at the end
		{[]string{`kept \x1b and C:\path` + "\n"}, `kept \x1b and C:\path` + "\n"}, // backslashes as they are
	} {
		var b bytes.Buffer
		w := newSafeWriter(&b)
		for _, s := range c.writes {
			if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", s, n, err)
			}
		}
		w.Flush()
		if b.String() != c.want {
			t.Errorf("%q: wrote %q, want %q", c.writes, b.String(), c.want)
		}
	}
	if f := os.Stderr; underlying(newSafeWriter(f)) != f {
		t.Error("underlying does not return the wrapped stream")
	}
	var o, e bytes.Buffer
	stdout, stderr, flush := safeStreams(&o, &e)
	fmt.Fprint(stdout, "out \x1b[2J\xe2\x80")
	fmt.Fprint(stderr, "err \u202e")
	flush()
	if o.String() != `out \x1b[2J\xe2\x80` || e.String() != `err \u202e` {
		t.Errorf("safeStreams wrote %q and %q", o.String(), e.String())
	}
}

// A 100,000-entry chain (the limit) is logged in under 64 MiB peak RSS:
// log prints as it reads and verifies the same bytes alongside.
const timeTool = "/usr/bin/time"

func TestLogLongChainMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 100,000-entry chain and measures peak RSS (not under -short or -race; bench/hostile.sh measures the built binary)")
	}
	baton, err := exec.LookPath("baton") // this test binary, set up by testscript.Main
	if err != nil {
		t.Skip("no baton command in PATH")
	}
	if _, err := os.Stat(timeTool); err != nil {
		t.Skip("no /usr/bin/time (Debian's time package, which scripts/deps.sh installs)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "long.chain")
	writeLongChain(t, path, longChainEntries)
	for _, json := range []bool{false, true} {
		args := []string{"--trust", filepath.Join(dir, "trust"), "log", "--chain", path}
		if json {
			args = append(args, "--json")
		}
		// Measured by /usr/bin/time: a child's own rusage on Linux starts
		// from the high-water mark of the process that forked it (this
		// test binary, large after the other tests), not from zero.
		mem := filepath.Join(dir, "mem")
		cmd := exec.Command(timeTool, append([]string{"-f", "%M", "-o", mem, baton}, args...)...)
		out, err := os.Create(filepath.Join(dir, "out"))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = out
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err = cmd.Run()
		out.Close()
		if err != nil {
			t.Fatalf("log --json=%v: %v\n%s", json, err, stderr.String())
		}
		kib, err := os.ReadFile(mem)
		if err != nil {
			t.Fatal(err)
		}
		rss, err := strconv.ParseInt(strings.TrimSpace(string(kib)), 10, 64) // KiB
		if err != nil {
			t.Fatalf("/usr/bin/time wrote %q", kib)
		}
		t.Logf("log --json=%v of %d entries: peak RSS %d MiB", json, longChainEntries, rss>>10)
		if rss > 64<<10 {
			t.Fatalf("log --json=%v of %d entries: peak RSS %d MiB, more than 64 MiB", json, longChainEntries, rss>>10)
		}
		tail, _ := os.ReadFile(filepath.Join(dir, "out"))
		if !json && !bytes.Contains(tail, []byte(fmt.Sprintf("%d entries.\nThe chain verifies from its genesis.\n", longChainEntries))) {
			t.Fatalf("log did not verify the long chain: %s", tail[max(0, len(tail)-300):])
		}
	}
}

// writeLongChain writes a genesis and n-1 releases, each by a fresh key.
func writeLongChain(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	key := testKey(t, "long K1")
	prev, err := chain.SignEntry(chain.NewGenesis("hello", "Ada", testPub(t, "long R"), key.Public(""), at), testKey(t, "long R"), key)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(prev.Marshal())
	for i := 2; i <= n; i++ {
		next := testKey(t, fmt.Sprintf("long K%d", i))
		e := chain.Follow(prev, chain.KindRelease, next.Public(""), at.Add(time.Duration(i)*time.Minute))
		e.Version, e.Checksums = fmt.Sprintf("1.%d", i), chain.Hash{byte(i), byte(i >> 8), 1}
		if prev, err = chain.SignEntry(e, key); err != nil {
			t.Fatal(err)
		}
		key = next
		f.Write([]byte("\n"))
		f.Write(prev.Marshal())
	}
}

// longChainEntries is the longest chain a verifier accepts.
const longChainEntries = 100_000
