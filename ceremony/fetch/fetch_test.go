package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/chain", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, "the chain")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		w.Write(make([]byte, 1000000))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 100 {
			w.Write(make([]byte, 10000))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("a"))
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never finishes: the client's deadline must end it
	})
	mux.HandleFunc("/to-https", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+r.Host+"/chain", http.StatusFound)
	})
	mux.HandleFunc("/to-chain", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/chain", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestGet(t *testing.T) {
	s := server(t)
	c := New(t.TempDir(), 2*time.Second)
	ctx := context.Background()
	for range 2 { // the second is revalidated: 304, the cached copy
		path, err := c.Get(ctx, s.URL+"/chain", 100)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != "the chain" {
			t.Fatalf("got %q", b)
		}
	}
	if path, err := c.Get(ctx, s.URL+"/to-chain", 100); err != nil {
		t.Fatal(err)
	} else if b, _ := os.ReadFile(path); string(b) != "the chain" {
		t.Fatalf("redirect got %q", b)
	}
}

func TestRefusals(t *testing.T) {
	s := server(t)
	c := New(t.TempDir(), 500*time.Millisecond)
	ctx := context.Background()
	for _, tc := range []struct {
		path string
		want string
		is   error
	}{
		{"/big", "larger than allowed", ErrTooLarge},
		{"/big-chunked", "larger than allowed", ErrTooLarge},
		{"/slow", "no complete answer within 500ms", nil},
		{"/to-https", "a redirect changes the scheme", ErrScheme},
		{"/missing", "404", nil},
	} {
		_, err := c.Get(ctx, s.URL+tc.path, 1000)
		if err == nil || !strings.Contains(err.Error(), tc.want) || tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v", tc.path, err)
		}
	}
	entries, _ := os.ReadDir(c.CacheDir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".fetch-") {
			t.Errorf("a refused body was left behind: %s", e.Name())
		}
	}
}

func TestOnlyHTTPSOrLoopback(t *testing.T) {
	for _, ok := range []string{"https://example.org/chain", "http://127.0.0.1:8080/c", "http://[::1]/c", "http://localhost/c"} {
		if err := Check(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://example.org/chain", "ftp://example.org/c", "file:///etc/passwd", "https://user:pw@example.org/c", "https:///nohost", "http://127.0.0.1.example.org/c"} {
		if err := Check(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	if _, err := New(t.TempDir(), time.Second).Get(context.Background(), "http://example.org/chain", 10); !errors.Is(err, ErrScheme) {
		t.Errorf("fetched plain http from elsewhere: %v", err)
	}
}
