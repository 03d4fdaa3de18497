package ceremony

import (
	"fmt"
	"time"

	"github.com/baton-signing/baton/chain/signify"
)

// Options are the settings every ceremony shares.
type Options struct {
	Operator       string   // who runs the ceremony (required)
	Witnesses      []string // who watches it
	RequireOffline bool     // refuse to run with a network interface up
	// Repo is the package's source repository; when set, signing refuses a
	// key whose secret text appears in its files or history.
	Repo string
	// Now returns the time (time.Now when nil); tests fix it.
	Now func() time.Time
	// Hook is called at crash points "<step>:done" (the step's effect is on
	// disk, the journal not yet updated) and "<step>:saved". Tests kill the
	// process there.
	Hook func(point string)
}

// minPassphrase is the shortest passphrase Baton accepts for new keys.
const minPassphrase = 8

// session is one ceremony run: the UI, the options, and the passphrase,
// asked once and wiped at the end.
type session struct {
	ui        *UI
	opts      Options
	pass      []byte
	newPass   bool // pass was set in this session as a new passphrase (asked twice)
	afterStep func(string)
	keys      map[string]*signify.SecretKey // decrypted this session, by path; wiped at close
}

func newSession(ui *UI, opts Options) (*session, error) {
	if opts.Operator == "" {
		return nil, fmt.Errorf("a ceremony needs an operator name: the transcript records who did it")
	}
	s := &session{ui: ui, opts: opts}
	if opts.Hook != nil {
		s.afterStep = func(step string) { opts.Hook(step + ":saved") }
	}
	return s, nil
}

func (s *session) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *session) hook(point string) {
	if s.opts.Hook != nil {
		s.opts.Hook(point)
	}
}

// passphrase returns the package passphrase, asking once per session.
// confirm asks for a new passphrase (twice) and enforces a minimum length.
func (s *session) passphrase(p *Package, confirm bool) ([]byte, error) {
	if s.pass != nil {
		return s.pass, nil
	}
	prompt := fmt.Sprintf("passphrase for the keys of %s", p.Name)
	if confirm {
		prompt = fmt.Sprintf("new passphrase for the keys of %s (at least %d characters)", p.Name, minPassphrase)
	}
	pass, err := s.ui.passphrase(prompt, confirm)
	if err != nil {
		return nil, err
	}
	if len(pass) == 0 {
		return nil, fmt.Errorf("empty passphrase: Baton never stores a secret key unencrypted")
	}
	if confirm && len(pass) < minPassphrase {
		clear(pass)
		return nil, fmt.Errorf("passphrase too short: use at least %d characters (a few random words are best)", minPassphrase)
	}
	s.pass, s.newPass = pass, confirm
	return pass, nil
}

// forget drops a passphrase that turned out wrong, so the next use asks again.
func (s *session) forget() {
	clear(s.pass)
	s.pass, s.newPass = nil, false
}

func (s *session) close() {
	s.forget()
	for p, k := range s.keys {
		clear(k.Key)
		delete(s.keys, p)
	}
}
