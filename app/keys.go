package app

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
)

// Sizes on the Keys screen, in Fyne units and pixels.
const (
	qrMinSize    = 340  // big enough to scan from across a table
	qrPixels     = 512  // the QR image shown
	qrSavePixels = 1024 // the QR PNG saved
	identiconMin = 96
)

// keysScreen shows one key of one package: its signify text and its
// fingerprint words in large type (each with Copy), plus an identicon.
// Only the signatory's key (the recovery key), the one to publish, gets a
// QR code (with Save as PNG), next to its words; a release key is labelled
// as one not to publish as the signatory's key.
type keysScreen struct {
	st *appState

	pkgSelect *widget.Select
	keySelect *widget.Select
	role      *widget.Label
	text      *widget.Entry
	copyBtn   *widget.Button
	wordsHead *widget.Label
	words     *widget.Label
	copyWords *widget.Button
	notThis   *widget.Label // on a release key: not the one to publish
	publish   *fyne.Container
	qr        *canvas.Image
	ident     *canvas.Image
	saveBtn   *widget.Button
	feedback  *widget.Label
	body      fyne.CanvasObject
	empty     *fyne.Container // when the vault holds no package
	root      fyne.CanvasObject

	keys   []ceremony.KeyStatus // of the selected package
	key    *ceremony.KeyStatus  // the key shown
	qrPNG  []byte
	status *ceremony.Status
}

func keysScreenView(st *appState) fyne.CanvasObject { return newKeysScreen(st).root }

func newKeysScreen(st *appState) *keysScreen {
	k := &keysScreen{st: st}
	k.pkgSelect = widget.NewSelect(nil, func(name string) { st.SelectPackage(name) })
	k.pkgSelect.PlaceHolder = "(no package)"
	k.keySelect = widget.NewSelect(nil, func(opt string) { k.showKey(opt) })
	k.keySelect.PlaceHolder = "(choose a key)"

	k.role = widget.NewLabel("")
	k.role.Wrapping = fyne.TextWrapWord

	k.text = widget.NewEntry()
	k.text.TextStyle = fyne.TextStyle{Monospace: true}
	k.text.OnChanged = func(string) { // read-only, but selectable
		if k.key != nil && k.text.Text != k.key.Public.String() {
			k.text.SetText(k.key.Public.String())
		}
	}
	k.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), k.copyText)

	k.wordsHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	k.words = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	k.words.SizeName = theme.SizeNameHeadingText
	k.copyWords = widget.NewButtonWithIcon("Copy words", theme.ContentCopyIcon(), k.copyWordsText)
	k.notThis = widget.NewLabel("")
	k.notThis.Wrapping = fyne.TextWrapWord
	k.notThis.Importance = widget.WarningImportance

	k.qr = canvas.NewImageFromResource(nil)
	k.qr.FillMode = canvas.ImageFillContain
	k.qr.ScaleMode = canvas.ImageScalePixels
	k.qr.SetMinSize(fyne.NewSquareSize(qrMinSize))
	k.ident = canvas.NewImageFromResource(nil)
	k.ident.FillMode = canvas.ImageFillContain
	k.ident.ScaleMode = canvas.ImageScalePixels
	k.ident.SetMinSize(fyne.NewSquareSize(identiconMin))
	k.saveBtn = widget.NewButtonWithIcon("Save QR as PNG…", theme.DocumentSaveIcon(), k.askSaveQR)

	k.feedback = widget.NewLabel("")
	k.feedback.Wrapping = fyne.TextWrapWord

	k.root = k.layout()
	st.OnChange(k.refresh)
	k.refresh()
	return k
}

