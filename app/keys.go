package app

import (
	"fmt"
	"os"
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

// keysScreen shows one key of one package the three ways a person can
// compare it: its signify text (with Copy), its fingerprint words in large
// type and its QR code (with Save as PNG), plus an identicon.
type keysScreen struct {
	st *appState

	pkgSelect *widget.Select
	keySelect *widget.Select
	role      *widget.Label
	text      *widget.Entry
	copyBtn   *widget.Button
	words     *widget.Label
	qr        *canvas.Image
	ident     *canvas.Image
	saveBtn   *widget.Button
	feedback  *widget.Label
	body      fyne.CanvasObject
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

	k.words = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	k.words.SizeName = theme.SizeNameHeadingText

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

// layout arranges the screen: the pickers on top, the key's text and words
// on the left, its QR code on the right.
func (k *keysScreen) layout() fyne.CanvasObject {
	pickers := widget.NewForm(
		widget.NewFormItem("Package", k.pkgSelect),
		widget.NewFormItem("Key", k.keySelect),
	)
	left := container.NewVBox(
		k.role,
		sectionLabel("Fingerprint words (read them aloud)"),
		k.words,
		container.NewHBox(k.ident, container.NewCenter(widget.NewLabel("Identicon: a quick visual cue only;\ncompare the words or the QR code."))),
		k.feedback,
	)
	right := container.NewVBox(k.qr, container.NewHBox(layout.NewSpacer(), k.saveBtn, layout.NewSpacer()))
	text := container.NewVBox(sectionLabel("Signify public key"), container.NewBorder(nil, nil, nil, k.copyBtn, k.text))
	k.body = container.NewBorder(text, nil, nil, right, left)
	return container.NewVScroll(container.NewPadded(container.NewVBox(pickers, widget.NewSeparator(), k.body)))
}

// refresh lists the vault's packages and the selected package's keys.
func (k *keysScreen) refresh() {
	v, pkg := k.st.Vault, k.st.Package
	if v == nil {
		k.pkgSelect.SetOptions(nil)
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
	k.ident.Resource = nil
	k.ident.Image = identicon(fp, 120)
	k.ident.Refresh()
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

// askSaveQR asks where to save the QR code as a PNG.
func (k *keysScreen) askSaveQR() {
	if k.key == nil {
		return
	}
	askSavePath(k.st.Window, strings.ReplaceAll(k.st.Package, "/", "_")+"-"+k.key.Label+"-qr.png", []string{".png"},
		func(path string) { k.saveQR(path) })
}

// saveQR writes the shown key's QR code as a PNG to path and says so.
func (k *keysScreen) saveQR(path string) error {
	if k.key == nil {
		return fmt.Errorf("no key is shown")
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
