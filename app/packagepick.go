package app

import (
	"slices"

	"fyne.io/fyne/v2/widget"
)

// packagePick is a select of the open vault's packages with st.Package
// chosen (when the vault has it), or the vault's only package when none is
// chosen: there is nothing to choose between. changed, if not nil, is called when the
// person picks another package, not for the first choice.
func packagePick(st *appState, changed func(string)) *widget.Select {
	s := widget.NewSelect(nil, nil)
	s.PlaceHolder = "(choose a package)"
	if st.Vault != nil {
		if names, err := st.Vault.Packages(); err == nil {
			s.SetOptions(names)
		}
	}
	if st.Package != "" && slices.Contains(s.Options, st.Package) {
		s.SetSelected(st.Package)
	} else if len(s.Options) == 1 {
		s.SetSelected(s.Options[0])
	}
	s.OnChanged = changed
	return s
}
