package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// handoverSignForm is the outgoing signatory's move: the package and the
// draft every witness co-signed. validate refuses a draft of another
// package or one a witness has not signed yet; run reads the draft afresh.
type handoverSignForm struct {
	st        *appState
	pkgPick   *widget.Select
	draftPath *widget.Entry
	summary   *widget.Label

	draft     string // kept by validate for run
	successor string
}

func newHandoverSignForm(st *appState) *handoverSignForm {
	f := &handoverSignForm{st: st, pkgPick: packagePick(st, nil), draftPath: widget.NewEntry(), summary: wrapLabel("")}
	f.draftPath.SetPlaceHolder("the hand-over draft, co-signed by every witness it names")
	f.draftPath.OnChanged = func(s string) { showDraft(f.summary, s) }
	return f
}

func (f *handoverSignForm) title() string        { return "Sign a hand-over (outgoing signatory)" }
func (f *handoverSignForm) name() string         { return "handover-sign" }
func (f *handoverSignForm) stepTitles() []string { return planTitles(ceremony.HandoverSignPlan()) }
func (f *handoverSignForm) newPassphrase() bool  { return false }
func (f *handoverSignForm) pkg() string          { return f.pkgPick.Selected }
func (f *handoverSignForm) hints() []string      { return []string{f.pkg()} }
func (f *handoverSignForm) passphraseHelp() string {
	return "The passphrase of this package's keys in this vault: the key in force signs the hand-over entry and the transcript."
}

func (f *handoverSignForm) items() []*widget.FormItem {
	draft := widget.NewFormItem("Draft", handoverFileRow(f.st, f.draftPath, nil))
	draft.HintText = "before you sign, you will read the successor's words aloud with them"
	return []*widget.FormItem{widget.NewFormItem("Package", f.pkgPick), draft, widget.NewFormItem("What you sign", f.summary)}
}

