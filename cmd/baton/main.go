// Command baton is Baton's command line: every key ceremony (init, adopt,
// release, abort) and every check a user makes (verify, trust, log), in a
// form scripts can drive. Run `baton help` for the verbs and exit codes.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
