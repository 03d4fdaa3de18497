package app

import (
	"errors"

	"fyne.io/fyne/v2"

	"github.com/baton-signing/baton/app/internal/drive"
	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// Screenshots draws the wizard pages the README and docs/screenshots
// show, for the screenshots tool (go run ./app/internal/shots); the main
// screens come from the real app under Xvfb (scripts/smoke.sh).
//
// It works each wizard up to its page with d, Fyne's test driver (which
// this package does not import), and hands the window to shoot with the
// page's name. testdata is the repository's testdata directory, which
// holds the verify vectors. It runs every scene, even after one failed,
// and returns the errors of all that failed.
func Screenshots(d drive.Driver, testdata string, shoot func(name string, w fyne.Window) error) error {
	ui = d
	var errs []error
	for _, sc := range scenes {
		errs = append(errs, drive.Run(sc.name, func(t drive.T) {
			st, _ := newDrivenState(t, d.NewApp())
			sc.run(t, st, testdata, func(name string) {
				if st.Window == nil {
					t.Errorf("%s: no window to draw", name)
				} else if err := shoot(name, st.Window); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			})
		}))
	}
	return errors.Join(errs...)
}

// A scene works the UI in st to one or more pages and shoots each.
type scene struct {
	name string
	run  func(t drive.T, st *appState, testdata string, shoot func(name string))
}

var scenes = []scene{
	{"handover", shootHandover},
	{"shares", shootShares},
	{"restore", shootRestoreRefused},
	{"verify-equivocation", shootVerifyEquivocation},
	{"verify-consent", shootVerifyConsent},
	{"verify-release", shootVerifyRelease},
	{"trust", shootTrust},
	{"release", shootRelease},
	{"dependencies", shootDependencies},
}

// shootRelease: a release's review (a dotfile and a subfolder), then the
// publish page it ends on.
func shootRelease(t drive.T, st *appState, _ string, shoot func(string)) {
	useRealVault(t, st)
	dist := releaseDir(t, "3.0.0", true)
	c, wz := openWizard(t, st, "Release…")
	f := wz.form.(*releaseForm)
	f.version.SetText("3.0.0")
	f.dirEntry.SetText(dist)
	ui.Type(wz.operator, "Tester")
	ui.Tap(findButton(t, c.root, "Next"))
	idle(st)
	shoot("release-review")
	ui.Tap(wz.review.dotfiles)
	passReview(t, st, wz)
	ui.Type(wz.pass, ceremony.DemoPassphrase)
	ui.Tap(findButton(t, c.root, "Start the ceremony"))
	idle(st)
	wantTranscript(t, wz, "the release")
	shoot("release-publish")
}

// wantTranscript stops t unless wz's ceremony ended well.
func wantTranscript(t drive.T, wz *wizard, what string) {
	t.Helper()
	if wz.err != nil || wz.page != pageTranscript {
		t.Fatalf("%s: on page %d, error %v", what, wz.page, wz.err)
	}
}

// shootHandover: Bob's request (the words to read aloud), Carol's
// co-signature, and Alice's signature asking to compare the words.
func shootHandover(t drive.T, st *appState, _ string, shoot func(string)) {
	s := newHandoverScene(t)
	s.use(st, s.bob)
	c, wz := s.fillRequest(t, st, s.published, s.carolLine())
	if msg := s.next(t, c, wz); msg != "" {
		t.Fatalf("the request's details were refused: %s", msg)
	}
	s.start(t, c, wz, strongPass)
	idle(st)
	wantTranscript(t, wz, "the hand-over request")
	shoot("handover-request-done")

	_, wz = s.witness(t, st, s.carolSec, carolPass)
	wantTranscript(t, wz, "the co-signature")
	shoot("handover-witness-done")

	s.use(st, s.alice)
	prompts := make(chan string, 1)
	c, wz = s.sign(t, st, s.draft, prompts)
	if msg := s.next(t, c, wz); msg != "" {
		t.Fatalf("the signature's details were refused: %s", msg)
	}
	s.start(t, c, wz, ceremony.DemoPassphrase)
	await(st, prompts)
	shoot("handover-sign-question")
	answerDialog(t, st, "No") // the ceremony ends, signing nothing
	idle(st)
}

// shootShares: the recovery key split 3 of 5.
func shootShares(t drive.T, st *appState, _ string, shoot func(string)) {
	useRealVault(t, st)
	_, wz := runWizard(t, st, "Recovery shares…", ceremony.DemoPassphrase, fillShares(t.TempDir()))
	wantTranscript(t, wz, "the shares")
	shoot("backup-shares-done")
}

// shootRestoreRefused: a copy of K5 offered as K4.
func shootRestoreRefused(t drive.T, st *appState, _ string, shoot func(string)) {
	_, p := useRealVault(t, st)
	from := keyCopy(t, p, "K5")
	_, wz := runWizard(t, st, "Restore a key…", ceremony.DemoPassphrase, fillRestore("K4", from, nil))
	if wz.err == nil || wz.page != pageRun {
		t.Fatalf("a copy of K5 was taken as K4: on page %d", wz.page)
	}
	shoot("restore-refused")
}

// shootVerifyEquivocation: a chain forked at the user's pin.
func shootVerifyEquivocation(t drive.T, st *appState, testdata string, shoot func(string)) {
	vc := readVectorIn(t, testdata, "equivocation-against-pin")
	vs, _ := openPinnedIn(t, st, vc.Pin, vc.Chain)
	if !errors.Is(vs.refused, chain.ErrEquivocation) {
		t.Fatalf("the forked chain was refused with %v, want equivocation", vs.refused)
	}
	shoot("verify-refused-equivocation")
}

// shootVerifyConsent: a hand-over after the pin, asking for consent.
func shootVerifyConsent(t drive.T, st *appState, testdata string, shoot func(string)) {
	vc := readVectorIn(t, testdata, "pinned-after-rekey")
	vs, _ := openPinnedIn(t, st, vc.Pin, vc.Chain)
	if vs.consent == nil || vs.consent.event.Entry.Kind != chain.KindHandover {
		t.Fatalf("no hand-over dialog; refused: %v", vs.refused)
	}
	shoot("verify-consent-handover")
}
