package main

import (
	"os"
	"time"
)

// In the test binary, which the testscripts run as baton, BATON_TEST_CLOCK
// (a Go duration) moves deps' clock forward: a hand-over signed now is
// "10 days ago" with 240h. A go build of cmd/baton never compiles this.
func init() {
	now = func() time.Time {
		d, _ := time.ParseDuration(os.Getenv("BATON_TEST_CLOCK"))
		return time.Now().Add(d)
	}
}
