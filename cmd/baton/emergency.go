package main

import (
	"fmt"

	"github.com/baton-signing/baton/ceremony"
)

func cmdEmergency(e *env, args []string) error {
	fs := e.flagSet("emergency")
	pkg := fs.String("package", "", "")
	reason := fs.String("reason", "", "")
	var cf ceremonyFlags
	cf.register(fs)
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkPackageReason(e, *pkg, *reason, "why Ed25519 keys can no longer be trusted"); err != nil {
		return err
	}
	v, p, err := e.ceremonyVault(*pkg, &cf)
	if err != nil {
		return err
	}
	out, err := v.Emergency(e.ctx, e.ui(), cf.options(), ceremony.EmergencyParams{Package: *pkg, Reason: *reason})
	if err != nil {
		return e.ceremonyErr(err, *pkg)
	}
	e.bar.Break()
	rep, err := changeOf(p, "emergency", *reason, out)
	if err != nil {
		return err
	}
	if e.g.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "Emergency switch of %s at position %d: revealed the emergency key the chain committed to\n(%s) and announced %s in place of %s.\n",
		*pkg, rep.Position, rep.Revealed, labelOr(rep.Next.Label, "a new key"), labelOr(rep.Replaced.Label, "the key in force"))
	fmt.Fprintf(w, "Reason users will read: %s\n", *reason)
	printChange(e, rep, "emergency switch")
	return nil
}
