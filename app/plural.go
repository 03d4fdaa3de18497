package app

import "fmt"

// countOf says n of a thing, singular for one: "1 entry", "4 entries".
func countOf[N int | uint64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// entryCount says how many entries a chain has.
func entryCount[N int | uint64](n N) string { return countOf(n, "entry", "entries") }
