package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// What the hand-over wizards share: choosing files, reading a published
// chain, describing a draft and reading the witnesses of a request.

// handoverFileRow is entry with a Choose… button beside it that fills it
// from a file dialog: one to open an existing file, or, with saveName, a
// folder in which the file saveName() is to be written. (A save dialog
// would create, and so empty, the file it names at once, before anything
// runs.)
func handoverFileRow(st *appState, entry *widget.Entry, saveName func() string) fyne.CanvasObject {
	return withChooser(entry, theme.FolderOpenIcon(), func() {
		if saveName != nil {
			askFolderPath(st.Window, func(dir string) { entry.SetText(filepath.Join(dir, saveName())) })
			return
		}
		askOpenPath(st.Window, entry.SetText)
	})
}

// wrapLabel is a label whose text wraps to the width it is given.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// publishedChain is a package's chain as published, verified from its
// genesis.
type publishedChain struct {
	path string
	data []byte
	res  *chain.Result
}

// readPublishedChain reads the chain file at path and verifies it from its
// genesis for the package its first entry names.
func readPublishedChain(path string) (*publishedChain, error) {
	if path == "" {
		return nil, errors.New("choose the package's chain file, as published")
	}
	data, err := ceremony.ReadFile(path, ceremony.MaxChainFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %w", err)
	}
	first, err := chain.NewReader(path, bytes.NewReader(data)).Next()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s has no entries: it is not a chain file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s is not a chain file: %w", path, err)
	}
	res, err := chain.FirstTrust(first.Package, chain.NewReader(path, bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("the chain %s does not verify: %w", path, err)
	}
	return &publishedChain{path: path, data: data, res: res}, nil
}

// describe says whose chain it is, in a line.
func (c *publishedChain) describe() string {
	return fmt.Sprintf("%s, held by %s (signatory %s), %s", c.res.Head.Package, untrusted.Quote(c.res.Name), c.res.Head.Signatory, entryCount(c.res.Head.Position))
}

// draftSummary says what a draft hand-over does, line by line, for a
// person about to sign it: the package, the position, the successor and
// their recovery key's words, the reason and who co-signed.
func draftSummary(d *chain.SignedEntry) string {
	lines := []string{
		fmt.Sprintf("Hands %s over at position %d", d.Package, d.Position),
		fmt.Sprintf("to %s (signatory %s)", untrusted.Quote(d.Name), chain.SignatoryOf(d.Recovery)),
		"Their recovery key's words: " + d.Recovery.Fingerprint().WordString(),
	}
	if d.Reason != "" {
		lines = append(lines, "Reason: "+untrusted.Quote(d.Reason))
	}
	return strings.Join(append(lines, witnessSummary(d)), "\n")
}

// witnessSummary says which of a draft's witnesses have co-signed it.
func witnessSummary(d *chain.SignedEntry) string {
	if len(d.Witnesses) == 0 {
		return "Witnesses: none named"
	}
	signed, missing, err := ceremony.WitnessState(d)
	if err != nil {
		return "Witnesses: " + untrusted.SanitizeMessage(err.Error())
	}
	var parts []string
	if len(signed) > 0 {
		parts = append(parts, "signed:\n  "+strings.Join(untrusted.QuoteAll(signed), "\n  "))
	}
	if len(missing) > 0 {
		parts = append(parts, "still to sign:\n  "+strings.Join(untrusted.QuoteAll(missing), "\n  "))
	}
	return "Witnesses, one per line:\n" + strings.Join(parts, "\n")
}

// showDraft reads the draft at path into l: its summary, or what is wrong
// with it; nothing while no path is given.
//
// It returns the hash of the draft it showed (zero when none), so that a
// form can sign that draft and no other.
func showDraft(l *widget.Label, path string) chain.Hash {
	path = strings.TrimSpace(path)
	if path == "" {
		l.SetText("")
		return chain.Hash{}
	}
	d, err := ceremony.ReadDraft(path)
	if err != nil {
		l.SetText("Not a hand-over draft: " + err.Error())
		return chain.Hash{}
	}
	l.SetText(draftSummary(d))
	return d.Hash()
}

// parseWitnessLines reads a request's witnesses, one "Name=KEY" a line
// (ceremony.ParseWitnessKey); blank lines are skipped. The same name or
// key twice is an error.
func parseWitnessLines(text string) ([]chain.Witness, error) {
	var out []chain.Witness
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		w, err := ceremony.ParseWitnessKey(line)
		if err != nil {
			return nil, fmt.Errorf("witnesses, line %d (%q): %w", i+1, strings.TrimSpace(line), err)
		}
		for _, o := range out {
			if o.Name == w.Name || o.Key.Equal(w.Key) {
				return nil, fmt.Errorf("witnesses, line %d: %q is the same witness as %q: name each witness once", i+1, w.Name, o.Name)
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// checkWritable says what is wrong with path as a file to write.
func checkWritable(path string) error {
	if path == "" {
		return errors.New("choose where to write it")
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder: name a file in it", path)
	}
	if !dirExists(filepath.Dir(path)) {
		return fmt.Errorf("the folder %s does not exist", filepath.Dir(path))
	}
	return nil
}

// draftFileName is the name a hand-over draft of pkg gets: the package's
// name made safe for a file name, so that drafts of several packages can
// share a folder.
func draftFileName(pkg string) string {
	if pkg == "" {
		return "handover.draft"
	}
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, pkg)
	return safe + ".handover.draft"
}
