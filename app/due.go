package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/baton-signing/baton/ceremony"
)

// dueTask is what a "What is due" item of Home offers: a button that
// opens the wizard doing it (or, with no form, the Ceremonies screen).
type dueTask struct {
	button string
	icon   fyne.Resource
	form   func(st *appState) ceremonyForm // nil: show the Ceremonies screen
}

// dueAction finds the task of an item of ceremony.Status.Items by its
// kind; ok is false for an item no wizard does (a hand-over done).
func dueAction(kind ceremony.DueKind) (task dueTask, ok bool) {
	switch kind {
	case ceremony.DueHandedOver:
		return dueTask{}, false
	case ceremony.DueUnfinished:
		return dueTask{button: "Resume or abort…", icon: theme.MediaPlayIcon()}, true
	case ceremony.DueRekey:
		return dueTask{button: "Re-key…", icon: theme.ViewRefreshIcon(), form: func(st *appState) ceremonyForm { return newRekeyForm(st) }}, true
	case ceremony.DueSpare, ceremony.DueWipeUsed:
		return dueTask{button: "Release…", icon: theme.UploadIcon(), form: func(st *appState) ceremonyForm { return newReleaseForm(st) }}, true
	case ceremony.DueBackup:
		return dueTask{button: "Back up now…", icon: theme.DocumentSaveIcon(), form: func(st *appState) ceremonyForm { return newKeyBackupForm(st, false) }}, true
	case ceremony.DueDestroyBackups:
		// Recording that backups are destroyed has no wizard yet: the
		// Ceremonies screen lists the backup ceremonies.
		return dueTask{button: "Backups…", icon: theme.DeleteIcon()}, true
	}
	return dueTask{button: "Ceremonies…", icon: theme.DocumentCreateIcon()}, true
}

// doDue selects pkg and opens task's wizard (or the Ceremonies screen).
func (s *appState) doDue(pkg string, task dueTask) {
	s.SelectPackage(pkg)
	if task.form == nil {
		s.ShowScreen("ceremonies")
		return
	}
	s.openCeremony(task.form)
}
