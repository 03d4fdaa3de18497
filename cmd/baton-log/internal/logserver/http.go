package logserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/tlog"
)

// maxWait bounds how long GET /proof?wait=1 waits for a checkpoint.
const maxWait = 2 * time.Minute

// evidencePage bounds the items of one evidence listing.
const evidencePage = 1000

// Handler serves the log's API (tlog's Path constants) and its static
// files: the checkpoint and the tiles.
func (l *Log) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+tlog.PathAdd, l.serveAdd)
	mux.HandleFunc("GET "+tlog.PathProof+"{hash}", l.serveProof)
	mux.HandleFunc("GET "+tlog.PathHead+"{hash}", l.serveHead)
	mux.HandleFunc("GET "+tlog.PathEvidence, l.serveEvidenceList)
	mux.HandleFunc("GET "+tlog.PathEvidence+"/{seq}", l.serveEvidence)
	mux.HandleFunc("GET "+tlog.PathCheckpoint, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFile(w, r, filepath.Join(l.tileDir(), "checkpoint"))
	})
	mux.Handle("GET /tile/", http.FileServer(http.Dir(l.tileDir())))
	return mux
}

func (l *Log) serveAdd(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, tlog.MaxSubmission))
	if err != nil {
		http.Error(w, fmt.Sprintf("reading the entries: %v (at most %d bytes a request)", err, tlog.MaxSubmission), http.StatusRequestEntityTooLarge)
		return
	}
	entries, err := chain.ReadAll("submitted chain", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, status, err := l.Submit(r.Context(), entries)
	if err != nil {
		l.cfg.Logf("submit: %v", err)
		http.Error(w, "the log could not store the entries: try again later", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, status, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (l *Log) serveProof(w http.ResponseWriter, r *http.Request) {
	h, err := chain.ParseHash(r.PathValue("hash"))
	if err != nil {
		http.Error(w, "want /proof/<entry hash>: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	wait := r.URL.Query().Get("wait") == "1"
	if wait {
		c, cancel := context.WithTimeout(ctx, maxWait)
		defer cancel()
		ctx = c
	}
	p, err := l.Proof(ctx, h, wait)
	switch {
	case errors.Is(err, ErrNotLogged):
		http.Error(w, err.Error(), http.StatusNotFound)
	case errors.Is(err, ErrNotPublished):
		http.Error(w, err.Error()+": ask again with ?wait=1", http.StatusServiceUnavailable)
	case err != nil:
		l.cfg.Logf("proof: %v", err)
		http.Error(w, "the log could not make the proof: try again later", http.StatusServiceUnavailable)
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(p.Marshal())
	}
}

func (l *Log) serveHead(w http.ResponseWriter, r *http.Request) {
	g, err := chain.ParseHash(r.PathValue("hash"))
	if err != nil {
		http.Error(w, "want /head/<genesis entry hash>: "+err.Error(), http.StatusBadRequest)
		return
	}
	pos, h, idx, ok := l.ledger.Head(g)
	if !ok {
		http.Error(w, "the log holds no chain with this genesis", http.StatusNotFound)
		return
	}
	head := tlog.Head{Position: pos, Hash: h.String(), Index: idx}
	if e, err := l.readEntry(r.Context(), idx); err == nil {
		head.Entry = string(e.Marshal())
	}
	if p, err := l.Proof(r.Context(), h, false); err == nil {
		head.Proof = string(p.Marshal())
	}
	writeJSON(w, http.StatusOK, head)
}

func (l *Log) serveEvidenceList(w http.ResponseWriter, r *http.Request) {
	from := uint64(1)
	if s := r.URL.Query().Get("from"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			http.Error(w, "from must be a number", http.StatusBadRequest)
			return
		}
		from = n
	}
	var b strings.Builder
	for _, it := range l.evidence.List(from, evidencePage) {
		b.WriteString(it.Line())
		b.WriteByte('\n')
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, b.String())
}

func (l *Log) serveEvidence(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseUint(r.PathValue("seq"), 10, 64)
	if err != nil {
		http.Error(w, "want /evidence/<number>", http.StatusBadRequest)
		return
	}
	data, err := l.evidence.Read(seq)
	if errors.Is(err, os.ErrNotExist) {
		http.Error(w, "no such evidence", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "reading evidence failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(data)
}
