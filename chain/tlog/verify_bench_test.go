package tlog_test

import (
	"testing"
	"time"
)

// BenchmarkVerifyProof is the cost a log policy adds to baton verify: a
// proof of one entry in a tree of 100,000, a checkpoint signed by the log
// and cosigned by three witnesses, a quorum of two (bench/tlog.sh reports
// it in BENCH.md).
func BenchmarkVerifyProof(b *testing.B) {
	f := newFixture(b, 100000)
	pol := f.policy(b, 2, "")
	p := f.proof(b, 77777, 0, 1, 2)
	leaf := f.leaves[77777]
	now := time.Now()
	b.ResetTimer()
	for b.Loop() {
		if _, err := pol.Verify(p, leaf, now); err != nil {
			b.Fatal(err)
		}
	}
}
