package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/baton-signing/baton/chain"
)

// readInput reads a chain file given on the command line, up to
// chain.MaxChainSize, for the ceremonies that read it more than once.
func readInput(e *env, what, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, failure(fmt.Errorf("reading the %s: %w", what, err), e.retryReplacing("--"+what, strings.ToUpper(what)+"-FILE"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, chain.MaxChainSize+1))
	if err != nil {
		return nil, failure(fmt.Errorf("reading the %s: %w", what, err))
	}
	if len(data) > chain.MaxChainSize {
		return nil, refused(fmt.Errorf("%s is larger than a chain may be (%d MiB)", path, chain.MaxChainSize>>20))
	}
	return data, nil
}

// chainPackage returns the package a chain is for, from its genesis.
func chainPackage(name string, data []byte) (string, error) {
	first, err := chain.NewReader(name, bytes.NewReader(data)).Next()
	if errors.Is(err, io.EOF) {
		return "", fmt.Errorf("%s: the chain has no entries", name)
	}
	if err != nil {
		return "", err
	}
	return first.Package, nil
}
