package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stepState is where a step stands.
type stepState int

const (
	stepPending stepState = iota
	stepCurrent
	stepDone
	stepFailed
)

// stepper shows a script of steps: what is done (a tick), where you are
// (an arrow, in bold), what comes next (a hollow circle) and a step that
// failed (a cross). It is drawn as a row (the wizard's pages) or a column
// (a ceremony's steps).
type stepper struct {
	titles     []string
	states     []stepState
	horizontal bool
	box        *fyne.Container
}

func newStepper(titles []string, horizontal bool) *stepper {
	s := &stepper{horizontal: horizontal}
	if horizontal {
		s.box = container.NewHBox()
	} else {
		s.box = container.NewVBox()
	}
	s.reset(titles)
	return s
}

// reset starts over with titles, all pending.
func (s *stepper) reset(titles []string) {
	s.titles = append([]string(nil), titles...)
	s.states = make([]stepState, len(titles))
	s.rebuild()
}

// at makes step i (from 0) the current one: the steps before it are done,
// the ones after it pending.
func (s *stepper) at(i int) {
	for j := range s.states {
		switch {
		case j < i:
			s.states[j] = stepDone
		case j == i:
			s.states[j] = stepCurrent
		default:
			s.states[j] = stepPending
		}
	}
	s.rebuild()
}

// announce records that step i of n (from 0) is called title, as the
// ceremony itself says, and makes it current. The list grows or shrinks to
// n steps, so it follows the ceremony even where the expected titles were
// wrong.
func (s *stepper) announce(i, n int, title string) {
	for len(s.titles) < n {
		s.titles = append(s.titles, fmt.Sprintf("step %d", len(s.titles)+1))
		s.states = append(s.states, stepPending)
	}
	s.titles, s.states = s.titles[:n], s.states[:n]
	if i >= 0 && i < n {
		s.titles[i] = title
	}
	s.at(i)
}

// fail marks the current step (or, with none current, the first pending
// one) as failed.
func (s *stepper) fail() {
	for j, st := range s.states {
		if st == stepCurrent || st == stepPending {
			s.states[j] = stepFailed
			break
		}
	}
	s.rebuild()
}

// finish marks every step done.
func (s *stepper) finish() {
	for j := range s.states {
		s.states[j] = stepDone
	}
	s.rebuild()
}

// current returns the index of the current step, or -1.
func (s *stepper) current() int {
	for j, st := range s.states {
		if st == stepCurrent {
			return j
		}
	}
	return -1
}

// next returns the title of the step after the current one, or "".
func (s *stepper) next() string {
	if c := s.current(); c >= 0 && c+1 < len(s.titles) {
		return s.titles[c+1]
	}
	return ""
}

func stepIcon(st stepState) fyne.Resource {
	switch st {
	case stepDone:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case stepCurrent:
		return theme.NewPrimaryThemedResource(theme.NavigateNextIcon())
	case stepFailed:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	}
	return theme.NewDisabledResource(theme.RadioButtonIcon())
}

func (s *stepper) rebuild() {
	s.box.Objects = nil
	for j, t := range s.titles {
		text := canvas.NewText(fmt.Sprintf("%d. %s", j+1, t), theme.Color(theme.ColorNameForeground))
		switch s.states[j] {
		case stepCurrent:
			text.TextStyle = fyne.TextStyle{Bold: true}
			text.Color = theme.Color(theme.ColorNamePrimary)
		case stepPending:
			text.Color = theme.Color(theme.ColorNameDisabled)
		case stepFailed:
			text.TextStyle = fyne.TextStyle{Bold: true}
			text.Color = theme.Color(theme.ColorNameError)
		}
		if s.horizontal && j > 0 {
			s.box.Add(widget.NewIcon(theme.NewDisabledResource(theme.NavigateNextIcon())))
		}
		s.box.Add(container.NewHBox(widget.NewIcon(stepIcon(s.states[j])), container.NewCenter(text)))
	}
	s.box.Refresh()
}
