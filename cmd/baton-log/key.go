package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// The log's key is a signed-note Ed25519 key named by the log's origin,
// stored as note's signer key text ("PRIVATE+KEY+origin+hash+key") in a
// file only its owner reads.

const maxKeyFile = 4 << 10

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return &usageError{fmt.Sprintf("%s: %v", fs.Name(), err), "baton-log help"}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0)), "baton-log help"}
	}
	return nil
}

func cmdKeygen(args []string, stdout io.Writer) error {
	fs := newFlags("keygen")
	origin := fs.String("origin", "", "")
	path := fs.String("key", "", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *origin == "" || *path == "" {
		return &usageError{"keygen: --origin and --key are needed", "baton-log keygen --origin example.org/baton-log --key log.key"}
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, *origin)
	if err != nil {
		return &usageError{fmt.Sprintf("keygen: origin %q: %v", *origin, err), "baton-log keygen --origin example.org/baton-log --key log.key   (an origin has no spaces or '+')"}
	}
	f, err := os.OpenFile(*path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &hinted{fmt.Errorf("keygen: %w", err), "choose a file that does not exist yet: baton-log keygen --origin " + *origin + " --key NEW-FILE"}
	}
	_, err = fmt.Fprintln(f, skey)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, vkey)
	return nil
}

func cmdVkey(args []string, stdout io.Writer) error {
	fs := newFlags("vkey")
	path := fs.String("key", "", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := readSigner(*path)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, s.vkey)
	return nil
}

type signer struct {
	note.Signer
	vkey string
}

// readSigner reads the log's key file.
func readSigner(path string) (*signer, error) {
	if path == "" {
		return nil, &usageError{"--key is needed: the log's key file", "baton-log keygen --origin example.org/baton-log --key log.key"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &hinted{fmt.Errorf("reading the log's key: %w", err), "make one: baton-log keygen --origin ORIGIN --key " + path}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxKeyFile {
		return nil, errors.New("the log's key file is too large to be a key")
	}
	skey := strings.TrimSpace(string(data))
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, &hinted{fmt.Errorf("the log's key %s: %v", path, err), "make one: baton-log keygen --origin ORIGIN --key NEW-FILE"}
	}
	v, err := vkeyOf(skey)
	if err != nil {
		return nil, err
	}
	return &signer{Signer: s, vkey: v}, nil
}

// vkeyOf derives the verifier key of a signer key.
func vkeyOf(skey string) (string, error) {
	f := strings.SplitN(skey, "+", 5)
	if len(f) != 5 {
		return "", errors.New("malformed signer key")
	}
	raw, err := base64.StdEncoding.DecodeString(f[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return "", errors.New("the log's key is not an Ed25519 signed-note key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(f[2], pub)
}
