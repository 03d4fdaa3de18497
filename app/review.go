package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// pageReview is the release wizard's review of what it will sign, between
// the details and the passphrase (the wizard's pages are in wizard.go).
const pageReview = pageTranscript + 1

// maxReviewList bounds the files the review lists by name.
const maxReviewList = 500

// reviewPage shows, before any passphrase is asked, what a release will
// sign: the package and version, the files (count, total size, the
// list), warnings for dotfiles, symlinks and subfolders, and the key that
// will sign with its role and words.
type reviewPage struct {
	w    *wizard
	f    *releaseForm
	root fyne.CanvasObject

	summary  *widget.Label // package, version, count and size
	files    *widget.Label // the list
	signer   *widget.Label // the key in force and its words
	dotWarn  *widget.Label // dotfiles: signed only when ticked
	linkWarn *widget.Label // symlinks and odd files: refused
	subWarn  *widget.Label // subfolders: signed by their path
	dotfiles *widget.Check // sign the dotfiles too (ReleaseParams.IncludeDotfiles)
	err      *widget.Label
	next     *widget.Button

	scan     *ceremony.ReleaseScan
	accepted bool // the person went on from the review: the passphrase follows once
}

func newReviewPage(w *wizard, f *releaseForm) *reviewPage {
	r := &reviewPage{w: w, f: f, summary: wrapped(""), files: widget.NewLabel(""), signer: wrapped(""), err: dangerLabel()}
	r.files.TextStyle = fyne.TextStyle{Monospace: true}
	r.files.Wrapping = fyne.TextWrapBreak
	r.signer.TextStyle = fyne.TextStyle{Bold: true}
	r.dotWarn, r.linkWarn, r.subWarn = warnLabel(), warnLabel(), warnLabel()
	r.dotfiles = widget.NewCheck("Sign the dotfiles too", func(on bool) {
		f.includeDotfiles = on
		r.refresh()
	})
	r.dotfiles.Hide()
	if f.resumed { // the journalled choice; a resume must repeat it
		r.dotfiles.SetChecked(f.includeDotfiles)
		r.dotfiles.Disable()
	}
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { w.show(pageDetails) })
	r.next = widget.NewButtonWithIcon("Sign these files: passphrase", theme.NavigateNextIcon(), r.accept)
	r.next.Importance = widget.HighImportance
	heading := widget.NewLabelWithStyle("Review before signing", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.root = container.NewBorder(nil, buttons(back, r.next), nil, nil, container.NewVScroll(container.NewVBox(
		heading, r.summary,
		sectionLabel("The key that will sign"), r.signer,
		r.linkWarn, r.dotWarn, r.dotfiles, r.subWarn, r.err,
		sectionLabel("The files"), widget.NewCard("", "", r.files))))
	return r
}

func warnLabel() *widget.Label {
	l := wrapped("")
	l.Importance = widget.WarningImportance
	l.Hide()
	return l
}

// reviewFirst shows the review instead of the passphrase page when the
// form is a release not reviewed yet, and reports whether it did: the
// wizard's toPassphrase asks it first.
func (w *wizard) reviewFirst() bool {
	f, ok := w.form.(*releaseForm)
	if !ok {
		return false
	}
	if w.review == nil {
		w.review = newReviewPage(w, f)
		w.setPage(pageReview, w.review.root)
	}
	r := w.review
	if r.accepted {
		r.accepted = false
		return false
	}
	r.start()
	return true
}

// start reads the directory and the signing key off the UI goroutine and
// shows the review.
func (r *reviewPage) start() {
	w, v := r.w, r.w.st.Vault
	rp := r.f.params()
	r.scan = nil
	r.summary.SetText(fmt.Sprintf("Reading the files of %s…", rp.Dir))
	r.files.SetText("")
	r.signer.SetText("")
	r.next.Disable()
	r.err.Hide()
	w.formErr.Hide()
	w.show(pageReview)
	w.pages.at(pageDetails)
	w.st.Go(func() {
		scan, err := ceremony.ScanRelease(rp.Dir)
		signer := signerText(v, rp.Package)
		w.st.Do(func() {
			if now := r.f.params(); now.Dir != rp.Dir || now.Package != rp.Package || w.page != pageReview { // the details changed meanwhile
				return
			}
			r.scan = scan
			r.signer.SetText(signer)
			if err != nil {
				r.summary.SetText("")
				r.err.SetText("Cannot read the release files: " + err.Error())
				r.err.Show()
				w.st.retitle()
				return
			}
			r.refresh()
			w.st.retitle()
			if !r.next.Disabled() && w.st.Window != nil {
				// Reviewed by keyboard: Space goes on to the passphrase.
				w.st.Window.Canvas().Focus(r.next)
			}
		})
	})
}

