// Command baton-gui is Baton's desktop app. Build it with cgo (Fyne's GLFW
// driver); the UI lives in package app.
//
// It opens the vault ($BATON_VAULT, else the one chosen in the
// preferences, else $XDG_DATA_HOME/baton or ~/.local/share/baton); when
// that holds no package it opens a demo vault instead.
//
//	baton-gui                 the app, on Home
//	baton-gui SCREEN          on SCREEN: home, keys, verify, ceremonies, preferences, about,
//	                          trust or dependencies
//	baton-gui release [--package P] [--version V] [--dir DIR] [--operator NAME]
//	                          the Release wizard with these details filled in
//	baton-gui verify --package P --chain FILE [--key KEY | --words WORDS]
//	                          the chain checked on Verify, and the key compared
//
// BATON_GUI_SCREEN names the first screen too, when the command line does
// not.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/baton-signing/baton/app"
)

// appID matches the ID in FyneApp.toml; Fyne keys preferences and storage
// by it.
const appID = "org.baton.app"

func main() {
	err := app.Run(fyneapp.NewWithID(appID), os.Getenv("BATON_GUI_SCREEN"), os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "baton-gui:", err)
		os.Exit(2)
	}
}
