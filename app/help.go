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

// helpFiles names the help page of each ceremony card, by its title.
var helpFiles = map[string]string{
	"New chain":                               "genesis.md",
	"Release":                                 "release.md",
	"Key file copies":                         "backup-files.md",
	"Paper backup":                            "backup-paper.md",
	"Recovery shares (M of N)":                "shares.md",
	"Restore a key":                           "restore.md",
	"Request a hand-over (successor)":         "handover-request.md",
	"Co-sign as a witness":                    "handover-witness.md",
	"Sign the hand-over (outgoing signatory)": "handover-sign.md",
	"Accept the hand-over (successor)":        "handover-accept.md",
	"Re-key":                                  "rekey.md",
	"Emergency switch":                        "emergency.md",
	"Adopt (fork) a chain":                    "adopt.md",
}

// helpText is the help page (markdown) of the ceremony titled title, or ""
// if it has none.
func helpText(title string) string {
	name, ok := helpFiles[title]
	if !ok {
		return ""
	}
	b, err := helpPages.ReadFile("help/" + name)
	if err != nil {
		return ""
	}
	return string(b)
}

// showHelp shows the help page of the ceremony titled title in a dialog.
func (c *ceremoniesScreen) showHelp(title string) {
	text := helpText(title)
	if text == "" {
		text = "# " + title + "\n\nNo help page yet: the card says what the ceremony does."
	}
	rt := widget.NewRichTextFromMarkdown(text)
	rt.Wrapping = fyne.TextWrapWord
	c.help = rt
	if c.st.Window == nil {
		return
	}
	scroll := container.NewVScroll(rt)
	d := dialog.NewCustom("Help: "+title, "Close", scroll, c.st.Window)
	size := c.st.Window.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(560, size.Height*0.9)))
	d.Show()
}
