package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// handoverCeremonies are the four moves of a supervised hand-over: the
// successor's request, a witness's co-signature, the outgoing signatory's
// signature and the successor's acceptance.
func handoverCeremonies() []ceremonyCard {
	const s = "Hand-over"
	return []ceremonyCard{
		{section: s, title: "Request a hand-over (successor)", button: "Request a hand-over…", icon: theme.AccountIcon(),
			text: "The successor, in their own vault: make your keys for the package and a draft hand-over entry " +
				"signed with them, naming the witnesses who will co-sign it. You then read your words aloud with the outgoing signatory.",
			help: "handover-request", form: func(st *appState) ceremonyForm { return newHandoverRequestForm(st) }},
		{section: s, title: "Co-sign as a witness", button: "Co-sign a hand-over draft…", icon: theme.VisibilityIcon(),
			text: "A witness the draft names: check what the draft does and add your signature with your own signify key. " +
				"No vault ceremony; the draft file is signed in place.",
			help: "handover-witness", form: func(st *appState) ceremonyForm { return newHandoverWitnessForm(st) }},
		{section: s, title: "Sign the hand-over (outgoing signatory)", button: "Sign a hand-over…", icon: theme.ConfirmIcon(),
			text: "The outgoing signatory: check the draft and every signature on it, compare the successor's words " +
				"out of band, and sign the hand-over with the key in force. The chain then belongs to the successor.",
			help: "handover-sign", form: func(st *appState) ceremonyForm { return newHandoverSignForm(st) }},
		{section: s, title: "Accept the hand-over (successor)", button: "Accept a hand-over…", icon: theme.DownloadIcon(),
			text: "The successor, once the hand-over is signed and published: take the published chain into your vault " +
				"and sign the next releases.",
			help: "handover-accept", form: func(st *appState) ceremonyForm { return newHandoverAcceptForm(st) }},
	}
}

// handoverRequestForm is the successor's first move: the package's
// published chain, their name, an optional reason, the witnesses and where
// to write the draft. The package is the chain's. validate reads the
// chain and keeps what run uses, so run touches no widget.
type handoverRequestForm struct {
	st        *appState
	chainPath *widget.Entry
	chainInfo *widget.Label
	nameEntry *widget.Entry
	reason    *widget.Entry
	witnesses *widget.Entry
	draftPath *widget.Entry

	// Kept by validate for run; set by run for note.
	params ceremony.HandoverRequestParams
	from   string             // the outgoing signatory's name
	draft  *chain.SignedEntry // the draft written
}

func newHandoverRequestForm(st *appState) *handoverRequestForm {
	f := &handoverRequestForm{st: st, chainPath: widget.NewEntry(), chainInfo: wrapLabel(""), nameEntry: widget.NewEntry(),
		reason: widget.NewEntry(), witnesses: widget.NewMultiLineEntry(), draftPath: widget.NewEntry()}
	f.chainPath.SetPlaceHolder("the package's chain file, as published")
	f.chainPath.OnChanged = func(string) { f.showChain() }
	f.nameEntry.SetPlaceHolder("e.g. Jane Doe, or a project's name")
	f.reason.SetPlaceHolder("optional, one line, e.g. Alice retires from the project")
	f.witnesses.SetPlaceHolder("one a line: Name=THEIR-PUBLIC-KEY (56 characters) or Name=/path/to/their.pub")
	f.witnesses.SetMinRowsVisible(3)
	f.draftPath.SetPlaceHolder("where to write the draft for the witnesses and the outgoing signatory")
	return f
}

// showChain says whose chain the chosen file is, or what is wrong with it.
func (f *handoverRequestForm) showChain() {
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
}

// draftName names the draft file after the chosen chain's package.
func (f *handoverRequestForm) draftName() string {
	if c, err := readPublishedChain(strings.TrimSpace(f.chainPath.Text)); err == nil {
		return draftFileName(c.res.Head.Package)
	}
	return draftFileName("")
}

func (f *handoverRequestForm) title() string { return "Request a hand-over (successor)" }
func (f *handoverRequestForm) name() string  { return "handover-request" }
func (f *handoverRequestForm) stepTitles() []string {
	return planTitles(ceremony.HandoverRequestPlan(f.params))
}
func (f *handoverRequestForm) newPassphrase() bool { return true }
func (f *handoverRequestForm) pkg() string         { return f.params.Package }
func (f *handoverRequestForm) hints() []string {
	return []string{f.params.Package, f.nameEntry.Text}
}

