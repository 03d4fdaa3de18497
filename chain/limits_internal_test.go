package chain

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// The 256 MiB cap itself, without reading 256 MiB: a reader that reports
// more data after the limit fails with errChainTooBig.
func TestSizeLimitReader(t *testing.T) {
	r := &sizeLimit{r: strings.NewReader("0123456789abc"), left: 10}
	b, err := io.ReadAll(r)
	if err != errChainTooBig || !bytes.Equal(b, []byte("0123456789")) {
		t.Fatalf("got %q, %v", b, err)
	}
	r = &sizeLimit{r: strings.NewReader("0123456789"), left: 10}
	if b, err := io.ReadAll(r); err != nil || len(b) != 10 {
		t.Fatalf("exactly at the limit: %q, %v", b, err)
	}
}
