package chain_test

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

// benchRelease prepares one file of BATON_BENCH_SIZE (default 1 GiB) and a
// key; files and sizes work as in the hashing benchmarks.
func benchRelease(b *testing.B) (dir string, names []string, k *signify.SecretKey) {
	size := benchSize(b)
	dir = benchDir(b)
	names = []string{"release-1-of-1.bin"}
	benchFile(b, dir, names[0], size)
	k, err := signify.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	return dir, names, k
}

// Signing a release: one streamed hash pass, then Ed25519 over the list.
func BenchmarkSignRelease1GiB(b *testing.B) {
	dir, names, k := benchRelease(b)
	ctx := context.Background()
	resetPeakRSS()
	for b.Loop() {
		list, err := signify.HashFiles(ctx, dir, names, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := signify.SignChecksumList(k, list, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peakRSSMiB(), "peak-RSS-MiB")
}

// Verifying a release against its chain entry: digest of the signature
// file, the signature, then one streamed hash pass.
func BenchmarkVerifyRelease1GiB(b *testing.B) {
	dir, names, k := benchRelease(b)
	ctx := context.Background()
	list, err := signify.HashFiles(ctx, dir, names, nil)
	if err != nil {
		b.Fatal(err)
	}
	sig, err := signify.SignChecksumList(k, list, "bench")
	if err != nil {
		b.Fatal(err)
	}
	sigFile := sig.Marshal()
	rel := chain.Release{Version: "1.0", Checksums: sha256.Sum256(sigFile), Key: k.Public("")}
	resetPeakRSS()
	for b.Loop() {
		if err := chain.VerifyRelease(ctx, rel, "SHA256.sig", sigFile, dir, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peakRSSMiB(), "peak-RSS-MiB")
}
