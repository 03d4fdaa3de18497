package tlog_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/baton-signing/baton/chain/tlog"
)

// FuzzParseProof: any bytes from outside parse or are refused; what
// parses re-encodes to a proof that parses the same, and verifying it
// never panics.
func FuzzParseProof(f *testing.F) {
	fx := newFixture(f, 5)
	f.Add(fx.proof(f, 3, 0, 1).Marshal())
	f.Add([]byte("c2sp.org/tlog-proof@v1\nextra AA==\nindex 0\n\nx\n"))
	pol := fx.policy(f, 2, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := tlog.ParseProof("fuzz", data)
		if err != nil {
			return
		}
		q, err := tlog.ParseProof("again", p.Marshal())
		if err != nil || q.Index != p.Index || len(q.Hashes) != len(p.Hashes) || !bytes.Equal(q.Checkpoint, p.Checkpoint) {
			t.Fatalf("re-encoding changed the proof: %v", err)
		}
		pol.Verify(p, fx.leaves[3], time.Now())
	})
}

// FuzzParsePolicy: a policy from outside parses or is refused, never
// panics, and what parses has a log and a quorum that can be met.
func FuzzParsePolicy(f *testing.F) {
	fx := newFixture(f, 1)
	f.Add([]byte("log " + fx.logVkey + " https://log.example\nwitness w1 " + fx.wit[0].Verifier().String() + "\ngroup g any w1\nquorum g\nmax-age 1h\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := tlog.ParsePolicy("fuzz", data)
		if err != nil {
			return
		}
		if len(p.Logs) == 0 || p.MaxAge <= 0 || p.Quorum != nil && (p.Quorum.K < 1 || p.Quorum.K > len(p.Quorum.Members)) {
			t.Fatalf("parsed an unusable policy: %+v", p)
		}
	})
}
