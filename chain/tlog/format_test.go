package tlog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/tlog"
)

func TestParsePolicy(t *testing.T) {
	testWitVkey := newFixture(t, 1).wit[0].Verifier().String()
	_, testLogVkey, err := note.GenerateKey(chaintest.Seeded("policy log"), "example.org/log")
	if err != nil {
		t.Fatal(err)
	}
	good := "# an ecosystem's policy\nlog " + testLogVkey + " https://log.example\n" +
		"witness w1 " + testWitVkey + " https://w1.example\n" +
		"group g any w1\nquorum g\nmax-age 72h\n"
	p, err := tlog.ParsePolicy("policy", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if p.MaxAge != 72*time.Hour || p.Logs[0].URL != "https://log.example" || p.Logs[0].Origin != "example.org/log" || p.Quorum.K != 1 || p.Witnesses[0].KeyName() != "w1.example" {
		t.Fatalf("parsed %+v", p)
	}
	if strings.Contains(string(tlog.WitnessPolicy([]byte(good))), "max-age") {
		t.Fatal("WitnessPolicy kept Baton's max-age line")
	}
	for _, bad := range []struct{ policy, want string }{
		{"quorum none\n", "no log line"},
		{"log " + testLogVkey + "\n", "no quorum line"},
		{"log not-a-key\nquorum none\n", "log key"},
		{"log " + testLogVkey + "\nwitness w1 nope\nquorum none\n", "witness w1: key"},
		{"log " + testLogVkey + "\nwitness w1 " + testWitVkey + "\nwitness w1 " + testWitVkey + "\nquorum none\n", "defined twice"},
		{"log " + testLogVkey + "\nwitness w1 " + testWitVkey + "\ngroup g 2 w1\nquorum g\n", "threshold"},
		{"log " + testLogVkey + "\ngroup g 1 w9\nquorum g\n", "not a witness or group defined before"},
		{"log " + testLogVkey + "\nquorum g\n", "not a witness or group defined before"},
		{"log " + testLogVkey + "\nquorum none\nquorum none\n", "want one line"},
		{"log " + testLogVkey + "\nquorum none\nmax-age forever\n", "max-age"},
		{"log " + testLogVkey + "\nquorum none\nfrobnicate\n", "unknown keyword"},
		{"log " + testLogVkey + "\nwitness none " + testWitVkey + "\nquorum none\n", "keyword"},
		{strings.Repeat("#", tlog.MaxPolicySize+1), "larger than"},
	} {
		if _, err := tlog.ParsePolicy("policy", []byte(bad.policy)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: got %v, want %q", bad.policy, err, bad.want)
		}
	}
}

func TestParseProofRefusesMalformed(t *testing.T) {
	cp := "example.org/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— example.org/log abc=\n"
	hash := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
	good := "c2sp.org/tlog-proof@v1\nextra ignored\nindex 0\n" + hash + "\n" + cp
	p, err := tlog.ParseProof("proof", []byte(good))
	if err != nil || p.Index != 0 || len(p.Hashes) != 1 || string(p.Checkpoint) != cp {
		t.Fatalf("%+v %v", p, err)
	}
	for _, bad := range []string{
		"",
		"c2sp.org/tlog-proof@v2\nindex 0\n\n" + cp,
		"c2sp.org/tlog-proof@v1\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 01\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex -1\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\nnot base64\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\n" + strings.Repeat(hash, 64) + "\n" + cp,
		"c2sp.org/tlog-proof@v1\nindex 0\n" + hash,
		"c2sp.org/tlog-proof@v1\nindex 0\n\n",
		"c2sp.org/tlog-proof@v1\nindex 0\n\n" + strings.Repeat("x", tlog.MaxProofSize),
	} {
		if _, err := tlog.ParseProof("proof", []byte(bad)); !errors.Is(err, tlog.ErrMalformed) {
			t.Errorf("%.60q: %v", bad, err)
		}
	}
}

func TestParseEvidenceList(t *testing.T) {
	good := "1 2 " + strings.Repeat("ab", 32) + " 3 example.org/hello\n"
	items, err := tlog.ParseEvidenceList([]byte(good))
	if err != nil || len(items) != 1 || items[0].Line()+"\n" != good {
		t.Fatalf("%+v %v", items, err)
	}
	for _, bad := range []string{
		"1 2 " + strings.Repeat("ab", 32) + " 3\n",
		"01 2 " + strings.Repeat("ab", 32) + " 3 p\n",
		"1 2 " + strings.Repeat("AB", 32) + " 3 p\n",
		"1 2 " + strings.Repeat("ab", 32) + " 3 bad\x1bpackage\n",
	} {
		if _, err := tlog.ParseEvidenceList([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
