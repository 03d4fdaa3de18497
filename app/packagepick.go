package app

import (
	"slices"

	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
)

// packagePick is a select of the open vault's packages with st.Package
// chosen (when the vault has it), or the vault's only package when none is
// chosen: there is nothing to choose between. changed, if not nil, is called when the
// person picks another package, not for the first choice.
func packagePick(st *appState, changed func(string)) *widget.Select {
	return packagePickWhere(st, nil, changed)
}

// packagePickWhere is packagePick of the packages keep keeps (all when
// keep is nil): a ceremony that applies to some packages only lists
// those.
func packagePickWhere(st *appState, keep func(p *ceremony.Package) bool, changed func(string)) *widget.Select {
	s := widget.NewSelect(nil, nil)
	s.PlaceHolder = "(choose a package)"
	if st.Vault != nil {
		if names, err := st.Vault.Packages(); err == nil {
			if keep != nil {
				names = slices.DeleteFunc(names, func(n string) bool { return !keep(st.Vault.Package(n)) })
			}
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
