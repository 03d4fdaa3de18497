package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/baton-signing/baton/ceremony"
)

// roleColors colour the key role chips: the key in force green like a
// release, spares blue, the recovery key gold, used and retired keys
// fading out.
var roleColors = map[ceremony.Role]color.NRGBA{
	ceremony.RoleInForce:  {R: 0x2E, G: 0x9E, B: 0x44, A: 0xFF},
	ceremony.RoleSpare:    {R: 0x2F, G: 0x6F, B: 0xE0, A: 0xFF},
	ceremony.RoleRecovery: {R: 0xC7, G: 0x8A, B: 0x00, A: 0xFF},
	ceremony.RoleUsed:     {R: 0x6B, G: 0x72, B: 0x80, A: 0xFF},
	ceremony.RoleRetired:  {R: 0x9C, G: 0xA3, B: 0xAF, A: 0xFF},
}

// roleChip is a small rounded label "K4 · in force" (or "recovery key") in
// the role's colour.
func roleChip(label string, role ceremony.Role) fyne.CanvasObject {
	c, ok := roleColors[role]
	if !ok {
		c = roleColors[ceremony.RoleRetired]
	}
	bg := canvas.NewRectangle(c)
	bg.CornerRadius = 10
	caption := label + " · " + string(role)
	if role == ceremony.RoleRecovery {
		caption = "recovery key"
	}
	text := canvas.NewText(caption, color.White)
	text.TextStyle = fyne.TextStyle{Bold: true}
	text.TextSize = 12
	if role == ceremony.RoleRetired {
		text.TextStyle.Italic = true
	}
	return container.NewStack(bg, container.New(&chipPadding{}, text))
}

// chipPadding pads a chip's text by a fixed few units, tighter than the
// theme's padding.
type chipPadding struct{}

const chipPadX, chipPadY = 10, 3

func (chipPadding) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(chipPadX, chipPadY))
		o.Resize(fyne.NewSize(size.Width-2*chipPadX, size.Height-2*chipPadY))
	}
}

func (chipPadding) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Add(fyne.NewSize(2*chipPadX, 2*chipPadY))
}

// keyChips returns a chip per key, in the vault's order (recovery first).
func keyChips(keys []ceremony.KeyStatus) fyne.CanvasObject {
	row := container.NewHBox()
	for _, k := range keys {
		row.Add(container.NewCenter(roleChip(k.Label, k.Role)))
	}
	return row
}
