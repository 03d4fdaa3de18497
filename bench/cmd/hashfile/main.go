// Command hashfile hashes files with signify.HashFiles and prints their
// checksum list, as `sha256sum --tag` would. bench/hash.sh times it against
// openssl.
//
//	hashfile [-C dir] [-q] file...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/baton-signing/baton/chain/signify"
)

func main() {
	dir := flag.String("C", ".", "directory the file names are relative to")
	quiet := flag.Bool("q", false, "print nothing; only hash")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: hashfile [-C dir] [-q] file...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	list, err := signify.HashFiles(ctx, *dir, flag.Args(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hashfile:", err)
		os.Exit(1)
	}
	if !*quiet {
		os.Stdout.Write(list.Marshal())
	}
}
