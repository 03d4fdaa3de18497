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

// SignChecksumList signs a checksum list as signify -S -e does: the list is
// embedded after the signature. Stock signify verifies the result and every
// listed file with `signify -C -p KEY.pub -x LIST.sig`.
func SignChecksumList(k *SecretKey, list ChecksumList, comment string) (*Signature, error) {
	if err := list.Validate(); err != nil {
		return nil, err
	}
	if err := signify.CheckComment(comment); err != nil {
		return nil, err
	}
	msg := list.Marshal()
	s := k.Sign(msg, comment)
	s.Message = msg
	return s, nil
}

// OpenChecksumList verifies an embedded checksum list signature with pub and
// returns the list. name names the signature file in errors.
func OpenChecksumList(pub *PublicKey, name string, sigFile []byte) (ChecksumList, error) {
	sig, err := ParseSignature(name, sigFile)
	if err != nil {
		return nil, err
	}
	if len(sig.Message) == 0 {
		return nil, fmt.Errorf("%s: no checksum list after the signature (expected a signature made with signify -S -e)", name)
	}
	msg, err := pub.VerifyEmbedded(sig)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ParseChecksumList(name, msg)
}

// VerifyRelease checks a release against its chain entry: the signature
// file's SHA-256 must be the digest the entry carries, its signature must be
// by the release's key, and every file it lists (under root) must match.
func VerifyRelease(ctx context.Context, rel Release, name string, sigFile []byte, root string, progress func(done, total int64)) error {
	if got := Hash(sha256.Sum256(sigFile)); got != rel.Checksums {
		return fmt.Errorf("%w: %s has SHA-256 %s, but release %s (position %d) names %s: the list belongs to another release or was altered", ErrArtifact, name, got, rel.Version, rel.Position, rel.Checksums)
	}
	list, err := OpenChecksumList(rel.Key, name, sigFile)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrArtifact, err)
	}
	if err := VerifyFiles(ctx, root, list, progress); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%w: release %s: %w", ErrArtifact, rel.Version, err)
	}
	return nil
}
