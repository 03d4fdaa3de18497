// Command vectorgen writes Baton's test vectors from fixed seeds:
//
//	go run ./chain/internal/vectorgen -out testdata -doc docs/ATTACKS.md
//
// It rewrites the directories it owns (vectors.Dirs), vectors.json, the
// catalogue README.md (whose backup table it reads from backups/vectors.json,
// which it does not touch) and the attack table. The vector test fails when
// any of them differ from what this writes.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/baton-signing/baton/chain/internal/vectors"
)

func main() {
	out := flag.String("out", "testdata", "directory to write the vectors into")
	doc := flag.String("doc", "docs/ATTACKS.md", "where to write the attack table")
	flag.Parse()
	// Only the generated directories are cleared: README.md and backups/
	// sit beside them in out and stay.
	for _, d := range vectors.Dirs {
		if err := os.RemoveAll(filepath.Join(*out, d)); err != nil {
			log.Fatal(err)
		}
	}
	if err := vectors.Generate(*out); err != nil {
		log.Fatal(err)
	}
	_, cases := vectors.Files()
	backups, err := os.ReadFile(filepath.Join(*out, "backups", "vectors.json"))
	if err != nil {
		log.Fatal(err)
	}
	readme, err := vectors.Readme(cases, backups)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, vectors.ReadmeFile), readme, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*doc, vectors.AttackTable(cases), 0o644); err != nil {
		log.Fatal(err)
	}
}
