//go:build race

package main

// raceEnabled: the race detector multiplies memory and time, so tests that
// measure a process's peak RSS skip under it.
const raceEnabled = true