// signerText names the key in force of pkg in v with its role and words.
func signerText(v *ceremony.Vault, pkg string) string {
	if v == nil {
		return "No vault is open."
	}
	s, err := v.Package(pkg).Status()
	if err != nil {
		return "Cannot read the package's keys: " + err.Error()
	}
	for _, k := range s.Keys {
		if k.Role == ceremony.RoleInForce {
			secret := "its secret is in the vault, opened with your passphrase"
			if !k.HasSecret {
				secret = "ITS SECRET IS NOT IN THE VAULT: the release cannot be signed (re-key with the recovery key)"
			}
			return fmt.Sprintf("%s, the key in force (announced at position %d; %s). Its words:\n%s", k.Label, k.AnnouncedAt, secret, k.Public.Fingerprint().WordString())
		}
	}
	return "No key in force is in this vault: the release cannot be signed (re-key with the recovery key)."
}

// refresh shows the scan as the dotfiles choice stands.
func (r *reviewPage) refresh() {
	s := r.scan
	if s == nil {
		return
	}
	rp := r.f.params()
	signed := s.Signed(rp.IncludeDotfiles)
	var total int64
	names := make([]string, 0, min(len(signed), maxReviewList))
	for i, f := range signed {
		total += f.Size
		if i < maxReviewList {
			names = append(names, fmt.Sprintf("%s  (%s)", f.Name, byteSize(f.Size)))
		}
	}
	if len(signed) > maxReviewList {
		names = append(names, fmt.Sprintf("… and %d more", len(signed)-maxReviewList))
	}
	r.summary.SetText(fmt.Sprintf("Release %s of %s: %s, %s in all, from %s. Each is hashed into the checksum list the key in force signs.",
		rp.Version, rp.Package, countFiles(len(signed)), byteSize(total), rp.Dir))
	r.files.SetText(strings.Join(names, "\n"))

	setWarning(r.linkWarn, len(s.Symlinks)+len(s.Odd) > 0, fmt.Sprintf(
		"Symlinks and other files that are not regular files are never signed: %s. Put the files themselves there, or move these out.",
		strings.Join(append(append([]string(nil), s.Symlinks...), s.Odd...), ", ")))
	dots := fmt.Sprintf("Dotfiles (hidden files, often secrets or tool state such as .env or .git/): %s. ", strings.Join(s.Dotfiles, ", "))
	if rp.IncludeDotfiles {
		dots += "They WILL be signed and their hashes published."
	} else {
		dots += "They are not signed unless you tick below; move them out of the folder, or tick to sign them too."
	}
	setWarning(r.dotWarn, len(s.Dotfiles) > 0, dots)
	setVisible(r.dotfiles, len(s.Dotfiles) > 0)
	sub := ""
	if len(s.Subfolders) > 0 {
		sub = fmt.Sprintf("Subfolders: %s. Their files are signed by their path (for example %s); users need the same layout.",
			strings.Join(s.Subfolders, ", "), firstIn(signed, s.Subfolders))
	}
	setWarning(r.subWarn, sub != "", sub)

	r.err.Hide()
	switch {
	case s.Refused():
		r.err.SetText("This folder cannot be signed as it is: see the symlinks above.")
	case len(s.Dotfiles) > 0 && !rp.IncludeDotfiles:
		r.err.SetText("Move the dotfiles out of the folder, or tick \u201cSign the dotfiles too\u201d.")
	case len(signed) == 0:
		r.err.SetText("There are no files to sign in " + rp.Dir + ".")
	default:
		r.next.Enable()
		return
	}
	r.err.Show()
	r.next.Disable()
}

func setWarning(l *widget.Label, on bool, text string) {
	l.SetText(text)
	setVisible(l, on)
}

func countFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}

// firstIn names a signed file inside one of the subfolders.
func firstIn(files []ceremony.ReleaseFile, subfolders []string) string {
	for _, f := range files {
		for _, d := range subfolders {
			if strings.HasPrefix(f.Name, d) {
				return f.Name
			}
		}
	}
	return subfolders[0] + "…"
}

// accept goes on to the passphrase, which is asked only now.
func (r *reviewPage) accept() {
	r.accepted = true
	r.w.toPassphrase()
}
