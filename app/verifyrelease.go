package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The Verify screen's release step: a release's signed checksum list
// (SHA256.sig) and its files, verified against the chain of step 1 as
// `baton verify --sig --dir [--release]` does, through
// ceremony.CheckRelease: the release is the one whose entry names the
// signature's hash, an older one than the chain's newest is refused unless
// its version is named, every listed file must match, and the files the
// list does not name are listed. The pin moves only when the whole
// verdict is OK.

// releaseOutcome is a release verified with a chain.
type releaseOutcome struct {
	req     ceremony.ReleaseRequest
	verdict *ceremony.ReleaseVerdict // names the release once it is known, even when refused
	err     error
}

// ok reports whether the release verified.
func (o *releaseOutcome) ok() bool { return o != nil && o.err == nil && o.verdict != nil }

// checkRelease verifies req's release against res, the verified chain.
func checkRelease(ctx context.Context, res *chain.Result, req ceremony.ReleaseRequest, progress func(done, total int64)) *releaseOutcome {
	got, err := ceremony.CheckRelease(ctx, res, req, progress)
	return &releaseOutcome{req: req, verdict: got, err: err}
}

// releaseSection is the release step's inputs and verdict.
type releaseSection struct {
	v                    *verifyScreen
	sig, dir, version    *widget.Entry
	verifyBtn, cancelBtn *widget.Button
	olderBtn             *widget.Button // verifies the older release found, on purpose
	olderVersion         string
	bar                  *widget.ProgressBar
	progressRow          *fyne.Container
	status               *widget.Label
	banner               *verdictBanner
	card                 fyne.CanvasObject
}

func newReleaseSection(v *verifyScreen) *releaseSection {
	r := &releaseSection{v: v}
	r.sig = widget.NewEntry()
	r.sig.SetPlaceHolder("the release's SHA256.sig (leave empty to check the chain only)")
	r.dir = widget.NewEntry()
	r.dir.SetPlaceHolder("the folder of the release's files (default: the folder of SHA256.sig)")
	r.version = widget.NewEntry()
	r.version.SetPlaceHolder("only to verify an older release on purpose, e.g. 1.1.0")
	for _, e := range []*widget.Entry{r.sig, r.dir, r.version} {
		e.OnChanged = func(string) { r.inputChanged() }
	}
	askSig := func() {
		askOpenPath(v.st.Window, func(p string) {
			r.sig.SetText(p)
			if strings.TrimSpace(r.dir.Text) == "" {
				r.dir.SetText(filepath.Dir(p))
			}
		}, ".sig")
	}
	askDir := func() { askFolderPath(v.st.Window, r.dir.SetText) }
	r.verifyBtn = widget.NewButtonWithIcon("Verify the release", theme.ConfirmIcon(), r.verify)
	r.verifyBtn.Importance = widget.HighImportance
	r.cancelBtn = widget.NewButtonWithIcon("Stop", theme.CancelIcon(), r.stop)
	r.olderBtn = widget.NewButtonWithIcon("", theme.WarningIcon(), func() {
		r.version.SetText(r.olderVersion)
		r.verify()
	})
	r.olderBtn.Hide()
	r.bar = widget.NewProgressBar()
	// Stop sits at the far end of the bar, never where Verify was.
	r.progressRow = container.NewBorder(nil, nil, nil, r.cancelBtn, r.bar)
	r.progressRow.Hide()
	r.status = widget.NewLabel("")
	r.status.Wrapping = fyne.TextWrapWord
	r.status.Hide()
	r.banner = newVerdictBanner()
	r.card = widget.NewCard("2. Verify a release (optional)",
		"Its SHA256.sig and files, against the chain above. A pin moves only when the whole verdict is OK.",
		container.NewVBox(
			widget.NewForm(
				widget.NewFormItem("SHA256.sig", withChooser(r.sig, theme.FileIcon(), askSig)),
				widget.NewFormItem("Files in", withChooser(r.dir, theme.FolderOpenIcon(), askDir)),
				widget.NewFormItem("Version", r.version),
			),
			container.NewHBox(r.verifyBtn),
			r.progressRow, r.status, r.banner.box, container.NewHBox(r.olderBtn)))
	return r
}

// request is the release to verify with the chain; nil when none is named.
func (r *releaseSection) request() *ceremony.ReleaseRequest {
	sig := strings.TrimSpace(r.sig.Text)
	if sig == "" {
		return nil
	}
	return &ceremony.ReleaseRequest{Sig: sig, Dir: strings.TrimSpace(r.dir.Text), Version: strings.TrimSpace(r.version.Text)}
}

