package ceremony

// Version is Baton's version, the one place it is written: `baton
// --version` prints it, the app's About screen shows it, and FyneApp.toml's
// Version (which the packager reads) must equal it (a test checks; make
// package reads it from there). A build may set it with
// -ldflags "-X github.com/baton-signing/baton/ceremony.Version=...".
var Version = "0.1.0"
