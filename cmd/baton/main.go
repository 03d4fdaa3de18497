// Command baton is Baton's command line: every key ceremony (init, adopt,
// release, abort) and every check a user makes (verify, trust, log), in a
// form scripts can drive. Run `baton help` for the verbs and exit codes.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the heap size the garbage collector aims to stay under
// (a soft limit: it collects more often near it, and never fails). A
// verify of a 100,000-entry chain holds about 30 MiB live; without the
// limit the collector lets the heap grow to twice that.
const memoryLimit = 48 << 20

func main() {
	limitMemory()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// limitMemory sets the soft memory limit, unless GOMEMLIMIT does. The test
// binary's baton command calls it too, so that tests measure what users run.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
