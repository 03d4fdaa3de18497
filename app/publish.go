package app

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// publishPage ends a ceremony that changed the chain (genesis, a
// release): what to publish, where it is and what to do with each file,
// and the signatory's key as text, words and QR, each with Copy and Save.
// The signed transcript is one button away.
type publishPage struct {
	w        *wizard
	box      *fyne.Container // the page's rows, rebuilt per outcome
	root     fyne.CanvasObject
	feedback *widget.Label

	paths []*widget.Label // the files' paths, as shown (tests read them)
	key   *signify.PublicKey
	label string // the key's vault label ("recovery")
}

// openFolder shows a folder in the desktop's file manager; tests replace it.
var openFolder = func(st *appState, dir string) error {
	return st.App.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)})
}

// publishes reports whether the finished ceremony has files to publish:
// a genesis or a release that names its chain file.
func (w *wizard) publishes() bool {
	switch w.form.(type) {
	case *genesisForm, *releaseForm:
		return w.outcome != nil && w.outcome.Chain != ""
	}
	return false
}

func newPublishPage(w *wizard, toTranscript func()) *publishPage {
	p := &publishPage{w: w, box: container.NewVBox(), feedback: widget.NewLabel("")}
	p.feedback.Wrapping = fyne.TextWrapWord
	heading := widget.NewLabelWithStyle("Publish these", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	trans := widget.NewButtonWithIcon("Signed transcript…", theme.FileTextIcon(), toTranscript)
	done := widget.NewButtonWithIcon("Done", theme.ConfirmIcon(), w.close)
	done.Importance = widget.HighImportance
	p.root = container.NewBorder(heading, container.NewVBox(p.feedback, buttons(trans, done)), nil, nil,
		container.NewVScroll(p.box))
	return p
}

// show fills the page from the wizard's outcome.
func (p *publishPage) show() {
	w, out := p.w, p.w.outcome
	p.box.Objects, p.paths = nil, nil
	p.feedback.SetText("")
	intro := "The ceremony is done. Publish the files below where your users fetch them; keep the vault itself offline."
	p.box.Add(wrapped(intro))
	p.addFile("The chain", out.Chain,
		"Publish it where users fetch it (your web site, the package's repository), replacing the copy there: Baton checks every release against it.")
	if out.Signature != "" {
		p.addFile(ceremony.SignatureName, out.Signature,
			"The signed checksum list of this release, written beside the release files: publish it with them. Users check the files with it (baton verify --package "+p.w.form.pkg()+" --chain chain --sig "+ceremony.SignatureName+", or signify -C).")
	}
	p.key, p.label = nil, "recovery"
	if w.st.Vault != nil {
		if k, err := w.st.Vault.Package(w.form.pkg()).PublicKey("recovery"); err == nil {
			p.key = k
		}
	}
	if p.key != nil {
		p.addKey(out)
	}
	p.box.Refresh()
}

// addFile shows one file to publish: its name, its path, what to do with
// it, and a button opening its folder.
func (p *publishPage) addFile(title, path, what string) {
	pathLabel := widget.NewLabel(path)
	pathLabel.TextStyle = fyne.TextStyle{Monospace: true}
	pathLabel.Wrapping = fyne.TextWrapBreak
	pathLabel.Selectable = true
	p.paths = append(p.paths, pathLabel)
	p.w.st.say("publish: " + path) // for the script or person that started the app (baton-gui release)
	open := widget.NewButtonWithIcon("Open folder", theme.FolderOpenIcon(), func() {
		if err := openFolder(p.w.st, filepath.Dir(path)); err != nil {
			p.feedback.SetText("Could not open the folder: " + err.Error())
		}
	})
	p.box.Add(widget.NewCard("", "", container.NewVBox(
		container.NewBorder(nil, nil, sectionLabel(title), open),
		pathLabel, wrapped(what))))
}

// addKey shows the signatory's key as text, words and QR, with Copy and
// Save for each.
func (p *publishPage) addKey(out *ceremony.Outcome) {
	what := "Users compare it the first time they trust the package: publish the text, the words or the QR code somewhere they already trust you (your web page, a talk's slides, a printed card). It stays the same for every release."
	if _, isRelease := p.w.form.(*releaseForm); isRelease {
		what = "Unchanged by this release: users who trust the package have it already. New users compare it the first time they trust the package, so keep it published where they already trust you."
	}
	text := widget.NewLabel(p.key.String())
	text.TextStyle = fyne.TextStyle{Monospace: true}
	text.Wrapping = fyne.TextWrapBreak
	text.Selectable = true
	words := widget.NewLabelWithStyle(wordLines(p.key.Fingerprint()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	words.SizeName = theme.SizeNameSubHeadingText
	words.Wrapping = fyne.TextWrapWord

	copyText := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		p.w.st.App.Clipboard().SetContent(p.key.String())
		p.feedback.SetText("Copied the signatory's key (signify text) to the clipboard.")
	})
	saveText := widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), func() {
		askSavePath(p.w.st.Window, p.fileStem()+".pub", []string{".pub"}, func(path string) { p.savePub(path) })
	})
	copyWords := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		p.w.st.App.Clipboard().SetContent(p.key.Fingerprint().WordString())
		p.feedback.SetText("Copied the signatory's words to the clipboard.")
	})
	saveWords := widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), func() {
		askSavePath(p.w.st.Window, p.fileStem()+"-words.txt", []string{".txt"}, func(path string) {
			p.save(path, []byte(p.key.Fingerprint().WordString()+"\n"), "the signatory's words")
		})
	})
	col := container.NewVBox(
		container.NewBorder(nil, nil, sectionLabel("The signatory's key"), container.NewHBox(copyText, saveText)),
		text,
		container.NewBorder(nil, nil, sectionLabel("Its fingerprint words (read them aloud)"), container.NewHBox(copyWords, saveWords)),
		words, wrapped(what))
	var right fyne.CanvasObject
	if png, err := qr.PNG(qr.Payload(p.key), qrPixels); err == nil {
		img := canvas.NewImageFromResource(fyne.NewStaticResource("signatory-qr.png", png))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSquareSize(200))
		saveQR := widget.NewButtonWithIcon("Save QR…", theme.DocumentSaveIcon(), func() {
			askSavePath(p.w.st.Window, p.fileStem()+"-qr.png", []string{".png"}, func(path string) { p.saveQR(path) })
		})
		right = container.NewVBox(img, container.NewCenter(saveQR))
	}
	p.box.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, right, col)))
}

func (p *publishPage) fileStem() string {
	return strings.ReplaceAll(p.w.form.pkg(), "/", "_") + "-signatory"
}

// save writes data to path and says so.
func (p *publishPage) save(path string, data []byte, what string) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.feedback.SetText("Could not save: " + err.Error())
		return err
	}
	p.feedback.SetText(fmt.Sprintf("Saved %s to %s", what, path))
	return nil
}

// savePub writes the signatory's key as a signify .pub file to path.
func (p *publishPage) savePub(path string) error {
	return p.save(path, p.key.Marshal(), "the signatory's key")
}

// saveQR writes the signatory's key as a QR code PNG to path.
func (p *publishPage) saveQR(path string) error {
	png, err := qr.PNG(qr.Payload(p.key), qrSavePixels)
	if err != nil {
		p.feedback.SetText("Could not make the QR code: " + err.Error())
		return err
	}
	return p.save(path, png, "the QR code of the signatory's key")
}

// wrapped is a label that wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
