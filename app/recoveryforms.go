package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// recoverySection is the Ceremonies screen's section of these cards.
const recoverySection = "When something went wrong"

// recoveryCeremonies are the ceremonies for when something went wrong: a
// re-key (from the vault's recovery key or from shares), an emergency
// entry, and adopting (forking) a chain.
func recoveryCeremonies() []ceremonyCard {
	return []ceremonyCard{
		{section: recoverySection, title: "Re-key", button: "Re-key…", icon: theme.ViewRefreshIcon(),
			text: "The key in force is lost or stolen: the recovery key (from the vault, or rebuilt from M of N share sheets) " +
				"signs a re-key entry announcing a new key. Every user is asked to consent, and reads your reason.",
			help: "rekey", form: func(st *appState) ceremonyForm { return newRekeyForm(st) }},
		{section: recoverySection, title: "Emergency switch", button: "Emergency switch…", icon: theme.WarningIcon(),
			text: "Ed25519 can no longer be trusted: reveal the ML-DSA-65 key the genesis committed to and sign an emergency entry " +
				"announcing a new key. Every client asks its user before crossing it. Only for chains started with an emergency key.",
			help: "emergency", form: func(st *appState) ceremonyForm { return newEmergencyForm(st) }},
		{section: recoverySection, title: "Adopt (fork) a chain", button: "Adopt a chain…", icon: theme.ContentCopyIcon(),
			text: "The signatory is gone and cannot hand over: start a new, independent chain for their package, as a new signatory. " +
				"Its transcript records the chain it forks; users must trust you deliberately.",
			help: "adopt", form: func(st *appState) ceremonyForm { return newAdoptForm(st) }},
	}
}

// newReasonEntry asks for the one line users read when asked to consent.
func newReasonEntry(example string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(example)
	return e
}

// checkReason checks the reason users will read.
func checkReason(reason, why string) error {
	if reason == "" {
		return fmt.Errorf("reason: say in one line %s; every user reads it when asked to consent", why)
	}
	if err := chain.CheckReason(reason); err != nil {
		return fmt.Errorf("reason: %w", err)
	}
	return nil
}

// emergencyForm asks for an emergency switch: the package and the reason.
type emergencyForm struct {
	st      *appState
	pkgPick *widget.Select
	reason  *widget.Entry
}

func newEmergencyForm(st *appState) *emergencyForm {
	// Only a chain started with an emergency key can switch to it.
	ready := func(p *ceremony.Package) bool { return p.EmergencyReady() == nil }
	return &emergencyForm{st: st, pkgPick: packagePickWhere(st, ready, nil),
		reason: newReasonEntry("e.g. Ed25519 is broken: switching to the committed ML-DSA-65 key")}
}

func (f *emergencyForm) title() string { return "Emergency switch" }
func (f *emergencyForm) name() string  { return "emergency" }
func (f *emergencyForm) stepTitles() []string {
	return planTitles(ceremony.EmergencyPlan(ceremony.EmergencyParams{Package: f.pkg()}))
}
func (f *emergencyForm) newPassphrase() bool { return false }
func (f *emergencyForm) pkg() string         { return f.pkgPick.Selected }
func (f *emergencyForm) hints() []string     { return []string{f.pkg()} }
func (f *emergencyForm) passphraseHelp() string {
	return "The passphrase of this package's keys. The emergency key (keys/emergency.sec) was encrypted with it at genesis: " +
		"it is checked on a key of the package before the replacement key is encrypted with it."
}

func (f *emergencyForm) items() []*widget.FormItem {
	what := widget.NewLabel("This reveals the ML-DSA-65 key the chain's genesis committed to and signs an emergency entry with it, " +
		"announcing a fresh replacement key. Every client asks its user before crossing the entry, and accepts it only because " +
		"an entry they already trusted committed to that key. Use it only if Ed25519 signatures can no longer be trusted; " +
		"for a lost or stolen key, re-key instead.")
	what.Wrapping = fyne.TextWrapWord
	reason := widget.NewFormItem("Reason", f.reason)
	reason.HintText = "one line, shown to every user asked to consent to the switch"
	return []*widget.FormItem{
		widget.NewFormItem("What it does", what),
		widget.NewFormItem("Package", f.pkgPick),
		reason,
	}
}

func (f *emergencyForm) validate() error {
	if len(f.pkgPick.Options) == 0 {
		return errors.New("package: this vault has no emergency key for any package: it is made only at genesis (New chain, " +
			"with the emergency key) and cannot be added later; if the key in force is lost or stolen, re-key instead")
	}
	if f.pkg() == "" {
		return errors.New("package: choose the package to switch")
	}
	if err := checkReason(strings.TrimSpace(f.reason.Text), "why Ed25519 keys can no longer be trusted"); err != nil {
		return err
	}
	return f.st.Vault.Package(f.pkg()).EmergencyReady()
}

func (f *emergencyForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	p := v.Package(f.pkg())
	if err := p.EmergencyReady(); err != nil {
		return nil, err
	}
	return v.Emergency(ctx, ui, opts, ceremony.EmergencyParams{Package: f.pkg(), Reason: strings.TrimSpace(f.reason.Text)})
}
