package chain_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/internal/vectors"
)

// A Walk reaches FirstTrust's verdict on every chain of the vectors: the
// same refusal at the same position, or the same head.
func TestWalkAgreesWithFirstTrust(t *testing.T) {
	for _, c := range loadCases(t) {
		if c.Chain == "" || c.Type == "release" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			data := readVector(t, c.Chain)
			want, wantErr := chain.FirstTrust(vectors.Package, chain.NewReader(c.Chain, bytes.NewReader(data)))
			head, err := walkAll(c.Chain, data)
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("walk: %v, first trust: %v", err, wantErr)
			}
			if err != nil {
				var a, b *chain.Error
				if errors.As(err, &a) != errors.As(wantErr, &b) || a != nil && (a.Position != b.Position || a.Err != b.Err) {
					t.Fatalf("walk refused with %v, first trust with %v", err, wantErr)
				}
				return
			}
			if head != want.Head.Entry {
				t.Fatalf("walk head %s, first trust head %s", head, want.Head.Entry)
			}
		})
	}
}

// walkAll appends every entry of a chain file to a Walk, checking first
// that Check agrees with Append and that a refused entry changes nothing.
func walkAll(name string, data []byte) (chain.Hash, error) {
	r := chain.NewReader(name, bytes.NewReader(data))
	k := chain.NewWalk(name, vectors.Package)
	for {
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			return k.Head().Entry, nil
		}
		if err != nil {
			return chain.Hash{}, err
		}
		before := k.Head()
		cerr := k.Check(e)
		aerr := k.Append(e)
		if (cerr == nil) != (aerr == nil) {
			return chain.Hash{}, errors.New("Check and Append disagree")
		}
		if aerr != nil {
			if after := k.Head(); after.Position != before.Position || after.Entry != before.Entry {
				return chain.Hash{}, errors.New("a refused entry moved the walk")
			}
			return chain.Hash{}, aerr
		}
	}
}

// A refused entry leaves the walk as it was: the genuine next entry still
// follows (a log refuses a forgery and goes on).
func TestWalkRefusalChangesNothing(t *testing.T) {
	genuine, err := chain.ReadAll("story", bytes.NewReader(readVector(t, "chains/story.chain")))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := chain.ReadAll("bad", bytes.NewReader(readVector(t, "chains/key-announced-twice.chain")))
	if err != nil {
		t.Fatal(err)
	}
	k := chain.NewWalk("story", vectors.Package)
	refused := 0
	for i, e := range genuine {
		if i < len(bad) && !bytes.Equal(bad[i].Text, e.Text) {
			if err := k.Append(bad[i]); err == nil {
				t.Fatalf("position %d: the altered entry was appended", e.Position)
			}
			refused++
		}
		if err := k.Append(e); err != nil {
			t.Fatalf("position %d after a refusal: %v", e.Position, err)
		}
	}
	if refused == 0 {
		t.Fatal("no entry of the altered chain differs from the story")
	}
	if k.Len() != uint64(len(genuine)) || k.HeadEntry() != genuine[len(genuine)-1] {
		t.Fatalf("walk ends at %d, want %d", k.Len(), len(genuine))
	}
}

// A hand-over whose next key is fresh but whose recovery key was announced
// before is refused without recording its next key: the genuine hand-over,
// announcing the same next key, still follows.
func TestWalkRefusedHandoverRecordsNoKey(t *testing.T) {
	story := vectors.Story(chain.Hash{1})
	k := chain.NewWalk("story", vectors.Package)
	for _, e := range story[:6] {
		if err := k.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	ho := chain.Follow(story[5], chain.KindHandover, vectors.Pub("S1"), vectors.T(7))
	ho.Name, ho.Recovery, ho.Reason = "Bob Successor", vectors.Pub("K1"), "Alice steps down"
	ho.Witnesses = []chain.Witness{{Key: vectors.Pub("W1"), Name: "Carol Witness"}}
	bad, err := chain.SignEntry(ho, vectors.Key("K6"), vectors.Key("S1"), vectors.Key("K1"), vectors.Key("W1"))
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Append(bad); !errors.Is(err, chain.ErrKeyReuse) {
		t.Fatalf("want ErrKeyReuse, got %v", err)
	}
	if err := k.Append(story[6]); err != nil {
		t.Fatalf("the genuine hand-over after a refused one: %v", err)
	}
}
