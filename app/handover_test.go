package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// wantAnnounced checks the stepper against the form's step titles and
// every step the ceremony announced in the log against them.
func (s *handoverScene) wantAnnounced(t *testing.T, wz *wizard, want []string) {
	t.Helper()
	if strings.Join(wz.steps.titles, "|") != strings.Join(want, "|") {
		t.Errorf("the stepper shows %q, the form expects %q", wz.steps.titles, want)
	}
	expected := map[string]bool{}
	for i, title := range want {
		expected[fmt.Sprintf("step %d of %d: %s", i+1, len(want), title)] = true
	}
	announced := 0
	for _, l := range wz.logLines {
		if !strings.HasPrefix(l, "step ") {
			continue
		}
		announced++
		if !expected[l] {
			t.Errorf("announced %q, the form expects %q", l, want)
		}
	}
	if announced == 0 {
		t.Error("no step was announced")
	}
}

// snap checks the window draws as a page, not a blank one.
func (s *handoverScene) snap(t *testing.T, st *appState, name string) {
	t.Helper()
	wantDrawn(t, st.Window, "handover-"+name)
}

func TestHandoverThroughTheFourWizards(t *testing.T) {
	st, _ := newTestState(t)
	s := newHandoverScene(t)
	before, _ := os.ReadFile(s.published)

	// 1. Bob requests the hand-over in his own vault. A witness line that
	// does not parse, and a chain that does not verify, are refused.
	s.use(st, s.bob)
	c, wz := s.fillRequest(t, st, s.published, "Carol Witness=not-a-key")
	if msg := s.next(t, c, wz); !strings.Contains(msg, "witnesses, line 1") || !strings.Contains(msg, "nor a readable .pub file") {
		t.Errorf("bad witness line: %q", msg)
	}
	wz.form.(*handoverRequestForm).witnesses.SetText("Carol Witness=" + s.carol.Public("").String() + "\nCarol Again=" + s.carol.Public("").String())
	if msg := s.next(t, c, wz); !strings.Contains(msg, "the same witness") {
		t.Errorf("the same witness twice: %q", msg)
	}
	wz.form.(*handoverRequestForm).witnesses.SetText("\nCarol Witness=" + s.carol.Public("").String() + "\n")
	tampered := s.write(t, "tampered-chain", bytes.Replace(before, []byte("version 1.0.0"), []byte("version 1.0.1"), 1))
	wz.form.(*handoverRequestForm).chainPath.SetText(tampered)
	if !showsIn(c.root, "does not verify") {
		t.Errorf("the tampered chain is not flagged as it is chosen; visible %q", visibleTexts(c.root))
	}
	if msg := s.next(t, c, wz); !strings.Contains(msg, "published chain: the chain "+tampered+" does not verify") {
		t.Errorf("tampered chain: %q", msg)
	}
	wz.form.(*handoverRequestForm).chainPath.SetText(s.published)
	wz.form.(*handoverRequestForm).draftPath.SetText(s.published)
	if msg := s.next(t, c, wz); !strings.Contains(msg, "that is the published chain") {
		t.Errorf("the draft over the published chain: %q", msg)
	}
	wz.form.(*handoverRequestForm).draftPath.SetText(s.draft)
	if !showsIn(c.root, `held by "Demo Maintainer (demo vault)"`) {
		t.Errorf("the chain's holder is not shown; visible %q", visibleTexts(c.root))
	}
	s.snap(t, st, "request-details")
	if msg := s.next(t, c, wz); msg != "" {
		t.Fatalf("good request refused: %s", msg)
	}
	if !showsIn(c.root, "Once more") {
		t.Error("the successor's new passphrase is not asked twice")
	}
	s.start(t, c, wz, strongPass)
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("request: page %d, error %v", wz.page, wz.err)
	}
	s.wantAnnounced(t, wz, planTitles(ceremony.HandoverRequestPlan(ceremony.HandoverRequestParams{})))
	s.snap(t, st, "request-done")
	rec, err := s.bob.Package(ceremony.DemoPackage).PublicKey("recovery")
	if err != nil {
		t.Fatal(err)
	}
	words := rec.Fingerprint().WordString()
	for _, want := range []string{"Read these words aloud with \u201cDemo Maintainer (demo vault)\u201d", words,
		"you are signatory " + string(chain.SignatoryOf(rec)), "1. each witness co-signs the draft (Carol Witness)", "Sign a hand-over", "Accept a hand-over"} {
		if !showsIn(c.root, want) {
			t.Errorf("the request's result does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
	if !strings.Contains(wz.transView.Text, "ceremony:  handover-request") {
		t.Errorf("transcript:\n%s", wz.transView.Text)
	}
	unsigned, err := os.ReadFile(s.draft)
	if err != nil {
		t.Fatal(err)
	}
	unsignedPath := s.write(t, "unsigned.draft", unsigned)

	// 2. Carol co-signs: a draft swapped after she was shown it, a wrong
	// passphrase, then a key the draft does not name, change nothing; then
	// her key with her passphrase.
	{
		c, wz := openWizard(t, st, "Co-sign a hand-over draft…")
		f := wz.form.(*handoverWitnessForm)
		f.draftPath.SetText(s.draft)
		f.keyPath.SetText(s.carolSec)
		swapped := bytes.Replace(unsigned, []byte("Demo Maintainer retires"), []byte("Demo Maintainer retires early"), 1)
		// Swapped while its summary is read: Next shows the new one first.
		if err := os.WriteFile(s.draft, swapped, 0o644); err != nil {
			t.Fatal(err)
		}
		if msg := s.next(t, c, wz); !strings.Contains(msg, "the draft changed since it was shown") || !showsIn(c.root, "Demo Maintainer retires early") {
			t.Errorf("a draft swapped while shown: %q; visible %q", msg, visibleTexts(c.root))
		}
		if err := os.WriteFile(s.draft, unsigned, 0o644); err != nil {
			t.Fatal(err)
		}
		f.draftPath.SetText("")
		f.draftPath.SetText(s.draft)
		if msg := s.next(t, c, wz); msg != "" {
			t.Fatalf("witness details refused: %s", msg)
		}
		// Swapped after Next: the co-signature refuses it.
		if err := os.WriteFile(s.draft, swapped, 0o644); err != nil {
			t.Fatal(err)
		}
		s.start(t, c, wz, carolPass)
		idle(st)
		if !errors.Is(wz.err, ceremony.ErrDraftChanged) || !showsIn(c.root, "the draft changed since it was shown") {
			t.Errorf("a draft swapped after it was shown: %v; visible %q", wz.err, visibleTexts(c.root))
		}
		if now, _ := os.ReadFile(s.draft); !bytes.Equal(now, swapped) {
			t.Error("the swapped draft was signed")
		}
		if err := os.WriteFile(s.draft, unsigned, 0o644); err != nil {
			t.Fatal(err)
		}
		test.Tap(findButton(t, c.root, "Close"))
		idle(st)
	}
	c, wz = s.witness(t, st, s.carolSec, "not carol's")
	if !strings.Contains(wz.form.(*handoverWitnessForm).summary.Text, "still to sign:\n  \"Carol Witness\"") {
		t.Errorf("the witness state is not shown: %q", wz.form.(*handoverWitnessForm).summary.Text)
	}
	if wz.err == nil || !showsIn(c.root, "wrong passphrase: your witness key "+s.carolSec+" does not open with it") {
		t.Errorf("wrong passphrase: %v; visible %q", wz.err, visibleTexts(c.root))
	}
	s.snap(t, st, "witness-wrong-passphrase")
	c, wz = s.witness(t, st, s.strange, carolPass)
	s.snap(t, st, "witness-stranger")
	if wz.err == nil || !showsIn(c.root, "is not a key the draft names as a witness") || !showsIn(c.root, `The draft names: "Carol Witness" (`) {
		t.Errorf("a stranger's key: %v; visible %q", wz.err, visibleTexts(c.root))
	}
	if now, _ := os.ReadFile(s.draft); !bytes.Equal(now, unsigned) {
		t.Fatal("a failed co-signature changed the draft")
	}
	c, wz = s.witness(t, st, s.carolSec, carolPass)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("witness: page %d, error %v", wz.page, wz.err)
	}
	s.wantAnnounced(t, wz, planTitles(ceremony.WitnessPlan()))
	s.snap(t, st, "witness-done")
	for _, want := range []string{`"Carol Witness" co-signed the draft ` + s.draft, "Their recovery key's words: " + words,
		"signed:\n  \"Carol Witness\"", "Every witness has co-signed", "Files written: " + s.draft} {
		if !showsIn(c.root, want) {
			t.Errorf("the co-signature's result does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
	if got := strings.Join(wz.doneSteps.titles, "|"); got != strings.Join(planTitles(ceremony.WitnessPlan()), "|") {
		t.Errorf("steps done %q: a co-signature signs no transcript", got)
	}
	signed, _ := os.ReadFile(s.draft)
	c, wz = s.witness(t, st, s.carolSec, carolPass)
	if wz.err != nil || !showsIn(c.root, `"Carol Witness" had already co-signed`) || !showsIn(c.root, "No file was changed.") {
		t.Errorf("co-signing twice; visible %q", visibleTexts(c.root))
	}
	if now, _ := os.ReadFile(s.draft); !bytes.Equal(now, signed) {
		t.Error("co-signing twice changed the draft")
	}

	// 3. Alice signs in her vault: an unwitnessed draft is refused, a
	// "No" at the words comparison signs nothing; then "Yes".
	s.use(st, s.alice)
	prompts := make(chan string, 1)
	c, wz = s.sign(t, st, unsignedPath, prompts)
	if !showsIn(c.root, "still to sign:\n  \"Carol Witness\"") {
		t.Errorf("the witness state is not shown; visible %q", visibleTexts(c.root))
	}
	s.snap(t, st, "sign-details")
	if msg := s.next(t, c, wz); !strings.Contains(msg, "witness \"Carol Witness\" has not co-signed the draft yet; nothing was signed") {
		t.Errorf("unwitnessed draft: %q", msg)
	}
	c, wz = s.sign(t, st, s.draft, prompts)
	if msg := s.next(t, c, wz); msg != "" {
		t.Fatalf("good draft refused: %s", msg)
	}
	s.start(t, c, wz, ceremony.DemoPassphrase)
	if q := await(st, prompts); !strings.Contains(q, words) || !strings.Contains(q, "Bob Successor") {
		t.Errorf("the question does not show the successor's words: %q", q)
	}
	s.snap(t, st, "sign-question")
	answerDialog(t, st, "No")
	idle(st)
	if wz.err == nil || !showsIn(c.root, "you did not confirm the hand-over of "+ceremony.DemoPackage+` to "Bob Successor": nothing was signed`) {
		t.Errorf("answered no: %v; visible %q", wz.err, visibleTexts(c.root))
	}
	if now, _ := os.ReadFile(s.alice.Package(ceremony.DemoPackage).ChainPath()); !bytes.Equal(now, before) {
		t.Fatal("the chain changed without confirmation")
	}
	test.Tap(findButton(t, c.root, "Back to the passphrase"))
	s.start(t, c, wz, ceremony.DemoPassphrase)
	await(st, prompts)
	answerDialog(t, st, "Yes")
	idle(st)
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("sign: page %d, error %v", wz.page, wz.err)
	}
	s.wantAnnounced(t, wz, planTitles(ceremony.HandoverSignPlan()))
	s.snap(t, st, "sign-done")
	aliceChain := s.alice.Package(ceremony.DemoPackage).ChainPath()
	for _, want := range []string{"Publish the chain file where the package is distributed", aliceChain, "asked to consent"} {
		if !showsIn(c.root, want) {
			t.Errorf("the signature's result does not show %q; visible %q", want, visibleTexts(c.root))
		}
	}
	data, _ := os.ReadFile(aliceChain)
	s.write(t, "published-chain", data)

	// 4. Bob accepts: the chain from before the hand-over is refused,
	// then the published one is taken.
	s.use(st, s.bob)
	oldChain := s.write(t, "old-chain", before)
	for _, tc := range []struct{ chain, want string }{
		{oldChain, "is not the hand-over to this vault's keys.\nNothing was taken into the vault. Close, and choose the chain the outgoing signatory published"},
		{s.published, ""},
	} {
		c, wz = openWizard(t, st, "Accept a hand-over…")
		f := wz.form.(*handoverAcceptForm)
		f.chainPath.SetText(tc.chain)
		if f.pkgPick.Selected != ceremony.DemoPackage {
			t.Errorf("the chain's package is not offered: %q", f.pkgPick.Selected)
		}
		test.Type(wz.operator, "Bob")
		if msg := s.next(t, c, wz); msg != "" {
			t.Fatalf("accept details refused: %s", msg)
		}
		s.start(t, c, wz, strongPass)
		idle(st)
		if tc.want != "" {
			s.snap(t, st, "accept-refused")
			if wz.err == nil || !showsIn(c.root, tc.want) {
				t.Errorf("accept %s: %v; visible %q", tc.chain, wz.err, visibleTexts(c.root))
			}
			continue
		}
		if wz.err != nil || wz.page != pageTranscript {
			t.Fatalf("accept: page %d, error %v", wz.page, wz.err)
		}
		s.wantAnnounced(t, wz, planTitles(ceremony.HandoverAcceptPlan()))
		s.snap(t, st, "accept-done")
		if !showsIn(c.root, "You now hold "+ceremony.DemoPackage) || !showsIn(c.root, string(chain.SignatoryOf(rec))) {
			t.Errorf("the acceptance's result; visible %q", visibleTexts(c.root))
		}
	}
	entries, err := s.bob.Package(ceremony.DemoPackage).Chain()
	if err != nil || len(entries) == 0 {
		t.Fatalf("Bob's chain: %v", err)
	}
	head := entries[len(entries)-1]
	if head.Kind != chain.KindHandover || head.Name != "Bob Successor" || !head.Recovery.Equal(rec) || head.SignedBy(s.carol.Public("")) != nil {
		t.Errorf("Bob's head: %s to %q", head.Kind, head.Name)
	}
}

func TestHandoverCardsInOrder(t *testing.T) {
	var got []string
	for _, cc := range ceremonyCards() {
		if cc.section == "Hand-over" {
			got = append(got, cc.form(&appState{}).name())
		}
	}
	want := []string{"handover-request", "handover-witness", "handover-sign", "handover-accept"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hand-over cards %q, want %q", got, want)
	}
}

func TestDraftFileNameIsSafe(t *testing.T) {
	for pkg, want := range map[string]string{
		"example.org/hello": "example.org_hello.handover.draft",
		`a\b:c`:             "a_b_c.handover.draft",
		"":                  "handover.draft",
	} {
		if got := draftFileName(pkg); got != want {
			t.Errorf("draftFileName(%q) = %q, want %q", pkg, got, want)
		}
	}
}
