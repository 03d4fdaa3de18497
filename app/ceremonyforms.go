package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// ceremonyForm is what differs between the ceremonies a wizard runs: the
// details asked for, how they are checked and how the ceremony is run.
type ceremonyForm interface {
	title() string
	name() string         // as in transcripts: "genesis", "release"
	stepTitles() []string // the steps the ceremony announces, in order
	newPassphrase() bool  // the keys get a new passphrase (ask twice, rate it)
	items() []*widget.FormItem
	validate() error
	pkg() string     // the package the ceremony is for
	hints() []string // words a passphrase should not lean on
	// run runs the ceremony, off the UI goroutine. It may read the form's
	// own widgets: nothing changes them while it runs (the details page is
	// hidden and no form follows appState changes). It changes no widget and
	// touches no other UI; it talks to the person only through ui (and the
	// ask a questioner was given).
	run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error)
}

// A form may also have these behaviours; the wizard asks for them.
type (
	// passphraseHelper says which passphrase the form asks for (when it is
	// not a new one) and what it unlocks.
	passphraseHelper interface{ passphraseHelp() string }
	// solo marks a form one person runs for themselves outside any vault
	// ceremony (a witness's co-signature): no operator or witnesses are
	// asked, and no transcript is signed.
	solo interface{ solo() }
	// resulter describes what a ceremony that signs no transcript did; the
	// wizard shows it where a transcript would be.
	resulter interface {
		result(out *ceremony.Outcome) string
	}
	// slowChecker has checks too slow for the UI goroutine (reading and
	// decoding files). slowCheck runs on the UI goroutine after validate
	// and returns the check, which runs on another goroutine and so must
	// touch no widget: it works on values slowCheck read.
	slowChecker interface {
		slowCheck() func() error
	}
	// failureExplainer words the form's own failures where the generic
	// words would mislead (a restore has no key in the vault to open); ""
	// leaves err to the generic words.
	failureExplainer interface {
		failureText(err error) string
	}
	// questioner has its ceremony ask typed questions (the re-key's
	// ceremony.RetireQuestion), which the app words as choices itself
	// rather than reading the ceremony's words: before run, the wizard
	// gives it ask, which shows a choice and waits for the answer.
	questioner interface {
		useAsk(ask askFunc)
	}
	// noter says, over a signed transcript, what the ceremony did and
	// what is left to do (where the backups are, what to print).
	noter interface {
		note(out *ceremony.Outcome) string
	}
)

// askFunc shows the choice word makes for the package the ceremony works
// on (nil when none) and waits for the answer, true for its action;
// question is the question's text, for the log.
type askFunc func(question string, word func(p *ceremony.Package) choice) (bool, error)

// planTitles are the titles of a ceremony's plan (ceremony.GenesisPlan
// and the like): the steps a form shows ahead of time, which the stepper
// then follows as the ceremony announces them (ceremony.UI.Step).
func planTitles(plan []ceremony.Step) []string {
	titles := make([]string, len(plan))
	for i, s := range plan {
		titles[i] = s.Title
	}
	return titles
}

// genesisForm asks for a new chain: the package, the signatory (a new
// one, or the signatory of another package of the vault) and its name.
type genesisForm struct {
	pkgEntry  *widget.Entry
	nameEntry *widget.Entry
	// signatory picks newSignatory or "the signatory of PKG": a chain
	// under an existing signatory shares PKG's recovery key and
	// passphrase, so users who trust it for PKG need not compare words.
	signatory *widget.Select
	held      map[string]string // option -> the package whose signatory it is
	// emergency makes the ML-DSA-65 emergency key the genesis commits to:
	// the Emergency switch needs it, and it cannot be added later.
	emergency *widget.Check
}

const newSignatory = "A new signatory (a new recovery key)"

func newGenesisForm(st *appState) *genesisForm {
	f := &genesisForm{pkgEntry: widget.NewEntry(), nameEntry: widget.NewEntry(), held: map[string]string{},
		emergency: widget.NewCheck("Also make an emergency key (ML-DSA-65)", nil)}
	f.pkgEntry.SetPlaceHolder("e.g. example.org/hello, as the package's ecosystem spells it")
	f.nameEntry.SetPlaceHolder("e.g. Jane Doe, or a project's name: what users will see")
	options := []string{newSignatory}
	names := signatoriesHeld(st)
	for pkg, name := range names {
		o := fmt.Sprintf("The signatory of %s (%s)", pkg, untrusted.Quote(name))
		f.held[o] = pkg
		options = append(options, o)
	}
	sort.Strings(options[1:])
	f.signatory = widget.NewSelect(options, func(o string) {
		if pkg := f.held[o]; pkg != "" && f.nameEntry.Text == "" {
			f.nameEntry.SetText(names[pkg])
		}
	})
	f.signatory.SetSelected(newSignatory)
	return f
}

// signatoriesHeld maps each package of the vault whose chain this vault
// holds the signatory's recovery key of to that signatory's name.
func signatoriesHeld(st *appState) map[string]string {
	out := map[string]string{}
	if st == nil || st.Vault == nil {
		return out
	}
	names, _ := st.Vault.Packages()
	for _, pkg := range names {
		p := st.Vault.Package(pkg)
		es, err := p.Chain()
		rec, kerr := p.PublicKey("recovery")
		if err != nil || kerr != nil || len(es) == 0 {
			continue
		}
		if h := ceremony.HeldBy(es); h.Recovery.Equal(rec) {
			out[pkg] = h.Name
		}
	}
	return out
}

