package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
)

// verifyScreen is first trust, the user's side: open a package's chain,
// check it from its genesis (chain.FirstTrust), then compare the
// signatory's key with a copy obtained out of band, by pasting its text,
// typing its words or opening a photo of its QR code. After a MATCH the
// signatory can be pinned in the trust store.
type verifyScreen struct {
	st *State

	pkg       *widget.Entry
	openBtn   *widget.Button
	demoBtn   *widget.Button // opens the demo vault's chain
	chainPath *widget.Label
	chainErr  *widget.Label
	found     *fyne.Container // what the chain says, shown after a good check
	signatory *widget.Label
	summary   *widget.Label
	keyWords  *widget.Label
	ident     *canvas.Image

	compare   *fyne.Container
	waiting   *widget.Label // in place of compare until a chain verifies
	keyText   *widget.Entry
	textBtn   *widget.Button
	words     *widget.Entry
	wordsBtn  *widget.Button
	qrPath    *widget.Label
	inputErr  *widget.Label
	banner    *verdictBanner
	pinBtn    *widget.Button
	pinResult *widget.Label

	root   fyne.CanvasObject
	result *chain.Result // the checked chain; nil before
}

func verifyScreenView(st *State) fyne.CanvasObject { return newVerifyScreen(st).root }

func newVerifyScreen(st *State) *verifyScreen {
	v := &verifyScreen{st: st}
	v.pkg = widget.NewEntry()
	v.pkg.SetPlaceHolder("the package you are about to trust (read from the chain when empty)")
	v.openBtn = widget.NewButtonWithIcon("Open chain file…", theme.FolderOpenIcon(), v.askChain)
	v.chainPath = widget.NewLabel("No chain opened yet.")
	v.chainPath.Truncation = fyne.TextTruncateEllipsis
	v.chainErr = dangerLabel()
	v.demoBtn = widget.NewButtonWithIcon("Try the demo chain", theme.MediaPlayIcon(), v.openDemoChain)
	st.OnChange(func() { setVisible(v.demoBtn, st.Vault != nil && st.Demo) })
	setVisible(v.demoBtn, st.Vault != nil && st.Demo)

	v.signatory = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.signatory.SizeName = theme.SizeNameHeadingText
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.keyWords = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.keyWords.SizeName = theme.SizeNameSubHeadingText
	v.ident = canvas.NewImageFromResource(nil)
	v.ident.FillMode = canvas.ImageFillContain
	v.ident.ScaleMode = canvas.ImageScalePixels
	v.ident.SetMinSize(fyne.NewSquareSize(72))
	v.found = container.NewVBox(
		v.signatory, v.summary,
		widget.NewLabel("Signatory key (recovery key) fingerprint words:"),
		container.NewBorder(nil, nil, v.ident, nil, v.keyWords),
	)
	v.found.Hide()

	v.keyText = widget.NewMultiLineEntry()
	v.keyText.TextStyle = fyne.TextStyle{Monospace: true}
	v.keyText.SetPlaceHolder("RWR… (the 56 characters of the key, or the whole .pub file)")
	v.keyText.SetMinRowsVisible(2)
	v.words = widget.NewEntry()
	v.words.SetPlaceHolder("the twelve words, as the maintainer published or read them")
	v.words.OnSubmitted = func(string) { v.compareWords(v.words.Text) }
	v.qrPath = widget.NewLabel("")
	v.inputErr = dangerLabel()
	v.banner = newVerdictBanner()
	v.pinBtn = widget.NewButtonWithIcon("Pin this signatory", theme.ConfirmIcon(), v.pin)
	v.pinBtn.Importance = widget.HighImportance
	v.pinBtn.Hide()
	v.pinResult = widget.NewLabel("")
	v.pinResult.Wrapping = fyne.TextWrapWord
	v.root = v.layout()
	return v
}

func dangerLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// layout arranges the screen.
func (v *verifyScreen) layout() fyne.CanvasObject {
	step1 := widget.NewCard("1. Check the chain", "Every entry is verified from the genesis on.",
		container.NewVBox(
			widget.NewForm(widget.NewFormItem("Package", v.pkg)),
			container.NewBorder(nil, nil, container.NewHBox(v.openBtn, v.demoBtn), nil, v.chainPath),
			v.chainErr, v.found))

	v.textBtn = widget.NewButtonWithIcon("Compare", theme.SearchIcon(), func() { v.compareText(v.keyText.Text) })
	v.wordsBtn = widget.NewButtonWithIcon("Compare", theme.SearchIcon(), func() { v.compareWords(v.words.Text) })
	byText := container.NewVBox(v.keyText, container.NewHBox(v.textBtn))
	byWords := container.NewVBox(v.words, container.NewHBox(v.wordsBtn))
	byQR := container.NewVBox(
		widget.NewLabel("A photo or screenshot of the maintainer's QR code (PNG, JPEG or GIF)."),
		container.NewBorder(nil, nil,
			widget.NewButtonWithIcon("Open QR image…", theme.FileImageIcon(), v.askQR), nil, v.qrPath))
	how := container.NewAppTabs(
		container.NewTabItem("Paste the key text", byText),
		container.NewTabItem("Type the words", byWords),
		container.NewTabItem("Scan a QR image", byQR),
	)
	v.compare = container.NewVBox(how, v.inputErr, v.banner.box, v.pinBtn, v.pinResult)
	v.compare.Hide()
	v.waiting = widget.NewLabel("First open a chain that verifies; then compare its signatory's key here.")
	v.waiting.Importance = widget.LowImportance
	step2 := widget.NewCard("2. Compare the signatory's key",
		"with a copy you got another way: the maintainer's web page, a talk slide, a phone call.",
		container.NewVBox(v.waiting, v.compare))

	return container.NewVScroll(container.NewPadded(container.NewVBox(step1, step2)))
}

// askChain asks for a chain file and opens it.
func (v *verifyScreen) askChain() {
	askOpenPath(v.st.Window, v.openChain)
}

// openDemoChain checks the demo vault's chain, for a newcomer to try
// first trust with the keys on the Keys screen.
func (v *verifyScreen) openDemoChain() {
	if v.st.Vault == nil || !v.st.Demo {
		return
	}
	v.pkg.SetText(ceremony.DemoPackage)
	v.openChain(v.st.Vault.Package(ceremony.DemoPackage).ChainPath())
}

// openChain checks the chain file at path from its genesis, off the UI
// goroutine, and shows who signed it.
func (v *verifyScreen) openChain(path string) {
	v.result = nil
	v.resetVerdict()
	v.found.Hide()
	v.compare.Hide()
	v.waiting.Show()
	v.chainErr.Hide()
	v.chainPath.SetText("Checking " + path + " …")
	pkg := strings.TrimSpace(v.pkg.Text)
	v.st.Go(func() {
		res, name, err := firstTrust(path, pkg)
		v.st.Do(func() { v.showChain(path, name, res, err) })
	})
}

// firstTrust verifies the chain file at path for pkg (the genesis's
// package when pkg is empty) and returns the result and the package name.
func firstTrust(path, pkg string) (*chain.Result, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pkg, err
	}
	defer f.Close()
	if pkg == "" {
		first, err := chain.NewChainReader(path, io.LimitReader(f, chain.MaxChainSize)).Next()
		if err != nil {
			return nil, pkg, err
		}
		pkg = first.Package
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, pkg, err
		}
	}
	res, err := chain.FirstTrust(pkg, chain.NewChainReader(path, f))
	return res, pkg, err
}

func (v *verifyScreen) showChain(path, pkg string, res *chain.Result, err error) {
	v.chainPath.SetText(path)
	if err != nil {
		v.chainErr.SetText("This chain does not verify, so it cannot be trusted: " + err.Error())
		v.chainErr.Show()
		return
	}
	v.result = res
	if v.pkg.Text == "" {
		v.pkg.SetText(pkg)
	}
	v.signatory.SetText(res.Name)
	last := "no release yet"
	if n := len(res.Releases); n > 0 {
		last = fmt.Sprintf("%d releases, the newest %s", n, res.Releases[n-1].Version)
	}
	s := fmt.Sprintf("Signatory of %s · id %s\nThe chain verifies: %d entries, %s.", pkg, res.Head.Signatory, res.Head.Position, last)
	for _, e := range res.Events {
		s += "\n" + eventText(e)
	}
	v.summary.SetText(s)
	fp := res.Recovery.Fingerprint()
	v.keyWords.SetText(wordLines(fp))
	v.ident.Image = identicon(fp, 120)
	v.ident.Refresh()
	v.found.Show()
	v.waiting.Hide()
	v.compare.Show()
}

// eventText describes a hand-over or re-key in the chain's history.
func eventText(e chain.Event) string {
	switch e.Entry.Kind {
	case chain.KindHandover:
		s := fmt.Sprintf("Position %d: handed over to %s", e.Position, e.Entry.Name)
		if len(e.Endorsed) > 0 {
			s += ", witnessed by " + strings.Join(e.Endorsed, ", ")
		}
		return s + "."
	case chain.KindRekey:
		return fmt.Sprintf("Position %d: re-keyed with the recovery key (%s).", e.Position, e.Entry.Reason)
	}
	return fmt.Sprintf("Position %d: %s.", e.Position, e.Entry.Kind)
}

