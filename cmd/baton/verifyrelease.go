package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// releaseCheck is what verify was asked about a release.
type releaseCheck struct {
	sigPath, dir, version string
	strict                bool
	files                 []string // names given as arguments, as with signify -C
}

type releaseVerdict struct {
	Version   string   `json:"version"`
	Position  uint64   `json:"position"`
	Newest    string   `json:"newest_release"`
	Files     []string `json:"files"`              // the names verified
	Unlisted  []string `json:"unlisted,omitempty"` // files in the directory the list does not name
	More      int      `json:"unlisted_more,omitempty"`
	SignedBy  string   `json:"signed_by,omitempty"`
	Signature string   `json:"signature"`
	Dir       string   `json:"dir"`
	signer    string   // SignedBy as the chain has it
}

// checkRelease verifies a release's signed checksum list and files. An
// older release than the chain's newest needs --release; files the list
// does not name are listed, and refused with --strict.
func (v *verification) checkRelease(r *releaseCheck) error {
	res := v.check.Result()
	rv := &releaseVerdict{Signature: r.sigPath, Dir: r.dir, Version: r.version}
	if rv.Dir == "" {
		rv.Dir = dirOf(r.sigPath)
	}
	v.rep.Release = rv
	sig, err := v.e.fetched(r.sigPath, ceremony.MaxSignatureFile)
	if err != nil {
		return err
	}
	req := ceremony.ReleaseRequest{Sig: sig, Dir: r.dir, Version: r.version, Files: r.files}
	label := "verifying"
	if r.version != "" {
		label += " " + r.version
	}
	got, err := ceremony.CheckRelease(v.e.ctx, res, req, v.e.bar.For(label))
	v.e.bar.Break()
	if got != nil {
		rv.Version, rv.Position, rv.Newest = untrusted.Escape(got.Release.Version), got.Release.Position, untrusted.Escape(got.Newest)
	}
	var down *ceremony.DowngradeError
	switch {
	case errors.As(err, &down):
		rv.Version, rv.Position, rv.Newest = untrusted.Escape(down.Version), down.Position, untrusted.Escape(down.Newest)
		v.rep.Reason = fmt.Sprintf("this is release %s, older than the newest release %s of the chain; nothing was pinned", untrusted.Quote(down.Version), untrusted.Quote(down.Newest))
		return refused(err, v.e.retry("--release", shellQuote(down.Version))+"   (only if you mean this older release)",
			v.e.retry()+"   (with the newest release's files and SHA256.sig from the signatory)")
	case errors.Is(err, chain.ErrArtifact) && got == nil:
		if r.version == "" {
			v.rep.Reason = fmt.Sprintf("%s is not the signed checksum list of any release in the chain", r.sigPath)
		}
		return refused(err, v.e.retry()+"   (with the release's files and SHA256.sig, and the newest chain, from the signatory)")
	case errors.Is(err, chain.ErrArtifact):
		return refused(err, v.e.retry()+"   (with the release's files and SHA256.sig, and the newest chain, from the signatory)")
	case err != nil:
		return refused(err)
	}
	rv.Version, rv.Position, rv.Newest = untrusted.Escape(got.Release.Version), got.Release.Position, untrusted.Escape(got.Newest)
	rv.signer, rv.SignedBy = got.Release.Signer, untrusted.Escape(got.Release.Signer)
	for _, f := range got.Files {
		rv.Files = append(rv.Files, untrusted.Escape(f))
	}
	for _, f := range got.Unlisted {
		rv.Unlisted = append(rv.Unlisted, untrusted.Escape(f))
	}
	rv.More = got.More
	if r.strict && len(rv.Unlisted) > 0 {
		v.rep.Reason = fmt.Sprintf("%s in %s not in the signed list (--strict); nothing was pinned", plural(len(rv.Unlisted)+rv.More, "file"), rv.Dir)
		return refused(fmt.Errorf("%w: %s: %s", chain.ErrArtifact, v.rep.Reason, strings.Join(untrusted.QuoteAll(got.Unlisted), ", ")),
			"remove the files the release does not name, or "+v.e.retryWithout("--strict"))
	}
	return nil
}

// printUnlisted names the files in the directory that were not verified.
func (r *releaseVerdict) printUnlisted(w io.Writer) {
	n := len(r.Unlisted) + r.More
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "note: %s in %s not in the signed list, not verified:\n", plural(n, "file"), r.Dir)
	for _, f := range r.Unlisted {
		fmt.Fprintf(w, "  %s\n", f)
	}
	if r.More > 0 {
		fmt.Fprintf(w, "  and %d more\n", r.More)
	}
}

func dirOf(path string) string { return filepath.Dir(path) }

// retryWithout is the command the user ran without the boolean flag name.
func (e *env) retryWithout(name string) string {
	var args []string
	for _, a := range e.args {
		if a != name && a != "-"+strings.TrimLeft(name, "-") && !strings.HasPrefix(a, name+"=") {
			args = append(args, a)
		}
	}
	saved := e.args
	e.args = args
	defer func() { e.args = saved }()
	return e.retry()
}