func (f *handoverRequestForm) items() []*widget.FormItem {
	ch := widget.NewFormItem("Published chain", handoverFileRow(f.st, f.chainPath, nil))
	ch.HintText = "the package is the chain's; it must verify from its genesis"
	name := widget.NewFormItem("Your name", f.nameEntry)
	name.HintText = "the successor's name, as users will see it when they consent to the hand-over"
	wit := widget.NewFormItem("Co-signing witnesses", f.witnesses)
	wit.HintText = "each co-signs the draft with their own signify key before the outgoing signatory signs; users see their names"
	draft := widget.NewFormItem("Write the draft to", handoverFileRow(f.st, f.draftPath, f.draftName))
	return []*widget.FormItem{ch, widget.NewFormItem("", f.chainInfo), name, widget.NewFormItem("Reason", f.reason), wit, draft}
}

func (f *handoverRequestForm) validate() error {
	c, err := readPublishedChain(strings.TrimSpace(f.chainPath.Text))
	if err != nil {
		return fmt.Errorf("published chain: %w", err)
	}
	pkg := c.res.Head.Package
	if es, _ := f.st.Vault.Package(pkg).Chain(); len(es) > 0 {
		return fmt.Errorf("this vault already holds the chain of %s: a successor requests the hand-over in their own vault (open or create another under Vault)", pkg)
	}
	name := strings.TrimSpace(f.nameEntry.Text)
	if err := chain.CheckName(name); err != nil {
		return fmt.Errorf("your name: %w", err)
	}
	reason := strings.TrimSpace(f.reason.Text)
	if reason != "" {
		if err := chain.CheckName(reason); err != nil {
			return fmt.Errorf("reason: %w", err)
		}
	}
	witnesses, err := parseWitnessLines(f.witnesses.Text)
	if err != nil {
		return err
	}
	draft := strings.TrimSpace(f.draftPath.Text)
	if err := checkWritable(draft); err != nil {
		return fmt.Errorf("write the draft to: %w", err)
	}
	if sameFile(draft, strings.TrimSpace(f.chainPath.Text)) {
		return errors.New("write the draft to: that is the published chain; choose a new file for the draft")
	}
	f.params = ceremony.HandoverRequestParams{Package: pkg, Name: name, Reason: reason, Chain: c.data, Witnesses: witnesses, Draft: draft}
	f.from = c.res.Name
	return nil
}

func (f *handoverRequestForm) run(ctx context.Context, v *ceremony.Vault, ui *ceremony.UI, opts ceremony.Options) (*ceremony.Outcome, error) {
	out, err := v.HandoverRequest(ctx, ui, opts, f.params)
	if err != nil {
		return nil, err
	}
	if f.draft, err = ceremony.ReadDraft(f.params.Draft); err != nil {
		return nil, fmt.Errorf("the draft was written but cannot be read back: %w", err)
	}
	return out, nil
}

// note makes the successor's recovery key words prominent (they read them
// aloud with the outgoing signatory) and says what comes next.
func (f *handoverRequestForm) note(*ceremony.Outcome) string {
	d := f.draft
	if d == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Read these words aloud with \u201c%s\u201d (a call, in person) before they sign. They are your new recovery key's:\n\n", f.from)
	fmt.Fprintf(&b, "        %s\n\n", d.Recovery.Fingerprint().WordString())
	fmt.Fprintf(&b, "Once the hand-over is signed, you are signatory %s of %s (position %d). Users asked to consent to the hand-over compare these words too: publish them.\n\n",
		chain.SignatoryOf(d.Recovery), d.Package, d.Position)
	fmt.Fprintf(&b, "The draft: %s\nNext:\n", f.params.Draft)
	step := 1
	if len(d.Witnesses) > 0 {
		var names []string
		for _, w := range d.Witnesses {
			names = append(names, w.Name)
		}
		fmt.Fprintf(&b, "  %d. each witness co-signs the draft (%s): Ceremonies → Co-sign a hand-over draft\n", step, strings.Join(names, ", "))
		step++
	}
	fmt.Fprintf(&b, "  %d. \u201c%s\u201d signs it and publishes the chain: Ceremonies → Sign a hand-over\n", step, f.from)
	fmt.Fprintf(&b, "  %d. you take the published chain into this vault: Ceremonies → Accept a hand-over", step+1)
	return b.String()
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