// verify verifies the chain opened in step 1 again, with the release.
func (r *releaseSection) verify() {
	switch {
	case r.request() == nil:
		r.say("Choose the release's SHA256.sig first.", widget.WarningImportance)
	case r.v.chainFile == "":
		r.say("Open the package's chain file first (step 1): the release is verified against it.", widget.WarningImportance)
	default:
		r.v.openChain(r.v.chainFile)
	}
}

// stop stops the check running; nothing is shown or pinned.
func (r *releaseSection) stop() {
	r.v.stop()
	r.v.chainPath.SetText(r.v.chainFile)
	r.idle()
	r.say("Stopped: nothing was verified, and nothing was pinned.", widget.WarningImportance)
}

func (r *releaseSection) say(s string, imp widget.Importance) {
	r.status.Importance = imp
	r.status.SetText(s)
	setVisible(r.status, s != "")
}

// inputChanged drops the verdict about the release as it was named.
func (r *releaseSection) inputChanged() {
	if r.v.cancel != nil || !r.banner.box.Visible() {
		return
	}
	r.banner.set(verdictNone)
	r.olderBtn.Hide()
	r.v.release = nil
	r.say("The release changed: verify it again.", widget.MediumImportance)
}

// clear forgets the previous verdict.
func (r *releaseSection) clear() {
	r.banner.set(verdictNone)
	r.olderBtn.Hide()
	r.idle()
	r.say("", widget.MediumImportance)
}

// running shows that a check with the release started.
func (r *releaseSection) running() {
	r.bar.SetValue(0)
	r.progressRow.Show()
	r.verifyBtn.Disable()
	r.say("Checking the chain, then hashing the release's files …", widget.MediumImportance)
}

// idle shows that no check runs.
func (r *releaseSection) idle() {
	r.progressRow.Hide()
	r.verifyBtn.Enable()
}

// progress reports the hashing of check gen's files, at most once per
// percent, through the UI goroutine.
func (v *verifyScreen) progress(gen int) func(done, total int64) {
	var mu sync.Mutex
	last := int64(-1)
	return func(done, total int64) {
		pct := int64(100)
		if total > 0 {
			pct = done * 100 / total
		}
		mu.Lock()
		same := pct == last
		last = pct
		mu.Unlock()
		if same {
			return
		}
		v.st.Do(func() {
			if v.gen != gen {
				return
			}
			v.rel.bar.SetValue(float64(pct) / 100)
			v.rel.say(fmt.Sprintf("Hashing the release's files: %s of %s …", mebibytes(done), mebibytes(total)), widget.MediumImportance)
		})
	}
}

