package ceremony

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"time"
)

// ErrUnfinished is returned when a different ceremony is half done; the
// error is an *UnfinishedError.
var ErrUnfinished = errors.New("an unfinished ceremony is in the way")

// UnfinishedError is a ceremony of a package that is half done and blocks
// another: running it again with the same parameters resumes it, and
// Package.Abort drops it. It wraps ErrUnfinished.
type UnfinishedError struct {
	Package  string
	Ceremony string            // the unfinished ceremony's name, e.g. "release"
	Params   map[string]string // its parameters, which a resume must repeat
	Started  time.Time
}

func (e *UnfinishedError) Error() string {
	return fmt.Sprintf("%v: a %s ceremony for %s with %v, started %s, is not finished; run it again with the same parameters to resume it, or abort it",
		ErrUnfinished, e.Ceremony, e.Package, e.Params, e.Started.Format(time.RFC3339))
}

func (e *UnfinishedError) Unwrap() error { return ErrUnfinished }

// journal is a ceremony in progress, saved after every step (journal.json).
// Steps are idempotent over the vault's files, so a ceremony killed between
// a step's effect and its journal entry redoes the step harmlessly.
type journal struct {
	Ceremony  string            `json:"ceremony"`
	Params    map[string]string `json:"params"`
	Operator  string            `json:"operator"`
	Witnesses []string          `json:"witnesses,omitempty"`
	Started   time.Time         `json:"started"`
	Steps     []StepRecord      `json:"steps"`
	Keys      []KeyRecord       `json:"keys,omitempty"`
	Files     []FileRecord      `json:"files,omitempty"`
	Notes     []string          `json:"notes,omitempty"`
	// Data holds choices a later step needs after a resume, such as the
	// label picked for a key before it is generated.
	Data map[string]string `json:"data,omitempty"`
}

func (j *journal) set(k, v string) {
	if j.Data == nil {
		j.Data = map[string]string{}
	}
	j.Data[k] = v
}

// StepRecord is one finished step.
type StepRecord struct {
	Name     string    `json:"name"`
	Title    string    `json:"title"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Detail   string    `json:"detail,omitempty"`
}

// KeyRecord names a key a ceremony made or used, by fingerprint only.
type KeyRecord struct {
	Label       string `json:"label"`
	Role        string `json:"role"`
	Fingerprint string `json:"fingerprint"`
	Words       string `json:"words"`
}

// FileRecord is a file a ceremony hashed or wrote.
type FileRecord struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

func (j *journal) done(step string) bool {
	return slices.ContainsFunc(j.Steps, func(s StepRecord) bool { return s.Name == step })
}

func (j *journal) addKey(k KeyRecord) {
	j.Keys = slices.DeleteFunc(j.Keys, func(x KeyRecord) bool { return x.Label == k.Label && x.Role == k.Role })
	j.Keys = append(j.Keys, k)
}

func (j *journal) addFile(f FileRecord) {
	j.Files = slices.DeleteFunc(j.Files, func(x FileRecord) bool { return x.Name == f.Name })
	j.Files = append(j.Files, f)
}

// step is one named step of a ceremony.
type step struct {
	name  string
	title string
	run   func(ctx context.Context, j *journal) (detail string, err error)
}

func (p *Package) journalPath() string { return p.path("journal.json") }

func (p *Package) loadJournal() (*journal, error) {
	data, err := os.ReadFile(p.journalPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); move it aside to start over", p.journalPath(), err)
	}
	return &j, nil
}

func (p *Package) saveJournal(j *journal) error {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	return writeReplace(p.journalPath(), append(data, '\n'))
}

// Pending describes the unfinished ceremony of a package, if any.
func (p *Package) Pending() (ceremony string, params map[string]string, steps []string, err error) {
	j, err := p.loadJournal()
	if j == nil || err != nil {
		return "", nil, nil, err
	}
	for _, s := range j.Steps {
		steps = append(steps, s.Name)
	}
	return j.Ceremony, j.Params, steps, nil
}

// run executes steps (assembled from the ceremony's plan by perform)
// under the package lock, resuming a journal of the same ceremony with the
// same parameters: a step the journal records as done is skipped, by
// name. finish writes the transcript; the journal is removed only after
// it succeeds.
func (p *Package) run(ctx context.Context, s *session, name string, params map[string]string, steps []step, finish func(*journal) error) error {
	unlock, err := p.lock()
	if err != nil {
		return err
	}
	defer unlock()
	j, err := p.loadJournal()
	if err != nil {
		return err
	}
	if j != nil && (j.Ceremony != name || !maps.Equal(j.Params, params)) {
		return &UnfinishedError{Package: p.Name, Ceremony: j.Ceremony, Params: j.Params, Started: j.Started}
	}
	if j == nil {
		j = &journal{Ceremony: name, Params: params, Operator: s.opts.Operator, Witnesses: s.opts.Witnesses, Started: s.now()}
		if err := p.saveJournal(j); err != nil {
			return err
		}
	} else {
		s.ui.say(Info, "resuming the %s ceremony started %s (%d of %d steps done)", name, j.Started.Format(time.RFC3339), len(j.Steps), len(steps))
	}
	for i, st := range steps {
		if j.done(st.name) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		s.ui.step(i+1, len(steps), st.title)
		started := s.now()
		detail, err := st.run(ctx, j)
		if err != nil {
			return fmt.Errorf("%s ceremony, step %q: %w", name, st.name, err)
		}
		s.hook(st.name + ":done")
		j.Steps = append(j.Steps, StepRecord{Name: st.name, Title: st.title, Started: started, Finished: s.now(), Detail: detail})
		if err := p.saveJournal(j); err != nil {
			return err
		}
		if s.afterStep != nil {
			s.afterStep(st.name)
		}
	}
	if err := finish(j); err != nil {
		return err
	}
	return os.Remove(p.journalPath())
}

// Abort drops an unfinished ceremony's journal. Keys it generated stay in
// the vault (only a retire step deletes a key); the chain is untouched unless the ceremony already
// appended its entry, which is then simply the head.
func (p *Package) Abort() error {
	unlock, err := p.lock()
	if err != nil {
		return err
	}
	defer unlock()
	err = os.Remove(p.journalPath())
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no unfinished ceremony for %s", p.Name)
	}
	return err
}

// DropEmptyJournal runs a backup or restore ceremony. When it fails before
// any step with an effect (only the readiness check is done), it drops the
// journal the run left and returns the ceremony's name as dropped: there
// is nothing to resume, and the journal would block every other ceremony,
// a retry with another folder or backup included. A journal that was there
// before the run is left alone.
func (p *Package) DropEmptyJournal(run func() (*Outcome, error)) (out *Outcome, dropped string, err error) {
	before, _, _, _ := p.Pending()
	out, err = run()
	if err == nil || before != "" {
		return out, "", err
	}
	name, _, steps, perr := p.Pending()
	if perr != nil || name == "" {
		return out, "", err
	}
	for _, s := range steps {
		if s != "readiness" {
			return out, "", err
		}
	}
	if p.Abort() != nil {
		return out, "", err
	}
	return out, name, err
}
