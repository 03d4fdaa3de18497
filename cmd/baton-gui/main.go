// Command baton-gui is Baton's desktop app. Build it with cgo (Fyne's GLFW
// driver); the UI lives in package app.
package main

import (
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/baton-signing/baton/app"
)

// appID matches the ID in FyneApp.toml; Fyne keys preferences and storage
// by it.
const appID = "org.baton.app"

func main() {
	app.New(fyneapp.NewWithID(appID)).ShowAndRun()
}
