package app

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// helpPages are the ceremonies' help pages, in the binary: help works
// offline, as ceremonies do.
//
//go:embed help/*.md
var helpPages embed.FS

// helpFiles names each ceremony's help page, by the ceremony's name (a
// form's name(), as transcripts name it): the card's Help and the
// wizard's show the same page.
var helpFiles = map[string]string{
	"genesis":          "genesis.md",
	"release":          "release.md",
	"backup-files":     "backup-files.md",
	"backup-paper":     "backup-paper.md",
	"backup-shares":    "shares.md",
	"restore":          "restore.md",
	"restore-check":    "restore.md",
	"handover-request": "handover-request.md",
	"handover-witness": "handover-witness.md",
	"handover-sign":    "handover-sign.md",
	"handover-accept":  "handover-accept.md",
	"rekey":            "rekey.md",
	"emergency":        "emergency.md",
	"adopt":            "adopt.md",
}

// helpText is the help page (markdown) of the ceremony called name, or ""
// if it has none.
func helpText(name string) string {
	file, ok := helpFiles[name]
	if !ok {
		return ""
	}
	b, err := helpPages.ReadFile("help/" + file)
	if err != nil {
		return ""
	}
	return string(b)
}

// showHelpPage shows the help page of the ceremony called name, titled
// title, in a dialog on st's window, and returns the page.
func showHelpPage(st *appState, title, name string) *widget.RichText {
	text := helpText(name)
	if text == "" {
		text = "# " + title + "\n\nNo help page yet: the Ceremonies screen says what the ceremony does."
	}
	rt := widget.NewRichTextFromMarkdown(text)
	rt.Wrapping = fyne.TextWrapWord
	if st.Window == nil {
		return rt
	}
	scroll := container.NewVScroll(rt)
	d := dialog.NewCustom("Help: "+title, "Close", scroll, st.Window)
	size := st.Window.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(560, size.Height*0.9)))
	d.Show()
	return rt
}

// showHelp shows the help page of the ceremony of card cc. It builds no
// form: some read every package's chain, which has no place on the UI
// goroutine just to name a page.
func (c *ceremoniesScreen) showHelp(cc ceremonyCard) {
	c.help = showHelpPage(c.st, cc.title, cc.help)
}

// showHelp shows the help page of the wizard's ceremony, as its card's
// Help does: the help is at hand while the details are filled in.
func (w *wizard) showHelp() {
	w.help = showHelpPage(w.st, w.form.title(), w.form.name())
}
