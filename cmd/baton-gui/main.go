// Command baton-gui is Baton's desktop app. Build it with cgo (Fyne's GLFW
// driver); the UI lives in package app.
//
// It opens the vault ($BATON_VAULT, else $XDG_DATA_HOME/baton, else
// ~/.local/share/baton, or the one chosen in the preferences); when that
// holds no package it opens a demo vault instead. BATON_GUI_SCREEN (home,
// keys, verify, ceremonies, preferences, about) selects the first screen,
// for screenshots.
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/baton-signing/baton/app"
)

// appID matches the ID in FyneApp.toml; Fyne keys preferences and storage
// by it.
const appID = "org.baton.app"

func main() {
	app.Run(fyneapp.NewWithID(appID), os.Getenv("BATON_GUI_SCREEN"))
}
