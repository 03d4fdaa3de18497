package app

import (
	"runtime/debug"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// licenseName names the license Baton is distributed under.
var licenseName = "ISC"

// aboutText describes the signify model in one paragraph.
const aboutText = "Baton follows the signify model of OpenBSD. Every release " +
	"is signed by its own key, and that key was announced inside the signed " +
	"entry of the release before it, so a user who trusted one release can " +
	"check every later one without asking anybody. Keys are made two " +
	"releases ahead (release plus two): after release N ships, the key for " +
	"N+2 is generated, backed up and restore-tested, and release N+1 " +
	"announces it. Trust sits with the signatory who holds the chain of " +
	"keys, not with a registry or with where a download came from."

// aboutLinks names the documents of Baton's repository, as text: the app
// works offline.
var aboutLinks = []string{
	"README.md: what Baton is and how to use it",
	"SPEC.md: the chain format and the verification rules",
	"docs/SECURITY.md and docs/ATTACKS.md: what Baton defends against",
	"docs/vault.md: the vault's layout",
	"Go module: github.com/baton-signing/baton",
}

// buildID says which build this is: the Go version and, when the binary
// was built from a version-controlled tree, the commit and its time.
func buildID(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "Build: unknown"
	}
	parts := []string{info.GoVersion}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if rev != "" {
		parts = append(parts, "commit "+rev+modified)
	}
	if at != "" {
		parts = append(parts, at)
	}
	return "Build: " + strings.Join(parts, " · ")
}

// aboutScreen shows the app's name, its version (ceremony.Version, which
// `baton --version` prints too), its build id, what it does, where its
// documents are and its License.
func aboutScreen(*appState) fyne.CanvasObject {
	logo := canvas.NewImageFromResource(appIcon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(64))

	name := widget.NewLabelWithStyle(appTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	version := widget.NewLabel("Version " + ceremony.Version)
	build := widget.NewLabel(buildID(debug.ReadBuildInfo()))
	build.Wrapping = fyne.TextWrapBreak
	build.Selectable = true
	header := container.NewBorder(nil, nil, logo, nil, container.NewVBox(name, version, build))

	body := widget.NewLabel(aboutText)
	body.Wrapping = fyne.TextWrapWord

	license := widget.NewLabel("License: " + licenseName + ". Built with Fyne (BSD 3-Clause).")
	license.Wrapping = fyne.TextWrapWord

	links := container.NewVBox(sectionLabel("Documents (in Baton's source repository)"))
	for _, l := range aboutLinks {
		t := widget.NewLabel(l)
		t.Wrapping = fyne.TextWrapWord
		t.Selectable = true
		links.Add(t)
	}

	return container.NewVScroll(container.NewPadded(
		container.NewVBox(header, widget.NewSeparator(), body, links, license)))
}
