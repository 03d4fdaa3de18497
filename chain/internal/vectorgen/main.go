// Command vectorgen writes Baton's test vectors from fixed seeds:
//
//	go run ./chain/internal/vectorgen -out testdata
//
// The vector test fails when testdata/ differs from what this writes.
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
	for _, d := range vectors.Dirs {
		if err := os.RemoveAll(filepath.Join(*out, d)); err != nil {
			log.Fatal(err)
		}
	}
	if err := vectors.Generate(*out); err != nil {
		log.Fatal(err)
	}
	_, cases := vectors.Files()
	if err := os.WriteFile(*doc, vectors.AttackTable(cases), 0o644); err != nil {
		log.Fatal(err)
	}
}
