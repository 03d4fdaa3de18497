// Package logclient talks to a Baton transparency log (chain/tlog's API)
// from an online machine with no secrets: publishing a chain's entries and
// fetching proofs (Publish), and following the log's tiles and evidence
// (the monitor). Nothing the log answers is trusted: sizes are bounded,
// and proofs are verified against the user's policy.
package logclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/chain/untrusted"
)

// Client is a log at a base URL.
type Client struct {
	base *url.URL
	http *http.Client
}

// DefaultTimeout bounds one exchange with the log; waiting for a
// checkpoint can take a while.
const DefaultTimeout = 2 * time.Minute

// New returns a client of the log at base: https, or http to this
// machine's loopback address.
func New(base string, timeout time.Duration) (*Client, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil {
		return nil, fmt.Errorf("log URL %s: %v", untrusted.Quote(base), err)
	}
	if err := fetch.CheckURL(u); err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Client{base: u, http: &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("the log redirected: refused")
	}}}, nil
}

// URL is the log's base URL.
func (c *Client) URL() string { return c.base.String() }

// StatusError is an answer of the log other than the one asked for.
type StatusError struct {
	Code int
	Body string // escaped, cut short
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("the log answered %d %s: %s", e.Code, http.StatusText(e.Code), e.Body)
}

// do sends a request and reads at most limit bytes of the answer.
func (c *Client) do(ctx context.Context, method, path string, body []byte, limit int64) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body == nil {
		req.Body = nil
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("the log %s: %w", c.base.Redacted(), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return 0, nil, fmt.Errorf("reading the log's answer: %w", err)
	}
	if int64(len(data)) > limit {
		return 0, nil, fmt.Errorf("the log's answer to %s is larger than %d bytes", path, limit)
	}
	return resp.StatusCode, data, nil
}

// Get fetches a path that must answer 200.
func (c *Client) Get(ctx context.Context, path string, limit int64) ([]byte, error) {
	code, data, err := c.do(ctx, http.MethodGet, path, nil, limit)
	if err == nil && code != http.StatusOK {
		err = &StatusError{Code: code, Body: short(data)}
	}
	return data, err
}

func short(b []byte) string { return untrusted.Escape(strings.TrimSpace(string(b[:min(len(b), 300)]))) }

// Head returns the logged head of the chain whose genesis has hash g, or
// nil when the log holds no such chain. The answer holds the head entry
// and its proof (each up to tens of KiB, more once JSON-escaped), so it is
// bounded as any answer is.
func (c *Client) Head(ctx context.Context, g chain.Hash) (*tlog.Head, error) {
	code, data, err := c.do(ctx, http.MethodGet, tlog.PathHead+g.String(), nil, tlog.MaxResponse)
	if err != nil {
		return nil, err
	}
	if code == http.StatusNotFound {
		return nil, nil
	}
	if code != http.StatusOK {
		return nil, &StatusError{Code: code, Body: short(data)}
	}
	var h tlog.Head
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("the log's head answer: %v", err)
	}
	return &h, nil
}

// Add submits entries (at most tlog.MaxSubmission bytes of them).
func (c *Client) Add(ctx context.Context, entries []*chain.SignedEntry) (*tlog.AddResponse, error) {
	code, data, err := c.do(ctx, http.MethodPost, tlog.PathAdd, chain.Marshal(entries), tlog.MaxResponse)
	if err != nil {
		return nil, err
	}
	switch code {
	case http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity:
	default:
		return nil, &StatusError{Code: code, Body: short(data)}
	}
	var ar tlog.AddResponse
	if err := json.Unmarshal(data, &ar); err != nil {
		return nil, fmt.Errorf("the log's answer to the entries: %v", err)
	}
	return &ar, nil
}

// Proof fetches a proof of the logged entry with hash h; with wait, the
// log answers once a published checkpoint holds it.
func (c *Client) Proof(ctx context.Context, h chain.Hash, wait bool) (*tlog.Proof, error) {
	path := tlog.PathProof + h.String()
	if wait {
		path += "?wait=1"
	}
	data, err := c.Get(ctx, path, tlog.MaxProofSize)
	if err != nil {
		return nil, err
	}
	return tlog.ParseProof("the log's proof", data)
}

// EvidenceList fetches the log's evidence list from piece from on.
func (c *Client) EvidenceList(ctx context.Context, from uint64) ([]tlog.EvidenceItem, error) {
	data, err := c.Get(ctx, tlog.PathEvidence+"?from="+strconv.FormatUint(from, 10), tlog.MaxEvidenceList)
	if err != nil {
		return nil, err
	}
	return tlog.ParseEvidenceList(data)
}

// Evidence fetches piece seq: the log index it conflicts with and the
// entry.
func (c *Client) Evidence(ctx context.Context, seq uint64) (uint64, *chain.SignedEntry, error) {
	data, err := c.Get(ctx, tlog.PathEvidence+"/"+strconv.FormatUint(seq, 10), tlog.MaxEvidenceSize)
	if err != nil {
		return 0, nil, err
	}
	return tlog.ParseEvidence(fmt.Sprintf("evidence %d", seq), data)
}