func mebibytes(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// showRelease shows the release's verdict after its chain verified and
// reports whether it is OK.
func (v *verifyScreen) showRelease(pkg string) bool {
	r, o := v.rel, v.release
	r.idle()
	r.say("", widget.MediumImportance)
	switch {
	case o.ok() && v.check.FirstTrust():
		r.unconfirmed(pkg, o)
	case o.ok():
		r.confirmed(pkg, o)
	case errors.Is(o.err, context.Canceled):
		r.say("Stopped: nothing was verified, and nothing was pinned.", widget.WarningImportance)
		return false
	default:
		r.refused(pkg, v.check.Prior(), o)
	}
	v.reveal(r.banner.box)
	return o.ok()
}

// confirmed shows OK: the release verified against a trusted chain.
func (r *releaseSection) confirmed(pkg string, o *releaseOutcome) {
	r.banner.set(verdictOK, releaseOKLines(pkg, o)...)
}

// unconfirmed shows a release verified against a chain not trusted yet:
// it waits for the signatory's key to MATCH.
func (r *releaseSection) unconfirmed(pkg string, o *releaseOutcome) {
	r.banner.set(verdictUnconfirmed, append(releaseOKLines(pkg, o),
		"The chain is not trusted yet: compare the signatory's key in step 3. Until a MATCH, these files are only as trustworthy as this copy of the chain.")...)
}

// releaseOKLines names the release, its files, its signer and the files
// not verified.
func releaseOKLines(pkg string, o *releaseOutcome) []string {
	rv := o.verdict
	rel := rv.Release
	lines := []string{fmt.Sprintf("%s %s: %s verified, signed by %s (position %d).",
		pkg, untrusted.Escape(rel.Version), nFiles(len(rv.Files)), untrusted.Quote(rel.Signer), rel.Position)}
	if rel.Version == rv.Newest {
		lines = append(lines, "The newest release of the chain.")
	} else {
		lines = append(lines, fmt.Sprintf("An older release than the chain's newest, %s: verified because you named its version.", untrusted.Quote(rv.Newest)))
	}
	if n := len(rv.Unlisted) + rv.More; n > 0 {
		s := fmt.Sprintf("%s in %s not in the signed list, not verified: %s", nFiles(n), releaseFolder(o.req), strings.Join(untrusted.QuoteAll(rv.Unlisted), ", "))
		if rv.More > 0 {
			s += fmt.Sprintf(" and %d more", rv.More)
		}
		lines = append(lines, s+".")
	}
	return lines
}

// refused shows REFUSED, naming the cause, and what stays as it was.
func (r *releaseSection) refused(pkg string, prior *chain.Pin, o *releaseOutcome) {
	subject := pkg
	if o.verdict != nil {
		subject += " " + untrusted.Escape(o.verdict.Release.Version)
	}
	lines := []string{subject + ": " + releaseRefusal(o)}
	var bad *signify.BadFilesError
	if errors.As(o.err, &bad) {
		for i, b := range bad.Bad {
			if i == 10 {
				lines = append(lines, fmt.Sprintf("and %d more", len(bad.Bad)-i))
				break
			}
			lines = append(lines, badFileText(b))
		}
	} else {
		lines = append(lines, untrusted.SanitizeMessage(o.err.Error()))
	}
	if prior == nil {
		lines = append(lines, "Nothing was pinned.")
	} else {
		lines = append(lines, fmt.Sprintf("Your pin of %s stays at position %d: nothing was changed.", pkg, prior.Position))
	}
	r.banner.set(verdictRefused, lines...)
	var down *ceremony.DowngradeError
	if errors.As(o.err, &down) {
		r.olderVersion = down.Version
		r.olderBtn.SetText("Verify " + untrusted.Escape(down.Version) + " on purpose")
		r.olderBtn.Show()
	}
}

// releaseRefusal names why a release was refused, as `baton verify` does.
func releaseRefusal(o *releaseOutcome) string {
	var down *ceremony.DowngradeError
	var bad *signify.BadFilesError
	switch {
	case errors.As(o.err, &down):
		return fmt.Sprintf("this is release %s, older than the newest release %s of the chain: a mirror may be serving an old release with the new chain. "+
			"Verify it only if you mean this older release.", untrusted.Quote(down.Version), untrusted.Quote(down.Newest))
	case errors.As(o.err, &bad):
		verb := "do"
		if len(bad.Bad) == 1 {
			verb = "does"
		}
		return fmt.Sprintf("%d of %d files %s not match the signed list: altered, missing or unreadable. Install nothing from this folder.", len(bad.Bad), bad.Listed, verb)
	case errors.Is(o.err, chain.ErrArtifact) && o.verdict == nil && o.req.Version == "":
		return filepath.Base(o.req.Sig) + " is not the signed checksum list of any release in this chain: it belongs to another package or release, was altered, or the chain is older than the release."
	case errors.Is(o.err, chain.ErrArtifact) && o.verdict == nil:
		return filepath.Base(o.req.Sig) + " is not the signed checksum list of release " + untrusted.Quote(o.req.Version) + " of this chain."
	case errors.Is(o.err, chain.ErrArtifact):
		return "the signed checksum list does not verify with the key the chain names for this release."
	}
	return "the release could not be read."
}

// badFileText says what is wrong with one file.
func badFileText(b signify.BadFile) string {
	name := untrusted.Quote(b.Name)
	switch {
	case errors.Is(b.Err, signify.ErrChecksumMismatch):
		return "altered: " + name
	case errors.Is(b.Err, fs.ErrNotExist):
		return "missing: " + name
	case errors.Is(b.Err, signify.ErrNotRegularFile):
		return "not a regular file: " + name
	case errors.Is(b.Err, signify.ErrFileChanged):
		return "changed while it was hashed: " + name
	}
	return name + ": " + untrusted.SanitizeMessage(b.Err.Error())
}

func releaseFolder(req ceremony.ReleaseRequest) string {
	if req.Dir != "" {
		return req.Dir
	}
	return filepath.Dir(req.Sig)
}

func nFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}
