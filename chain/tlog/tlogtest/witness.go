// Package tlogtest runs the real processes of a witnessed log for tests:
// C2SP tlog-witness witnesses (litewitness, filippo.io/torchwood/cmd/
// litewitness), each with its key in a dedicated ssh-agent and the log
// registered in its SQLite database the way witnessctl add-log and add-key
// do, and baton-log itself.
package tlogtest

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"filippo.io/torchwood"
	"golang.org/x/crypto/ssh"
)

// Witness is one running litewitness.
type Witness struct {
	Name   string // its name in cosignatures and in the policy
	VKey   string // its cosignature/v1 verifier key
	URL    string
	dir    string
	db     string
	cmd    *exec.Cmd
	exited chan struct{}
	logs   *Buffer
}

// Buffer is a bytes.Buffer safe for a process writing and a test
// reading, which a test can wait on.
type Buffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed at the next write
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written != nil {
		close(b.written)
		b.written = nil
	}
	return b.b.Write(p)
}

// Len is the number of bytes written so far.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

// WaitFor waits until what was written after the first from bytes holds
// s, or the deadline passes.
func (b *Buffer) WaitFor(from int, s string, d time.Duration) bool {
	timeout := time.After(d)
	for {
		b.mu.Lock()
		if strings.Contains(b.b.String()[from:], s) {
			b.mu.Unlock()
			return true
		}
		if b.written == nil {
			b.written = make(chan struct{})
		}
		w := b.written
		b.mu.Unlock()
		select {
		case <-w:
		case <-timeout:
			return false
		}
	}
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// The schema litewitness creates (torchwood internal/witness.OpenDB); the
// database is made before it starts so the log can be registered in it.
const schema = `
CREATE TABLE IF NOT EXISTS log (
	origin TEXT PRIMARY KEY,
	tree_size INTEGER NOT NULL,
	tree_hash TEXT NOT NULL -- base64-encoded
);
CREATE TABLE IF NOT EXISTS key (
	origin TEXT NOT NULL,
	key TEXT NOT NULL, -- note verifier key
	FOREIGN KEY(origin) REFERENCES log(origin)
);
`

// emptyTreeHash is SHA-256 of the empty string, the root of a tree of no
// entries, in base64: where witnessctl add-log starts a log.
const emptyTreeHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

// TB is what the helpers need of a test: *testing.T, or a testscript's
// adapter.
type TB interface {
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}

// Tools are the programs the witnesses need (scripts/deps.sh test
// installs them).
var Tools = []string{"litewitness", "ssh-agent", "ssh-add", "sqlite3"}

// StartWitnesses runs n witnesses that know the log with origin and
// verifier key vkey. They stop when the test ends.
func StartWitnesses(t TB, n int, origin, vkey string) []*Witness {
	var ws []*Witness
	for i := range n {
		w := &Witness{Name: fmt.Sprintf("witness%d.example", i+1), dir: t.TempDir(), logs: &Buffer{}}
		w.db = filepath.Join(w.dir, "litewitness.db")
		w.register(t, origin, vkey)
		w.start(t)
		ws = append(ws, w)
	}
	return ws
}

// Policy is a policy file naming the log and the witnesses, k of which
// must cosign (0: quorum none), with a max-age line when maxAge is set.
func Policy(logVKey string, ws []*Witness, k int, maxAge time.Duration) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "log %s\n", logVKey)
	var names []string
	for i, w := range ws {
		fmt.Fprintf(&b, "witness w%d %s %s\n", i+1, w.VKey, w.URL)
		names = append(names, fmt.Sprintf("w%d", i+1))
	}
	if k == 0 {
		b.WriteString("quorum none\n")
	} else {
		fmt.Fprintf(&b, "group witnesses %d %s\nquorum witnesses\n", k, strings.Join(names, " "))
	}
	if maxAge > 0 {
		fmt.Fprintf(&b, "max-age %s\n", maxAge)
	}
	return []byte(b.String())
}

// register adds the log to the witness's database: a log row at size 0
// with the empty tree's hash, and a key row (witnessctl add-log, add-key).
func (w *Witness) register(t TB, origin, vkey string) {
	sql := schema + fmt.Sprintf("INSERT INTO log (origin, tree_size, tree_hash) VALUES ('%s', 0, '%s');\nINSERT INTO key (origin, key) VALUES ('%s', '%s');\n",
		sqlQuote(origin), emptyTreeHash, sqlQuote(origin), sqlQuote(vkey))
	cmd := exec.Command("sqlite3", w.db)
	cmd.Stdin = strings.NewReader(sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("registering the log with %s: %v\n%s", w.Name, err, out)
	}
}

func sqlQuote(s string) string { return strings.ReplaceAll(s, "'", "''") }

// start makes the witness's key, loads it into a new ssh-agent and starts
// litewitness on a free port.
func (w *Witness) start(t TB) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("%v", err)
	}
	cs, err := torchwood.NewCosignatureSigner(w.Name, priv)
	if err != nil {
		t.Fatalf("%v", err)
	}
	w.VKey = cs.Verifier().String()
	sock := filepath.Join(w.dir, "agent.sock")
	startAgent(t, sock)
	addKey(t, w.dir, sock, priv)
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatalf("%v", err)
	}
	addr := freeAddr(t)
	w.URL = "http://" + addr
	w.cmd = exec.Command("litewitness", "-db", w.db, "-name", w.Name, "-key", ssh.FingerprintSHA256(sshPub), "-ssh-agent", sock, "-listen", addr)
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatalf("%v", err)
	}
	w.exited = make(chan struct{})
	go func() { w.cmd.Wait(); close(w.exited) }()
	t.Cleanup(w.Stop)
	WaitForPort(t, "litewitness", addr, w.exited, w.logs)
}

// Stop ends the witness (it answers nothing after).
func (w *Witness) Stop() {
	w.cmd.Process.Kill()
	<-w.exited
}

// Logs is what the witness printed.
func (w *Witness) Logs() string { return w.logs.String() }

// startAgent starts a dedicated ssh-agent in the foreground on sock and
// waits for the line it prints once the socket is ready.
func startAgent(t TB, sock string) {
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("%v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		ready <- l
		io.Copy(io.Discard, out)
	}()
	select {
	case l := <-ready:
		if !strings.HasPrefix(l, "SSH_AUTH_SOCK=") {
			t.Fatalf("ssh-agent did not start: %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("ssh-agent did not start within 30 s")
	}
}

// addKey writes priv as an OpenSSH key file and loads it into the agent.
func addKey(t TB, dir, sock string, priv ed25519.PrivateKey) {
	block, err := ssh.MarshalPrivateKey(priv, "litewitness test key")
	if err != nil {
		t.Fatalf("%v", err)
	}
	path := filepath.Join(dir, "witness.key")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatalf("%v", err)
	}
	cmd := exec.Command("ssh-add", path)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
}

// freeAddr returns a loopback address with a port free a moment ago:
// litewitness cannot report the port it was given with :0.
func freeAddr(t TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// WaitForPort waits, with a deadline, until addr accepts connections or
// the process (exited closes when it ends) exits.
func WaitForPort(t TB, what, addr string, exited <-chan struct{}, logs fmt.Stringer) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			t.Fatalf("%s exited:\n%s", what, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("%s did not listen on %s within 30 s:\n%s", what, addr, logs)
}