// resetVerdict clears a previous comparison.
func (v *verifyScreen) resetVerdict() {
	v.banner.set(verdictNone)
	v.inputErr.Hide()
	v.pinBtn.Hide()
	v.pinResult.SetText("")
}

// compareText compares pasted key text (the 56 characters, or a whole
// public key file) with the signatory's key.
func (v *verifyScreen) compareText(s string) {
	s = strings.TrimSpace(s)
	var k *chain.PublicKey
	var err error
	if strings.HasPrefix(s, "untrusted comment:") {
		k, err = chain.ParsePublicKey("the pasted key", []byte(strings.ReplaceAll(s, "\r\n", "\n")+"\n"))
	} else {
		k, err = chain.ParsePublicKeyText(s)
	}
	if err != nil {
		v.cannotCompare("That is not a signify public key: " + err.Error())
		return
	}
	v.compareKey(k, "the pasted key")
}

// compareWords compares typed fingerprint words with the signatory's key.
func (v *verifyScreen) compareWords(s string) {
	if v.result == nil {
		return
	}
	v.resetVerdict()
	fp := v.result.Recovery.Fingerprint()
	if n := len(strings.Fields(s)); n < chain.FingerprintWords {
		v.cannotCompare(fmt.Sprintf("Type all %d words (you typed %d).", chain.FingerprintWords, n))
		return
	}
	if err := fp.CheckWords(s); err != nil {
		v.banner.set(verdictMismatch, "The words you typed are not this signatory's.", err.Error(), "Do not trust this chain: ask the maintainer again, another way.")
		return
	}
	v.matched()
}

// compareQRFile reads the QR code in an image file, off the UI goroutine,
// and compares the key it holds with the signatory's key.
func (v *verifyScreen) compareQRFile(path string) {
	v.resetVerdict()
	v.qrPath.SetText("Reading " + path + " …")
	v.st.Go(func() {
		payload, err := decodeQRFile(path)
		var k *chain.PublicKey
		if err == nil {
			k, err = chain.ParseQRPayload(payload)
		}
		v.st.Do(func() {
			v.qrPath.SetText(path)
			if err != nil {
				v.cannotCompare(err.Error())
				return
			}
			v.compareKey(k, "the QR code")
		})
	})
}

func (v *verifyScreen) askQR() {
	askOpenPath(v.st.Window, v.compareQRFile, ".png", ".jpg", ".jpeg", ".gif")
}

// compareKey shows MATCH when k is the signatory's key and MISMATCH,
// naming the first differing word, when it is not.
func (v *verifyScreen) compareKey(k *chain.PublicKey, what string) {
	if v.result == nil {
		return
	}
	v.resetVerdict()
	want := v.result.Recovery.Fingerprint()
	got := k.Fingerprint()
	if got != want {
		detail := "The key differs in every word"
		if err := want.CheckWords(got.WordString()); err != nil {
			detail = err.Error()
		}
		v.banner.set(verdictMismatch, "The key in "+what+" is not this signatory's key.", detail,
			"Do not trust this chain: it may be a fork or a forgery.")
		return
	}
	v.matched()
}

// matched shows MATCH and offers to pin.
func (v *verifyScreen) matched() {
	words := v.result.Recovery.Fingerprint().Words()
	v.banner.set(verdictMatch, "This is the signatory's key:",
		strings.Join(words[:6], " "), strings.Join(words[6:], " "))
	v.pinBtn.Enable()
	v.pinBtn.Show()
}

// cannotCompare says why nothing could be compared; no verdict is shown.
func (v *verifyScreen) cannotCompare(msg string) {
	v.resetVerdict()
	v.inputErr.SetText(msg)
	v.inputErr.Show()
}

// pin adds the checked chain's head to the trust store.
func (v *verifyScreen) pin() {
	if v.result == nil || v.banner.result != verdictMatch {
		return
	}
	head := v.result.Head
	path, err := v.st.TrustPath()
	if err == nil {
		err = pinSignatory(path, &head)
	}
	if err != nil {
		msg := "Not pinned: " + err.Error()
		if errors.Is(err, os.ErrPermission) {
			msg += " (check the permissions of the trust store)"
		}
		v.pinResult.SetText(msg)
		v.pinResult.Importance = widget.DangerImportance
		v.pinResult.Refresh()
		return
	}
	v.pinBtn.Disable()
	v.pinResult.Importance = widget.SuccessImportance
	v.pinResult.SetText(fmt.Sprintf("Pinned %s, signatory %s, at position %d in %s. Later releases will be checked against this pin with no human step.",
		head.Package, head.Signatory, head.Position, path))
}
