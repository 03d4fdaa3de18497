package vectors

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/chaintest"
	"github.com/baton-signing/baton/chain/signify"
)

// Passphrase protects the passphrase vector key.
const Passphrase = "baton test vector passphrase"

// Files returns the vector files, by slash-separated path under testdata/,
// and the manifest of cases. Everything is derived from fixed seeds, so two
// calls return the same bytes.
func Files() (map[string][]byte, []Case) {
	files := map[string][]byte{}
	var cases []Case
	put := func(name string, b []byte) { files[name] = b }

	// Keys and signatures.
	k := Key("K1")
	pub := k.Public("baton test vector public key")
	put("keys/k1.pub", pub.Marshal())
	put("keys/k1.sec", must(signify.EncryptSecretKey(k, nil, 0, "baton test vector secret key, no passphrase", chaintest.Seeded("salt 1"))).Marshal())
	put("keys/k1-pass.sec", must(signify.EncryptSecretKey(k, []byte(Passphrase), signify.DefaultKDFRounds, "baton test vector secret key, passphrase", chaintest.Seeded("salt 2"))).Marshal())
	msg := []byte("Baton signs releases.\n")
	put("keys/message.txt", msg)
	put("keys/message.txt.sig", k.Sign(msg, "verify with signify -V -p k1.pub -m message.txt").Marshal())
	emb := k.Sign(msg, "verify with signify -V -e -p k1.pub -m message.txt")
	emb.Message = msg
	put("keys/message.txt.embedded.sig", emb.Marshal())
	for _, f := range []string{"keys/k1.pub", "keys/k1.sec", "keys/k1-pass.sec", "keys/message.txt.sig", "keys/message.txt.embedded.sig"} {
		format := map[string]string{".pub": "publickey", ".sec": "secretkey", ".sig": "signature"}[filepath.Ext(f)]
		c := Case{Name: "valid-" + filepath.Base(f), Type: "parse", Format: format, File: f, Expect: "ok"}
		if strings.Contains(f, "pass") {
			c.Passphrase = Passphrase
		}
		cases = append(cases, c)
	}

	// A release: two files, their checksum list signed with K1 (release 1.0).
	put("release/files/hello.txt", []byte("hello, world\n"))
	put("release/files/lib/data.bin", bytes.Repeat([]byte{0, 1, 2, 3, 254, 255}, 1000))
	var list signify.ChecksumList
	for _, n := range []string{"hello.txt", "lib/data.bin"} {
		list = append(list, signify.Checksum{Name: n, Sum: sha256.Sum256(files["release/files/"+n])})
	}
	list.Sort()
	sig := must(signify.SignChecksumList(Key("K1"), list, "example.org/hello 1.0: verify with signify -C -p k1.pub -x SHA256.sig"))
	put("release/SHA256.sig", sig.Marshal())
	put("release/SHA256", list.Marshal())
	put("release/altered/hello.txt", []byte("hello, world!\n"))
	put("release/altered/lib/data.bin", files["release/files/lib/data.bin"])
	other := must(signify.SignChecksumList(Key("K1"), signify.ChecksumList{{Name: "hello.txt", Sum: sha256.Sum256([]byte("other"))}}, "another list"))
	put("release/other-SHA256.sig", other.Marshal())
	retired := must(signify.SignChecksumList(Key("K2"), list, "signed by the wrong key"))
	put("release/wrong-key-SHA256.sig", retired.Marshal())

	story := Story(sha256.Sum256(files["release/SHA256.sig"]))
	put("chains/story.chain", chain.Marshal(story))
	put("chains/fork.chain", chain.Marshal(Fork()))
	store := must(chain.ParseTrustStore("store", append(chain.NewTrustStore().Marshal(), PinAt(story, 4).String()+"\n"...)))
	put("trust/store", store.Marshal())
	cases = append(cases, Case{Name: "valid-trust-store", Type: "parse", Format: "truststore", File: "trust/store", Expect: "ok"})
	put("release/SHA256.sig.entry", story[1].Marshal())
	cases = append(cases, Case{Name: "valid-signed-entry", Type: "parse", Format: "entry", File: "release/SHA256.sig.entry", Expect: "ok"})
	cases = append(cases, Case{Name: "valid-checksum-list", Type: "parse", Format: "checksums", File: "release/SHA256", Expect: "ok"})

	for _, c := range chainCases(story) {
		path := "chains/" + c.Name + ".chain"
		switch {
		case c.raw != nil:
			put(path, c.raw)
		case c.Name == "fork-by-another-signatory":
			path = "chains/fork.chain"
		default:
			put(path, chain.Marshal(c.entries))
		}
		c.Chain = path
		cases = append(cases, c.Case)
	}

	rel := func(name, version, sig, root, expect string) {
		cases = append(cases, Case{Name: name, Type: "release", Chain: "chains/story.chain", Pin: pinLine(story, 1), Version: version, Sig: sig, Root: root, Expect: expect})
	}
	rel("release-files-match", "1.0", "release/SHA256.sig", "release/files", "ok")
	rel("release-file-altered", "1.0", "release/SHA256.sig", "release/altered", "ErrArtifact")
	rel("release-mix-and-match-list", "1.0", "release/other-SHA256.sig", "release/files", "ErrArtifact")
	rel("release-list-of-another-version", "1.1", "release/SHA256.sig", "release/files", "ErrArtifact")
	retiredChain := []*chain.SignedEntry{story[0]}
	e := chain.Follow(story[0], chain.KindRelease, Pub("K2"), T(2))
	e.Version, e.Checksums = "1.0", sha256.Sum256(files["release/wrong-key-SHA256.sig"])
	retiredChain = append(retiredChain, must(chain.SignEntry(e, Key("K1"))))
	put("chains/release-signed-by-retired-key.chain", chain.Marshal(retiredChain))
	cases = append(cases, Case{Name: "release-list-signed-by-retired-key", Type: "release", Chain: "chains/release-signed-by-retired-key.chain", Pin: pinLine(story, 1), Version: "1.0", Sig: "release/wrong-key-SHA256.sig", Root: "release/files", Expect: "ErrArtifact"})

	for i := range cases {
		cases[i].Attack = attacks[cases[i].Name]
	}

	for _, b := range badFiles(files) {
		put(b.File, b.data)
		cases = append(cases, b.Case)
	}
	return files, cases
}

// Dirs are the folders under testdata/ that Generate owns entirely.
var Dirs = []string{"bad", "chains", "keys", "release", "trust"}

// Generate writes every vector and vectors.json under dir.
func Generate(dir string) error {
	files, cases := Files()
	files["vectors.json"] = Manifest(cases)
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Manifest encodes cases one per line, for readable diffs.
func Manifest(cases []Case) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, c := range cases {
		j, err := json.Marshal(c)
		if err != nil {
			panic(err)
		}
		b.Write(j)
		if i < len(cases)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// Describe is used in test failure messages.
func (c Case) Describe() string { return fmt.Sprintf("%s (%s %s)", c.Name, c.Type, c.File+c.Chain) }
