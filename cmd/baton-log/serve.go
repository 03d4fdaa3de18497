package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/transparency-dev/tessera"

	"github.com/baton-signing/baton/chain/tlog"
	"github.com/baton-signing/baton/cmd/baton-log/internal/logserver"
)

type serveFlags struct {
	dir, key, listen, policy               string
	checkpoint, republish, batch, shutdown time.Duration
}

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve")
	var f serveFlags
	fs.StringVar(&f.dir, "dir", "", "")
	fs.StringVar(&f.key, "key", "", "")
	fs.StringVar(&f.listen, "listen", "localhost:7390", "")
	fs.StringVar(&f.policy, "witness-policy", "", "")
	fs.DurationVar(&f.checkpoint, "checkpoint-interval", time.Second, "")
	fs.DurationVar(&f.republish, "republish-interval", time.Hour, "")
	fs.DurationVar(&f.batch, "batch-max-age", 50*time.Millisecond, "")
	fs.DurationVar(&f.shutdown, "shutdown-timeout", 30*time.Second, "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.dir == "" {
		return &usageError{"serve: --dir is needed: the log's directory", "baton-log serve --dir /var/lib/baton-log --key log.key"}
	}
	cfg, err := f.config(stderr)
	if err != nil {
		return err
	}
	lg, err := logserver.Open(cfg)
	if err != nil {
		return &hinted{err, "check that --dir is this log's directory and that no other baton-log serves it"}
	}
	return serve(lg, f, stdout, stderr)
}

// config reads the key and the witness policy.
func (f *serveFlags) config(stderr io.Writer) (logserver.Config, error) {
	s, err := readSigner(f.key)
	if err != nil {
		return logserver.Config{}, err
	}
	logger := log.New(stderr, "baton-log: ", log.LstdFlags)
	cfg := logserver.Config{Dir: f.dir, Signer: s, CheckpointInterval: f.checkpoint, RepublishInterval: f.republish, BatchMaxAge: f.batch, Logf: logger.Printf}
	if f.policy == "" {
		return cfg, nil
	}
	data, err := readSmall(f.policy, tlog.MaxPolicySize)
	if err != nil {
		return cfg, &hinted{err, "give the witness policy file: --witness-policy FILE"}
	}
	if _, err := tlog.ParsePolicy(f.policy, data); err != nil {
		return cfg, &hinted{err, "fix the policy (spec/log.md, The policy), then run the command again"}
	}
	wg, err := tessera.NewWitnessGroupFromPolicy(tlog.WitnessPolicy(data))
	if err != nil {
		return cfg, &hinted{fmt.Errorf("witness policy %s: %w", f.policy, err), "a log's policy gives every witness a URL: witness NAME VKEY URL"}
	}
	cfg.Witnesses = &wg
	return cfg, nil
}

func readSmall(path string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, err
}

// serve answers HTTP until SIGINT or SIGTERM, then publishes a checkpoint
// for every entry logged and stops.
func serve(lg *logserver.Log, f serveFlags, stdout, stderr io.Writer) error {
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		lg.Close(context.Background())
		return &hinted{err, "choose another address: --listen HOST:PORT"}
	}
	srv := &http.Server{
		Handler:           lg.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      3 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(stderr, "baton-log: http: ", log.LstdFlags),
	}
	fmt.Fprintf(stdout, "baton-log: serving http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdown)
	defer cancel()
	srv.Shutdown(sctx)
	if cerr := lg.Close(sctx); err == nil || errors.Is(err, http.ErrServerClosed) {
		err = cerr
	}
	return err
}
