package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// The file dialogs every screen uses. Each hands use the chosen path (it
// reads or writes nothing itself) and does nothing when the person
// cancels.

// askOpenPath asks for an existing file, of the extensions exts when
// given.
func askOpenPath(win fyne.Window, use func(path string), exts ...string) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		use(r.URI().Path())
	}, win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Show()
}

// askFolderPath asks for a folder.
func askFolderPath(win fyne.Window, use func(path string)) {
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err == nil && u != nil {
			use(u.Path())
		}
	}, win)
}

// askSavePath asks where to save a file, suggesting name. The dialog
// creates (or empties, after asking) the file it names: use it only for
// files to be written at once.
func askSavePath(win fyne.Window, name string, exts []string, use func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		wc.Close()
		use(wc.URI().Path())
	}, win)
	d.SetFileName(name)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Show()
}

// withChooser lays entry out with a Choose… button beside it that runs
// ask (which fills the entry).
func withChooser(entry *widget.Entry, icon fyne.Resource, ask func()) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("Choose…", icon, ask), entry)
}