func (f *handoverSignForm) validate() error {
	pkg := f.pkg()
	if pkg == "" {
		return errors.New("package: choose the package you hand over")
	}
	path := strings.TrimSpace(f.draftPath.Text)
	if path == "" {
		return errors.New("draft: choose the hand-over draft the successor made")
	}
	d, err := ceremony.ReadDraft(path)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if d.Package != pkg {
		return fmt.Errorf("draft: it hands over %s, not %s: choose %s as the package", d.Package, pkg, d.Package)
	}
	_, missing, err := ceremony.WitnessState(d)
	if err != nil {
		return fmt.Errorf("draft: %w; nothing was signed", err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("witness %s has not co-signed the draft yet; nothing was signed. Still to co-sign: %s. Each of them co-signs it first (Ceremonies → Co-sign a hand-over draft), then sign it here",
			untrusted.Quote(missing[0]), strings.Join(untrusted.QuoteAll(missing), ", "))
	}
	f.draft, f.successor = path, d.Name
	return nil
}

// run signs the draft after the words comparison the ceremony asks for; a
// "No" there stops it with nothing signed.
func (f *handoverSignForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	d, err := ceremony.ReadDraft(f.draft)
	if err != nil {
		return nil, err
	}
	declined := false
	asked := *ui
	asked.Confirm = func(q string) (bool, error) {
		ok, err := ui.Confirm(q)
		declined = err == nil && !ok
		return ok, err
	}
	out, err := v.HandoverSign(ctx, &asked, opts, ceremony.HandoverSignParams{Package: f.pkg(), Draft: d})
	if err != nil && declined {
		return nil, fmt.Errorf("you did not confirm the hand-over of %s to %s: nothing was signed. Run it again once you have read the words aloud with them and they matched (it resumes), or abort the unfinished hand-over under Ceremonies",
			f.pkg(), untrusted.Quote(d.Name))
	}
	return out, err
}

// note says which file to publish and what comes next.
func (f *handoverSignForm) note(out *ceremony.Outcome) string {
	if out == nil || out.Chain == "" {
		return ""
	}
	return fmt.Sprintf("You handed %s over to \u201c%s\u201d; this vault's keys for it no longer sign anything.\n\n"+
		"Publish the chain file where the package is distributed:\n        %s\n\n"+
		"Then \u201c%s\u201d takes it into their vault (Ceremonies → Accept a hand-over). Every user who trusts %s will be asked to consent to the hand-over before they accept a release \u201c%s\u201d signs.",
		f.pkg(), f.successor, out.Chain, f.successor, f.pkg(), f.successor)
}

// handoverAcceptForm is the successor's last move: the published chain,
// whose head must be the hand-over to this vault's new keys. The package
// is offered from the chain file once it is chosen (the vault holds no
// chain for it yet).
type handoverAcceptForm struct {
	st        *appState
	pkgPick   *widget.Select
	chainPath *widget.Entry
	chainInfo *widget.Label

	data []byte // kept by validate for run
}

func newHandoverAcceptForm(st *appState) *handoverAcceptForm {
	f := &handoverAcceptForm{st: st, pkgPick: packagePick(st, nil), chainPath: widget.NewEntry(), chainInfo: wrapLabel("")}
	f.chainPath.SetPlaceHolder("the chain the outgoing signatory published after signing")
	f.chainPath.OnChanged = func(string) { f.showChain() }
	return f
}

// showChain says whose chain the chosen file is and offers its package.
func (f *handoverAcceptForm) showChain() {
	path := strings.TrimSpace(f.chainPath.Text)
	if path == "" {
		f.chainInfo.SetText("")
		return
	}
	c, err := readPublishedChain(path)
	if err != nil {
		f.chainInfo.SetText(err.Error())
		return
	}
	f.chainInfo.SetText(c.describe())
	if pkg := c.res.Head.Package; !slices.Contains(f.pkgPick.Options, pkg) {
		f.pkgPick.SetOptions(append(f.pkgPick.Options, pkg))
	}
	if f.pkgPick.Selected == "" {
		f.pkgPick.SetSelected(c.res.Head.Package)
	}
}

func (f *handoverAcceptForm) title() string        { return "Accept a hand-over (successor)" }
func (f *handoverAcceptForm) name() string         { return "handover-accept" }
func (f *handoverAcceptForm) stepTitles() []string { return planTitles(ceremony.HandoverAcceptPlan()) }
func (f *handoverAcceptForm) newPassphrase() bool  { return false }
func (f *handoverAcceptForm) pkg() string          { return f.pkgPick.Selected }
func (f *handoverAcceptForm) hints() []string      { return []string{f.pkg()} }
func (f *handoverAcceptForm) passphraseHelp() string {
	return "The passphrase you chose for your new keys when you requested the hand-over: your release key signs the transcript."
}

func (f *handoverAcceptForm) items() []*widget.FormItem {
	ch := widget.NewFormItem("Published chain", handoverFileRow(f.st, f.chainPath, nil))
	ch.HintText = "its head must be the hand-over to the keys this vault made for your request"
	return []*widget.FormItem{widget.NewFormItem("Package", f.pkgPick), ch, widget.NewFormItem("", f.chainInfo)}
}

func (f *handoverAcceptForm) validate() error {
	c, err := readPublishedChain(strings.TrimSpace(f.chainPath.Text))
	if err != nil {
		return fmt.Errorf("published chain: %w", err)
	}
	pkg := f.pkg()
	if pkg == "" {
		return errors.New("package: choose the package handed over to you")
	}
	if got := c.res.Head.Package; got != pkg {
		return fmt.Errorf("published chain: %s is the chain of %s, not %s", c.path, got, pkg)
	}
	if _, err := f.st.Vault.Package(pkg).PublicKey("K1"); err != nil {
		return fmt.Errorf("this vault has no hand-over request for %s: open the vault where you requested it", pkg)
	}
	f.data = c.data
	return nil
}

// run takes the chain into the vault. A refusal of the chain (its head is
// not the hand-over to this vault's keys, or not the draft this vault
// signed) says which chain to take instead.
func (f *handoverAcceptForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	out, err := v.HandoverAccept(ctx, ui, opts, ceremony.HandoverAcceptParams{Package: f.pkg(), Chain: f.data})
	switch {
	case err == nil, errors.Is(err, signify.ErrWrongPassphrase), errors.Is(err, context.Canceled), errors.Is(err, ceremony.ErrUnfinished):
		return out, err
	}
	return nil, fmt.Errorf("%w.\nNothing was taken into the vault. Close, and choose the chain the outgoing signatory published after signing your hand-over", err)
}

// note says that the package is now the successor's and what comes next.
func (f *handoverAcceptForm) note(out *ceremony.Outcome) string {
	if out == nil || out.Head == nil || out.Chain == "" {
		return ""
	}
	h := out.Head
	return fmt.Sprintf("You now hold %s: its chain (%s) is in your vault, signatory %s (%s). "+
		"Your next release is signed with the key the hand-over announced (Ceremonies → Release…). Keep publishing the chain from:\n        %s",
		f.pkg(), entryCount(h.Position), chain.SignatoryOf(h.Recovery), untrusted.Quote(h.Name), out.Chain)
}