func (f *genesisForm) title() string        { return "New chain (genesis)" }
func (f *genesisForm) name() string         { return "genesis" }
func (f *genesisForm) stepTitles() []string { return planTitles(ceremony.GenesisPlan(f.params())) }
func (f *genesisForm) signatoryOf() string  { return f.held[f.signatory.Selected] }

// newPassphrase: a chain under an existing signatory takes that
// package's passphrase, which its recovery key is encrypted with.
func (f *genesisForm) newPassphrase() bool { return f.signatoryOf() == "" }
func (f *genesisForm) pkg() string         { return strings.TrimSpace(f.pkgEntry.Text) }

// passphraseHelp says whose passphrase is asked, under an existing signatory.
func (f *genesisForm) passphraseHelp() string {
	return "The passphrase of " + f.signatoryOf() + "'s keys: its recovery key opens with it and is shared with the new chain, whose keys are encrypted with the same passphrase."
}
func (f *genesisForm) hints() []string { return []string{f.pkg(), f.nameEntry.Text} }
func (f *genesisForm) items() []*widget.FormItem {
	pkg := widget.NewFormItem("Package", f.pkgEntry)
	sig := widget.NewFormItem("Signatory", f.signatory)
	sig.HintText = "the signatory of another package shares its recovery key and passphrase: its users trust this package without comparing words again"
	name := widget.NewFormItem("Signatory name", f.nameEntry)
	name.HintText = "written into the genesis entry; users see it when they first trust the chain"
	em := widget.NewFormItem("Emergency key", f.emergency)
	em.HintText = "a post-quantum key kept offline, for the day Ed25519 can no longer be trusted (the Emergency switch); only now, never later"
	return []*widget.FormItem{pkg, sig, name, em}
}

func (f *genesisForm) validate() error {
	if err := chain.CheckPackage(f.pkg()); err != nil {
		return fmt.Errorf("package: %w", err)
	}
	if err := chain.CheckName(strings.TrimSpace(f.nameEntry.Text)); err != nil {
		return fmt.Errorf("signatory name: %w", err)
	}
	return nil
}

func (f *genesisForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	return v.Genesis(ctx, ui, opts, f.params())
}

func (f *genesisForm) params() ceremony.GenesisParams {
	return ceremony.GenesisParams{Package: f.pkg(), Name: strings.TrimSpace(f.nameEntry.Text), EmergencyKey: f.emergency.Checked, SignatoryOf: f.signatoryOf()}
}

// releaseForm asks for a release: the package, the version and the
// directory holding its files.
type releaseForm struct {
	st       *appState
	pkgPick  *widget.Select
	version  *widget.Entry
	dirEntry *widget.Entry
	// includeDotfiles is ticked on the review page (review.go).
	includeDotfiles bool
	// resumed: the form repeats an unfinished release's journalled
	// details (resume.go), which are locked, the dotfiles choice included.
	resumed bool
}

func newReleaseForm(st *appState) *releaseForm {
	f := &releaseForm{st: st, pkgPick: packagePick(st, nil), version: widget.NewEntry(), dirEntry: widget.NewEntry()}
	f.version.SetPlaceHolder("e.g. 2.1.0")
	f.dirEntry.SetPlaceHolder("the directory holding the release files (all are hashed)")
	return f
}

func (f *releaseForm) title() string        { return "Release" }
func (f *releaseForm) name() string         { return "release" }
func (f *releaseForm) stepTitles() []string { return planTitles(ceremony.ReleasePlan(f.params())) }
func (f *releaseForm) newPassphrase() bool  { return false }
func (f *releaseForm) pkg() string          { return f.pkgPick.Selected }
func (f *releaseForm) hints() []string      { return []string{f.pkg()} }
func (f *releaseForm) items() []*widget.FormItem {
	dir := widget.NewFormItem("Release files", withChooser(f.dirEntry, theme.FolderOpenIcon(), func() { askFolderPath(f.st.Window, f.dirEntry.SetText) }))
	dir.HintText = "its files, subfolders included, are listed for review before anything is signed"
	return []*widget.FormItem{
		widget.NewFormItem("Package", f.pkgPick),
		widget.NewFormItem("Version", f.version),
		dir,
	}
}

func (f *releaseForm) validate() error {
	if f.pkg() == "" {
		return errors.New("package: choose the package to release")
	}
	if err := chain.CheckVersion(strings.TrimSpace(f.version.Text)); err != nil {
		return fmt.Errorf("version: %w", err)
	}
	if d := strings.TrimSpace(f.dirEntry.Text); d == "" || !dirExists(d) {
		return fmt.Errorf("release files: %q is not a directory", d)
	}
	return nil
}

func (f *releaseForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	return v.Release(ctx, ui, opts, f.params())
}

func (f *releaseForm) params() ceremony.ReleaseParams {
	return ceremony.ReleaseParams{Package: f.pkg(), Version: strings.TrimSpace(f.version.Text), Dir: strings.TrimSpace(f.dirEntry.Text),
		IncludeDotfiles: f.includeDotfiles}
}
