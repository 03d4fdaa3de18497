package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

func (w *wizard) buildTranscript() {
	w.transView = widget.NewLabel("")
	w.transView.TextStyle = fyne.TextStyle{Monospace: true}
	w.transView.Selectable = true
	// Wrapped, in a vertical scroll: no line is cut off on the right, the
	// recovery key's words included.
	w.transView.Wrapping = fyne.TextWrapWord
	w.saved = widget.NewLabel("")
	w.saved.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(transcriptNote)
	note.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon("Save as text…", theme.DocumentSaveIcon(), w.askSaveTranscript)
	savePDF := widget.NewButtonWithIcon("Save as PDF…", theme.FileIcon(), w.askSavePDF)
	// Named for what it prints: a paper backup's done page also prints sheets.
	w.printBtn = widget.NewButtonWithIcon("Print transcript…", theme.DocumentPrintIcon(), w.printTranscript)
	done := widget.NewButtonWithIcon("Done", theme.ConfirmIcon(), w.close)
	done.Importance = widget.HighImportance
	scroll := container.NewVScroll(w.transView)
	w.publish = newPublishPage(w, w.showSignedTranscript)
	toPublish := widget.NewButtonWithIcon("Publish these", theme.UploadIcon(), w.showPublish)
	w.publishBtn = toPublish
	w.doneSteps = newStepper(nil, false)
	w.doneHeading = widget.NewLabelWithStyle("The ceremony is done. Its signed transcript:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.doneNote = note
	row := []fyne.CanvasObject{toPublish, save, savePDF, w.printBtn, done}
	if a, ok := w.form.(doneActioner); ok {
		// The form's own results (sheets to print) come first.
		row = append(a.doneActions(w), row...)
	}
	transcript := container.NewBorder(
		container.NewVBox(w.doneHeading, note),
		container.NewVBox(w.saved, buttons(row...)),
		container.NewVBox(widget.NewLabelWithStyle("Steps done", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.doneSteps.box),
		nil, widget.NewCard("", "", scroll))
	w.done = container.NewStack(transcript, w.publish.root)
	w.setPage(pageTranscript, w.done)
}

// doneActioner is a form with buttons of its own on the done page, for
// what the ceremony wrote (the paper backup's sheets). Its buttons report
// through w.saved.
type doneActioner interface {
	doneActions(w *wizard) []fyne.CanvasObject
}

// sheetActions are the done page's buttons for PDF sheets a ceremony
// wrote: Open folder shows dir() in the file manager, Print sheets sends
// every sheet of sheets() to the printer (appState.Print, as the
// transcript's Print… does), off the UI goroutine.
func sheetActions(w *wizard, dir func() string, sheets func() []string) []fyne.CanvasObject {
	open := widget.NewButtonWithIcon("Open folder", theme.FolderOpenIcon(), func() {
		if err := openFolder(w.st, dir()); err != nil {
			w.saved.SetText("Could not open the folder: " + err.Error())
		}
	})
	var printSheets *widget.Button
	printSheets = widget.NewButtonWithIcon("Print sheets", theme.DocumentPrintIcon(), func() {
		paths := sheets()
		if len(paths) == 0 {
			w.saved.SetText("There is no sheet to print.")
			return
		}
		printSheets.Disable()
		w.saved.SetText("Printing the sheets…")
		print := w.st.Print
		w.st.Go(func() {
			var err error
			for _, p := range paths {
				if err = print(p, "Baton: "+filepath.Base(p)); err != nil {
					err = fmt.Errorf("%s: %w", filepath.Base(p), err)
					break
				}
			}
			w.st.Do(func() {
				printSheets.Enable()
				if err != nil {
					w.saved.SetText("Could not print the sheets: " + err.Error())
					return
				}
				w.saved.SetText(fmt.Sprintf("Sent %d sheets to the printer. Check a printout with Restore a key (only test), then delete the PDF files.", len(paths)))
			})
		})
	})
	printSheets.Importance = widget.HighImportance
	return []fyne.CanvasObject{open, printSheets}
}

// showPublish puts the publish page in front of the transcript.
func (w *wizard) showPublish() {
	w.done.Objects[0].Hide()
	w.publish.root.Show()
	w.done.Refresh()
}

// showSignedTranscript shows the transcript, behind the publish page.
func (w *wizard) showSignedTranscript() {
	w.publish.root.Hide()
	w.done.Objects[0].Show()
	w.done.Refresh()
}

// transcriptNote says where the transcript is and how to print it.
const transcriptNote = "The transcript is signed and kept in the vault. Print transcript… prints the signed file as it is (its first two lines are the signature); Save as PDF… keeps a copy to print elsewhere."

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
			w.doneNote.SetText(s + "\n\n" + transcriptNote)
		}
	}
	w.show(pageTranscript)
	if w.publishes() {
		w.publish.show()
		w.publishBtn.Show()
		w.showPublish()
	} else {
		w.publishBtn.Hide()
		w.showSignedTranscript()
	}
}

func (w *wizard) askSaveTranscript() {
	if w.transcript == "" {
		return
	}
	askSavePath(w.st.Window, fmt.Sprintf("%s-%s-transcript.txt", strings.ReplaceAll(w.form.pkg(), "/", "_"), w.form.name()), []string{".txt"},
		func(path string) { w.saveTranscript(path) })
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

// printable returns what Print… and Save as PDF… put on paper: the signed
// transcript file as it is, or a solo move's result, and its title.
func (w *wizard) printable() (title, text string, err error) {
	title = fmt.Sprintf("Baton: %s ceremony for %s", w.form.name(), w.form.pkg())
	if w.outcome == nil || w.outcome.Transcript == "" {
		return title, w.transcript, nil
	}
	data, err := os.ReadFile(w.outcome.Transcript)
	if err != nil {
		return "", "", err
	}
	return title + " (signed transcript)", string(data), nil
}

// transcriptPDF lays out what is printed.
func (w *wizard) transcriptPDF() ([]byte, string, error) {
	title, text, err := w.printable()
	if err != nil {
		return nil, "", err
	}
	pdf, err := ceremony.TextPDF(title, text, time.Now())
	return pdf, title, err
}

// printTranscript sends the transcript to the printer off the UI
// goroutine and says how it went.
func (w *wizard) printTranscript() {
	pdf, title, err := w.transcriptPDF()
	if err != nil {
		w.saved.SetText("Could not print: " + err.Error())
		return
	}
	w.printBtn.Disable()
	w.saved.SetText("Printing…")
	print := w.st.Print
	w.st.Go(func() {
		err := printPDF(print, pdf, title)
		w.st.Do(func() {
			w.printBtn.Enable()
			if err != nil {
				w.saved.SetText("Could not print: " + err.Error())
				return
			}
			w.saved.SetText("Sent \u201c" + title + "\u201d to the printer.")
		})
	})
}

func (w *wizard) askSavePDF() {
	askSavePath(w.st.Window, fmt.Sprintf("%s-%s-transcript.pdf", strings.ReplaceAll(w.form.pkg(), "/", "_"), w.form.name()), []string{".pdf"},
		func(path string) { w.savePDF(path) })
}

// savePDF writes the printable transcript to path as a PDF.
func (w *wizard) savePDF(path string) error {
	pdf, _, err := w.transcriptPDF()
	if err == nil {
		err = os.WriteFile(path, pdf, 0o644)
	}
	if err != nil {
		w.saved.SetText("Could not save: " + err.Error())
		return err
	}
	w.saved.SetText("Saved the transcript as a PDF to " + path)
	return nil
}
