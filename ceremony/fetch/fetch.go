// Package fetch gets a chain, a release signature or a manifest from an
// https:// URL for verification, with the care due to anything from
// outside: a deadline for the whole exchange, a size limit read as the
// body streams, no redirect to another scheme, and no other scheme than
// https (plain http only to this machine's loopback address, for tests
// and local mirrors). The transport is never trusted: what it brings is
// verified exactly as a local file would be.
//
// What was fetched is kept in a cache directory, one file per URL,
// written atomically, and revalidated with the server's ETag or
// Last-Modified on the next fetch.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain/untrusted"
)

// ErrTooLarge is wrapped when a response is larger than the limit asked.
var ErrTooLarge = errors.New("the response is larger than allowed")

// ErrScheme is wrapped when a URL (or a redirect) is not https, or plain
// http to another machine than this one.
var ErrScheme = errors.New("only https:// URLs are fetched (http:// only from this machine's loopback address)")

// DefaultTimeout bounds one fetch, from the request to the last byte.
const DefaultTimeout = 30 * time.Second

// maxRedirects is how many redirects a fetch follows.
const maxRedirects = 5

// Client fetches URLs into its cache.
type Client struct {
	CacheDir string        // where fetched files are kept
	Timeout  time.Duration // per fetch; 0 is DefaultTimeout
	http     *http.Client
}

// New returns a client caching in cacheDir.
func New(cacheDir string, timeout time.Duration) *Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c := &Client{CacheDir: cacheDir, Timeout: timeout}
	c.http = &http.Client{
		Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != via[0].URL.Scheme {
				return fmt.Errorf("%w: a redirect from %s to %s changes the scheme", ErrScheme, via[0].URL.Scheme, untrusted.Quote(req.URL.Redacted()))
			}
			return CheckURL(req.URL)
		},
		Transport: &http.Transport{
			Proxy:                  http.ProxyFromEnvironment,
			TLSHandshakeTimeout:    timeout,
			ResponseHeaderTimeout:  timeout,
			MaxResponseHeaderBytes: 64 << 10,
			ForceAttemptHTTP2:      true,
		},
	}
	return c
}

// DefaultCacheDir is baton's directory in the user's cache directory.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "baton", "fetched"), nil
}

// IsURL reports whether s names something to fetch rather than a path.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// Check reports whether raw is a URL a Client fetches.
func Check(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s is not a URL: %v", untrusted.Quote(raw), err)
	}
	return CheckURL(u)
}

// CheckURL says whether u may be fetched: https, or plain http to this
// machine's loopback address, with no user name or password in it.
func CheckURL(u *url.URL) error {
	switch {
	case u.User != nil:
		return fmt.Errorf("%s: a URL with a user name or password is not fetched", untrusted.Quote(u.Redacted()))
	case u.Scheme == "https" && u.Host != "":
		return nil
	case u.Scheme == "http" && loopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("%w: %s", ErrScheme, untrusted.Quote(u.Redacted()))
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// meta is what the cache keeps beside a fetched body to revalidate it.
type meta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// Get fetches raw into the cache and returns the cached file's path. A
// body over limit bytes is refused (ErrTooLarge) and nothing is kept; a
// failed fetch leaves an older cached copy as it was, and is an error:
// a stale copy is never passed off as a fresh one.
func (c *Client) Get(ctx context.Context, raw string, limit int64) (string, error) {
	if err := Check(raw); err != nil {
		return "", err
	}
	dir, err := c.cacheDir()
	if err != nil {
		return "", err
	}
	key := sha256.Sum256([]byte(raw))
	body := filepath.Join(dir, hex.EncodeToString(key[:16]))
	var old meta
	if data, err := os.ReadFile(body + ".json"); err == nil && json.Unmarshal(data, &old) == nil && old.URL == raw {
		if _, err := os.Stat(body); err != nil {
			old = meta{}
		}
	} else {
		old = meta{}
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("User-Agent", "baton (https://github.com/baton-signing/baton)")
	if old.ETag != "" {
		req.Header.Set("If-None-Match", old.ETag)
	}
	if old.LastModified != "" {
		req.Header.Set("If-Modified-Since", old.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", c.explain(raw, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && old.URL != "":
		return body, nil
	case resp.StatusCode != http.StatusOK:
		return "", fmt.Errorf("fetching %s: the server answered %s", untrusted.Quote(raw), untrusted.Escape(resp.Status))
	case resp.ContentLength > limit:
		return "", fmt.Errorf("fetching %s: %w: %d bytes, the limit is %d", untrusted.Quote(raw), ErrTooLarge, resp.ContentLength, limit)
	}
	tmp, err := os.CreateTemp(dir, ".fetch-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, limit+1))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", c.explain(raw, err)
	}
	if n > limit {
		return "", fmt.Errorf("fetching %s: %w: more than %d bytes", untrusted.Quote(raw), ErrTooLarge, limit)
	}
	if err := os.Rename(tmp.Name(), body); err != nil {
		return "", err
	}
	m := meta{URL: raw, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: time.Now().UTC()}
	if data, err := json.Marshal(m); err == nil {
		ceremony.WriteFileAtomic(body+".json", data, 0o600) // only a hint for next time: losing it costs a full fetch
	}
	return body, nil
}

// explain words a transport error: a deadline names the time allowed.
func (c *Client) explain(raw string, err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("fetching %s: no complete answer within %s (a slow or stalled server)", untrusted.Quote(raw), c.Timeout)
	}
	if errors.Is(err, ErrScheme) {
		return fmt.Errorf("fetching %s: %w; a redirect changes the scheme or leaves this machine over plain http", untrusted.Quote(raw), ErrScheme)
	}
	return fmt.Errorf("fetching %s: %s", untrusted.Quote(raw), untrusted.SanitizeMessage(err.Error()))
}

func (c *Client) cacheDir() (string, error) {
	dir := c.CacheDir
	if dir == "" {
		return "", errors.New("fetch: no cache directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("the fetch cache: %w", err)
	}
	return dir, nil
}
