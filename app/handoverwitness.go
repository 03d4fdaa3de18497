package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// handoverWitnessForm is a witness's co-signature of a hand-over draft: the
// draft file and their own signify secret key. It is solo: no operator,
// no vault, no transcript; the result says who co-signed and who is still
// to. validate reads the draft and the key file and keeps what run uses.
type handoverWitnessForm struct {
	st        *appState
	draftPath *widget.Entry
	summary   *widget.Label
	shown     chain.Hash // the draft whose summary is shown; only it is signed
	keyPath   *widget.Entry

	// Kept by validate for run; set by run for result.
	draft, key string
	pkgName    string
	done       *ceremony.Witnessed
}

func newHandoverWitnessForm(st *appState) *handoverWitnessForm {
	f := &handoverWitnessForm{st: st, draftPath: widget.NewEntry(), summary: wrapLabel(""), keyPath: widget.NewEntry()}
	f.draftPath.SetPlaceHolder("the hand-over draft the successor sent you")
	f.draftPath.OnChanged = func(s string) { f.shown = showDraft(f.summary, s) }
	f.keyPath.SetPlaceHolder("your signify secret key (.sec); the draft names its public half")
	return f
}

func (f *handoverWitnessForm) solo()                {}
func (f *handoverWitnessForm) title() string        { return "Co-sign a hand-over draft (witness)" }
func (f *handoverWitnessForm) name() string         { return "handover-witness" }
func (f *handoverWitnessForm) stepTitles() []string { return planTitles(ceremony.WitnessPlan()) }
func (f *handoverWitnessForm) newPassphrase() bool  { return false }
func (f *handoverWitnessForm) pkg() string          { return f.pkgName }
func (f *handoverWitnessForm) hints() []string      { return nil }
func (f *handoverWitnessForm) passphraseHelp() string {
	return "The passphrase of your own witness key, the one you chose when you made it (signify -G): not a vault's. " +
		"A key made without a passphrase (signify -n) opens with anything you type."
}

func (f *handoverWitnessForm) items() []*widget.FormItem {
	draft := widget.NewFormItem("Draft", handoverFileRow(f.st, f.draftPath, nil))
	draft.HintText = "signed in place: your signature is added to this file"
	what := widget.NewFormItem("What you sign", f.summary)
	key := widget.NewFormItem("Your witness key", handoverFileRow(f.st, f.keyPath, nil))
	key.HintText = "the secret half of the public key you gave the successor"
	return []*widget.FormItem{draft, what, key}
}

func (f *handoverWitnessForm) validate() error {
	path := strings.TrimSpace(f.draftPath.Text)
	if path == "" {
		return errors.New("draft: choose the hand-over draft the successor sent you")
	}
	d, err := ceremony.ReadDraft(path)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if d.Hash() != f.shown {
		// The file changed since its summary was shown: show it again.
		f.shown = showDraft(f.summary, path)
		return fmt.Errorf("draft: %w: read what it says now, above, then tap Next again", ceremony.ErrDraftChanged)
	}
	if err := ceremony.CheckWitnessable(d); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	key := strings.TrimSpace(f.keyPath.Text)
	if key == "" {
		return errors.New("your witness key: choose your signify secret key (.sec)")
	}
	if _, err := readWitnessKey(key); err != nil {
		return fmt.Errorf("your witness key: %w", err)
	}
	f.draft, f.key, f.pkgName = path, key, d.Package
	return nil
}

// readWitnessKey reads a signify secret key file without decrypting it.
func readWitnessKey(path string) (*signify.EncryptedSecretKey, error) {
	if err := ceremony.CheckSecretKeyFile("the key", path); err != nil {
		return nil, err
	}
	data, err := ceremony.ReadFile(path, ceremony.MaxKeyFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %w", err)
	}
	defer clear(data)
	enc, err := signify.ParseSecretKey(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a signify secret key: %w", path, err)
	}
	return enc, nil
}

// run opens the witness key with the passphrase the wizard asked for and
// co-signs the draft (ceremony.WitnessDraftFile). The vault is not used.
func (f *handoverWitnessForm) run(ctx context.Context, _ *ceremony.Vault, ui *ceremony.UI, _ ceremony.Options) (*ceremony.Outcome, error) {
	// It is no vault ceremony: the form announces the plan's steps itself.
	plan := ceremony.WitnessPlan()
	step := func(i int) {
		if ui.Step != nil {
			ui.Step(i+1, len(plan), plan[i].Title)
		}
	}
	step(0)
	enc, err := readWitnessKey(f.key)
	if err != nil {
		return nil, err
	}
	var pass []byte
	if enc.Encrypted() {
		if pass, err = ui.Passphrase("passphrase of the witness key "+f.key, false); err != nil {
			return nil, err
		}
	}
	k, err := ceremony.OpenKeyFile(ctx, ui, enc, pass) // asks first when the file's KDF is slow; Cancel stops it
	clear(pass)
	if errors.Is(err, signify.ErrWrongPassphrase) {
		return nil, fmt.Errorf("wrong passphrase: your witness key %s does not open with it. Go back and enter the passphrase of that key (the one you chose when you made it)", f.key)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.key, err)
	}
	defer clear(k.Key)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	step(1)
	res, err := ceremony.WitnessDraftFile(ceremony.WitnessParams{Draft: f.draft, Key: k, Shown: &f.shown})
	if errors.Is(err, ceremony.ErrNotWitness) {
		return nil, fmt.Errorf("%s is not a key the draft names as a witness (its words: %s). The draft names: %s. Choose the secret key whose public half you gave the successor",
			f.key, k.Public("").Fingerprint().WordString(), namedWitnesses(f.draft))
	}
	if err != nil {
		return nil, err
	}
	ui.Message(ceremony.Info, untrusted.Quote(res.Name)+" co-signed the draft")
	f.done = res
	out := &ceremony.Outcome{Head: res.Draft}
	if !res.Already {
		out.Draft, out.Files = f.draft, []string{f.draft}
	}
	return out, nil
}

// namedWitnesses lists the witnesses the draft at path names, with their
// keys' words.
func namedWitnesses(path string) string {
	d, err := ceremony.ReadDraft(path)
	if err != nil {
		return "(the draft cannot be read: " + err.Error() + ")"
	}
	var named []string
	for _, w := range d.Witnesses {
		named = append(named, fmt.Sprintf("%s (%s)", untrusted.Quote(w.Name), w.Key.Fingerprint().WordString()))
	}
	return strings.Join(named, "\n")
}

// result says who co-signed, what, who is still to, and what comes next.
func (f *handoverWitnessForm) result(*ceremony.Outcome) string {
	r := f.done
	if r == nil {
		return ""
	}
	var b strings.Builder
	if r.Already {
		fmt.Fprintf(&b, "%s had already co-signed %s: nothing changed.\n\n", untrusted.Quote(r.Name), f.draft)
	} else {
		fmt.Fprintf(&b, "%s co-signed the draft %s.\n\n", untrusted.Quote(r.Name), f.draft)
	}
	fmt.Fprintf(&b, "What you signed:\n%s\n\n", draftSummary(r.Draft))
	if _, missing, err := ceremony.WitnessState(r.Draft); err == nil && len(missing) > 0 {
		fmt.Fprintf(&b, "Still to co-sign: %s.\nPass the draft on to them; each co-signs it the same way.", strings.Join(missing, ", "))
	} else {
		b.WriteString("Every witness has co-signed.\nSend the draft to the outgoing signatory: they sign it\n(Ceremonies → Sign a hand-over) and publish the chain.")
	}
	return b.String()
}