// layout arranges the screen: the pickers on top, then the key's role and
// text, then its words with the QR code right next to them when the window
// is wide enough and under them when it is not (an 800×600 window fits).
func (k *keysScreen) layout() fyne.CanvasObject {
	pickers := widget.NewForm(
		widget.NewFormItem("Package", k.pkgSelect),
		widget.NewFormItem("Key", k.keySelect),
	)
	identNote := widget.NewLabel("Identicon: a quick visual cue only; compare the words or the QR code.")
	identNote.Wrapping = fyne.TextWrapWord
	words := container.NewVBox(
		k.wordsHead,
		k.words,
		container.NewHBox(k.copyWords),
		container.NewBorder(nil, nil, k.ident, nil, identNote),
	)
	publishHead := widget.NewLabelWithStyle("Publish this: the signatory's key", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	k.publish = container.NewVBox(publishHead, k.qr, container.NewHBox(layout.NewSpacer(), k.saveBtn, layout.NewSpacer()))
	text := container.NewVBox(sectionLabel("Signify public key"), container.NewBorder(nil, nil, nil, k.copyBtn, k.text))
	k.body = container.NewVBox(k.role, k.notThis, text, newPackedSideBySide(words, k.publish), k.feedback)

	msg := widget.NewLabel("This vault holds no package yet: start one with a new chain (genesis), and its keys show here.")
	msg.Wrapping = fyne.TextWrapWord
	start := widget.NewButtonWithIcon("Start a chain…", theme.ContentAddIcon(), func() {
		k.st.openCeremony(func(st *appState) ceremonyForm { return newGenesisForm(st) })
	})
	start.Importance = widget.HighImportance
	k.empty = container.NewVBox(msg, container.NewHBox(start))
	k.empty.Hide()
	return container.NewVScroll(container.NewPadded(container.NewVBox(pickers, widget.NewSeparator(), k.empty, k.body)))
}

// refresh lists the vault's packages and the selected package's keys.
func (k *keysScreen) refresh() {
	v, pkg := k.st.Vault, k.st.Package
	if v == nil {
		k.pkgSelect.SetOptions(nil)
		k.empty.Hide()
		k.setKeys(nil, nil)
		return
	}
	k.st.Go(func() {
		names, _ := v.Packages()
		var status *ceremony.Status
		if pkg != "" {
			status, _ = v.Package(pkg).Status()
		}
		k.st.Do(func() {
			if k.st.Vault != v || k.st.Package != pkg {
				return
			}
			if len(names) > 0 && !slices.Contains(names, pkg) {
				// The vault changed under the selection (another vault, or a
				// first chain made in an empty one): show its first package.
				k.st.SelectPackage(names[0])
				return
			}
			k.empty.Hidden = len(names) > 0
			k.empty.Refresh()
			k.pkgSelect.SetOptions(names)
			k.pkgSelect.Selected = pkg
			k.pkgSelect.Refresh()
			k.setKeys(status, nil)
		})
	})
}

// keyOption is how a key is named in the key picker.
func keyOption(ks ceremony.KeyStatus) string {
	if ks.Role == ceremony.RoleRecovery {
		return ks.Label + " · signatory key (for first trust)"
	}
	return ks.Label + " · " + string(ks.Role)
}

// setKeys offers the keys of status, showing the recovery key (the one
// users compare at first trust) unless the shown key is still there.
func (k *keysScreen) setKeys(status *ceremony.Status, _ error) {
	k.status = status
	k.keys = nil
	if status != nil {
		k.keys = status.Keys
	}
	var opts []string
	keep := ""
	for _, ks := range k.keys {
		opts = append(opts, keyOption(ks))
		if k.key != nil && ks.Label == k.key.Label {
			keep = keyOption(ks)
		}
	}
	k.keySelect.SetOptions(opts)
	switch {
	case keep != "":
		k.keySelect.SetSelected(keep)
	case len(opts) > 0:
		k.keySelect.SetSelected(opts[0])
	default:
		k.keySelect.ClearSelected()
		k.showKey("")
	}
}

// showKey shows the key named by a picker option.
func (k *keysScreen) showKey(opt string) {
	k.key = nil
	for i := range k.keys {
		if keyOption(k.keys[i]) == opt {
			k.key = &k.keys[i]
		}
	}
	k.feedback.SetText("")
	if k.key == nil {
		k.body.Hide()
		return
	}
	k.body.Show()
	pub := k.key.Public
	fp := pub.Fingerprint()
	k.role.SetText(roleExplanation(k.key, k.status))
	k.text.SetText(pub.String())
	k.words.SetText(wordLines(fp))

	// Only the signatory's key is for publishing; a QR code of a release
	// key would invite publishing the wrong one.
	signatory := k.key.Role == ceremony.RoleRecovery
	if signatory {
		k.wordsHead.SetText("Fingerprint words of the signatory's key (read them aloud)")
		k.notThis.Hide()
	} else {
		k.wordsHead.SetText("Fingerprint words of release key " + k.key.Label)
		k.notThis.SetText(k.key.Label + " is a release key: do not publish it as the signatory's key. " +
			"Users compare the signatory's key (the recovery key) at first trust; choose it above to publish it.")
		k.notThis.Show()
	}
	k.qrPNG = nil
	k.qr.Resource = nil
	k.publish.Hidden = !signatory
	k.publish.Refresh()
	k.ident.Resource = nil
	k.ident.Image = identicon(fp, 120)
	k.ident.Refresh()
	if !signatory {
		k.qr.Refresh()
		return
	}
	png, err := qr.PNG(qr.Payload(pub), qrPixels)
	if err != nil {
		k.feedback.SetText(err.Error())
		k.qrPNG = nil
		k.qr.Resource = nil
	} else {
		k.qrPNG = png
		k.qr.Resource = fyne.NewStaticResource(k.key.Label+"-qr.png", png)
	}
	k.qr.Refresh()
}

// roleExplanation says what the key is for.
func roleExplanation(ks *ceremony.KeyStatus, s *ceremony.Status) string {
	switch ks.Role {
	case ceremony.RoleRecovery:
		name := ""
		if s != nil {
			name = " of " + s.Name
		}
		return "The signatory key" + name + ": users compare it once, at first trust. Publish its text, words or QR code where they can check it out of band (your web page, a talk slide, a phone call)."
	case ceremony.RoleInForce:
		return fmt.Sprintf("%s is the key in force: it signs the next release and its chain entry (announced at position %d).", ks.Label, ks.AnnouncedAt)
	case ceremony.RoleSpare:
		return ks.Label + " is a spare key (release plus two): generated and restore-tested, not yet announced."
	case ceremony.RoleUsed:
		return fmt.Sprintf("%s signed an earlier release (announced at position %d); its secret was kept on request, though it signs nothing again: the next release wipes it.", ks.Label, ks.AnnouncedAt)
	case ceremony.RoleRetired:
		return ks.Label + " is retired: its secret key was deleted; the public key stays for the record."
	}
	return ks.Label
}

// wordLines shows a fingerprint's words in three lines of four.
func wordLines(fp signify.Fingerprint) string {
	w := fp.Words()
	var lines []string
	for i := 0; i < len(w); i += 4 {
		lines = append(lines, strings.Join(w[i:min(i+4, len(w))], " "))
	}
	return strings.Join(lines, "\n")
}

// copyText puts the key's signify text on the clipboard.
func (k *keysScreen) copyText() {
	if k.key == nil {
		return
	}
	k.st.App.Clipboard().SetContent(k.key.Public.String())
	k.feedback.SetText("Copied the signify text of " + k.key.Label + " to the clipboard.")
}

// copyWordsText puts the key's fingerprint words on the clipboard, in
// three lines of four as shown.
func (k *keysScreen) copyWordsText() {
	if k.key == nil {
		return
	}
	k.st.App.Clipboard().SetContent(wordLines(k.key.Public.Fingerprint()))
	k.feedback.SetText("Copied the fingerprint words of " + k.key.Label + " to the clipboard.")
}

// askSaveQR asks where to save the QR code as a PNG.
func (k *keysScreen) askSaveQR() {
	if k.key == nil {
		return
	}
	askSavePath(k.st.Window, strings.ReplaceAll(k.st.Package, "/", "_")+"-"+k.key.Label+"-qr.png", []string{".png"},
		func(path string) { k.saveQR(path) })
}

// saveQR writes the shown key's QR code as a PNG to path and says so;
// only the signatory's key has one.
func (k *keysScreen) saveQR(path string) error {
	if k.key == nil {
		return fmt.Errorf("no key is shown")
	}
	if k.key.Role != ceremony.RoleRecovery {
		return fmt.Errorf("%s is a release key: only the signatory's key is published as a QR code", k.key.Label)
	}
	png, err := qr.PNG(qr.Payload(k.key.Public), qrSavePixels)
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		k.feedback.SetText("Could not save the QR code: " + err.Error())
		return err
	}
	k.feedback.SetText("Saved the QR code of " + k.key.Label + " to " + path)
	return nil
}
