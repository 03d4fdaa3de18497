package app

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (w *wizard) buildTranscript() {
	w.transView = widget.NewLabel("")
	w.transView.TextStyle = fyne.TextStyle{Monospace: true}
	w.transView.Selectable = true
	w.saved = widget.NewLabel("")
	w.saved.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel("The transcript is signed and kept in the vault. To print it, save it as text and print that file.")
	note.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon("Save as text…", theme.DocumentSaveIcon(), w.askSaveTranscript)
	done := widget.NewButtonWithIcon("Done", theme.ConfirmIcon(), w.close)
	done.Importance = widget.HighImportance
	scroll := container.NewScroll(w.transView)
	w.doneSteps = newStepper(nil, false)
	w.doneHeading = widget.NewLabelWithStyle("The ceremony is done. Its signed transcript:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.doneNote = note
	w.setPage(pageTranscript, container.NewBorder(
		container.NewVBox(w.doneHeading, note),
		container.NewVBox(w.saved, buttons(save, done)),
		container.NewVBox(widget.NewLabelWithStyle("Steps done", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.doneSteps.box),
		nil, widget.NewCard("", "", scroll)))
}

// showTranscript shows the finished ceremony's transcript.
func (w *wizard) showTranscript() {
	w.transView.SetText(w.transcript)
	done := append([]string(nil), w.steps.titles...)
	if w.outcome.Transcript != "" {
		done = append(done, "sign the transcript")
	}
	w.doneSteps.reset(done)
	w.doneSteps.finish()
	w.saved.SetText("Signed transcript: " + w.outcome.Transcript)
	if w.outcome.Transcript == "" { // a solo move: what it did, no transcript
		w.doneHeading.SetText("Done. What was done:")
		w.doneNote.Hide()
		w.saved.SetText("Files written: " + strings.Join(w.outcome.Files, ", "))
		if len(w.outcome.Files) == 0 {
			w.saved.SetText("No file was changed.")
		}
	} else if n, ok := w.form.(noter); ok {
		if s := n.note(w.outcome); s != "" {
			w.doneNote.SetText(s + "\n\nThe transcript is signed and kept in the vault. To print it, save it as text and print that file.")
		}
	}
	w.show(pageTranscript)
}

func (w *wizard) askSaveTranscript() {
	if w.transcript == "" {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		w.saveTranscript(path)
	}, w.st.Window)
	d.SetFileName(fmt.Sprintf("%s-%s-transcript.txt", strings.ReplaceAll(w.form.pkg(), "/", "_"), w.form.name()))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".txt"}))
	d.Show()
}

// saveTranscript writes the transcript's text to path.
func (w *wizard) saveTranscript(path string) error {
	if err := os.WriteFile(path, []byte(w.transcript), 0o644); err != nil {
		w.saved.SetText("Could not save: " + err.Error())
		return err
	}
	w.saved.SetText("Saved the transcript to " + path)
	return nil
}
