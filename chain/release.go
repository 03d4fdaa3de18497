package chain

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/baton-signing/baton/chain/signify"
)

// ErrArtifact is returned when release files or their checksum list do not
// match what the chain says.
var ErrArtifact = errors.New("release files do not match the chain")

// VerifyRelease checks a release against its chain entry: the signature
// file's SHA-256 must be the digest the entry carries, its signature must be
// by the release's key, and every file it lists (under root) must match.
func VerifyRelease(ctx context.Context, rel Release, name string, sigFile []byte, root string, progress func(done, total int64)) error {
	if got := Hash(sha256.Sum256(sigFile)); got != rel.Checksums {
		return fmt.Errorf("%w: %s has SHA-256 %s, but release %s (position %d) names %s: the list belongs to another release or was altered", ErrArtifact, name, got, rel.Version, rel.Position, rel.Checksums)
	}
	list, err := signify.OpenChecksumList(rel.Key, name, sigFile)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrArtifact, err)
	}
	if err := signify.VerifyFiles(ctx, root, list, progress); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%w: release %s: %w", ErrArtifact, rel.Version, err)
	}
	return nil
}
