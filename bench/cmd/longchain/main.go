// Command longchain writes a valid chain of N entries (a genesis and N-1
// releases, each signed by the key the entry before announced) and prints
// the signatory's recovery key. bench/hostile.sh uses it to measure
// `baton log` and `baton verify` of a long chain.
//
//	longchain -n 100000 -package example.org/long > long.chain
package main

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/signify"
)

func main() {
	n := flag.Int("n", 100000, "entries")
	pkg := flag.String("package", "example.org/long", "package name")
	keyOut := flag.String("key", "", "write the recovery key text here")
	flag.Parse()
	key := func() *signify.SecretKey {
		k, err := signify.GenerateKey(nil)
		if err != nil {
			log.Fatal(err)
		}
		return k
	}
	w := bufio.NewWriter(os.Stdout)
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec, cur := key(), key()
	prev, err := chain.SignEntry(chain.NewGenesis(*pkg, "Long Chain", rec.Public(""), cur.Public(""), t), rec, cur)
	if err != nil {
		log.Fatal(err)
	}
	w.Write(prev.Marshal())
	for i := 2; i <= *n; i++ {
		next := key()
		e := chain.Follow(prev, chain.KindRelease, next.Public(""), t.Add(time.Duration(i)*time.Minute))
		e.Version = fmt.Sprintf("1.%d", i)
		e.Checksums = sha256.Sum256([]byte(e.Version))
		if prev, err = chain.SignEntry(e, cur); err != nil {
			log.Fatal(err)
		}
		w.WriteByte('\n') // entries are separated by a blank line
		w.Write(prev.Marshal())
		cur = next
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if *keyOut != "" {
		if err := os.WriteFile(*keyOut, []byte(rec.Public("").String()+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
