package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/qr"
	"github.com/baton-signing/baton/chain/signify"
	"github.com/baton-signing/baton/chain/untrusted"
)

// keyInfo is one vault key and what the chain makes of it.
type keyInfo struct {
	keyJSON
	Status    string `json:"status"`
	HasSecret bool   `json:"has_secret"`
	Announced uint64 `json:"announced_at,omitempty"` // position of the entry that announced it
	pub       *signify.PublicKey
}

// Key states, as `baton keys list` shows them.
const (
	stInForce   = "in force"
	stSpare     = "spare"
	stUsed      = "used"
	stRetired   = "retired (no secret)"
	stRecovery  = "recovery"
	noSecretTag = " (SECRET NOT IN VAULT)"
)

// packageKeys reads a package's chain and classifies its keys: the key in
// force signs the next entry; spares are generated and not yet announced;
// used keys signed earlier entries and keep their secret (for patch
// releases) until retired.
func packageKeys(p *ceremony.Package) ([]*chain.SignedEntry, []keyInfo, error) {
	entries, err := p.Chain()
	if err != nil {
		return nil, nil, err
	}
	keys, err := p.Keys()
	if err != nil {
		return nil, nil, err
	}
	var head *chain.SignedEntry
	if len(entries) > 0 {
		head = entries[len(entries)-1]
	}
	var out []keyInfo
	for _, k := range keys {
		ki := keyInfo{keyJSON: *describeKey(k.Label, k.Public), HasSecret: k.HasSecret, pub: k.Public}
		for _, e := range entries {
			if e.Next.Equal(k.Public) || (e.Recovery != nil && e.Recovery.Equal(k.Public)) {
				ki.Announced = e.Position
			}
		}
		switch {
		case k.Label == "recovery":
			ki.Status = stRecovery
			if !k.HasSecret {
				ki.Status += " (secret kept offline)"
			}
		case head != nil && head.Next.Equal(k.Public):
			ki.Status = stInForce
			if !k.HasSecret {
				ki.Status += noSecretTag
			}
		case ki.Announced == 0:
			ki.Status = stSpare
			if !k.HasSecret {
				ki.Status += noSecretTag
			}
		case k.HasSecret:
			ki.Status = stUsed
		default:
			ki.Status = stRetired
		}
		out = append(out, ki)
	}
	return entries, out, nil
}

func cmdKeys(e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("keys: say list or show", "baton keys list --package NAME", "baton keys show --package NAME LABEL")
	}
	switch args[0] {
	case "list", "ls":
		return keysList(e, args[1:])
	case "show":
		return keysShow(e, args[1:])
	case "-h", "-help", "--help", "help":
		return e.showHelp("keys")
	}
	return usageErr(fmt.Sprintf("keys: unknown sub-command %q: say list or show", args[0]), "baton keys list "+quoteArgs(args[1:]))
}

// existingPackage opens package pkg of the existing vault for verb.
func existingPackage(e *env, fs string, pkg string) (*ceremony.Package, error) {
	if pkg == "" {
		return nil, usageErr(fs+": --package is missing", e.retry("--package", "NAME"))
	}
	v, err := e.existingVault()
	if err != nil {
		return nil, err
	}
	return e.vaultPackage(v, pkg)
}

func keysList(e *env, args []string) error {
	e.verb = "keys list"
	e.args = args
	fs := e.flagSet("keys list")
	pkg := fs.String("package", "", "")
	if err := e.parseFlags(fs, args); err != nil {
		return err
	}
	p, err := existingPackage(e, "keys list", *pkg)
	if err != nil {
		return err
	}
	_, keys, err := packageKeys(p)
	if err != nil {
		return failure(err)
	}
	if e.g.json {
		for i := range keys {
			keys[i].Label = jsonText(keys[i].Label)
		}
		return e.printJSON(map[string]any{"package": jsonText(p.Name), "keys": keys})
	}
	w := e.stdout
	for _, k := range keys {
		fmt.Fprintf(w, "%-9s %-22s %s\n", untrusted.Escape(k.Label), k.Status, k.Words)
	}
	return nil
}

func keysShow(e *env, args []string) error {
	e.verb = "keys show"
	e.args = args
	fs := e.flagSet("keys show")
	pkg := fs.String("package", "", "")
	showQR := fs.Bool("qr", false, "")
	png := fs.String("png", "", "")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	p, err := existingPackage(e, "keys show", *pkg)
	if err != nil {
		return err
	}
	_, keys, err := packageKeys(p)
	if err != nil {
		return failure(err)
	}
	var labels []string
	for _, k := range keys {
		labels = append(labels, untrusted.Escape(k.Label))
	}
	if len(rest) != 1 {
		return usageErr(fmt.Sprintf("keys show: name one key (%s)", strings.Join(labels, ", ")), e.retry("recovery"))
	}
	label := rest[0]
	var ki *keyInfo
	for i := range keys {
		if strings.EqualFold(keys[i].Label, label) {
			ki = &keys[i]
		}
	}
	if ki == nil {
		return usageErr(fmt.Sprintf("keys show: %s has no key %s (it has %s)",
			untrusted.Escape(p.Name), untrusted.Quote(label), strings.Join(labels, ", ")),
			"baton keys list --package "+untrusted.Escape(shellQuote(p.Name)))
	}
	pubPath := p.PublicKeyPath(ki.Label)
	if *png != "" {
		img, err := qr.PNG(qr.Payload(ki.pub), 512)
		if err != nil {
			return failure(err)
		}
		if err := os.WriteFile(*png, img, 0o644); err != nil {
			return failure(fmt.Errorf("writing the QR code: %w", err))
		}
	}
	if e.g.json {
		obj := map[string]any{"package": jsonText(p.Name), "label": jsonText(ki.Label), "status": ki.Status, "key": ki.Key,
			"words": ki.Words, "fingerprint": ki.Fingerprint, "pub_file": jsonText(pubPath), "pub": jsonText(string(ki.pub.Marshal()))}
		if *png != "" {
			obj["png"] = jsonText(*png)
		}
		return e.printJSON(obj)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s of %s: %s\n\n", untrusted.Escape(ki.Label), untrusted.Escape(p.Name), ki.Status)
	fmt.Fprintf(w, "  key:         %s\n  words:       %s\n  fingerprint: %s\n\n", ki.Key, ki.Words, ki.Fingerprint)
	// The key file's comment is whatever the file says: shown escaped.
	fmt.Fprintf(w, "%s:\n%s", untrusted.Escape(pubPath), escapeLines(string(ki.pub.Marshal())))
	if *showQR {
		q, err := qr.Terminal(qr.Payload(ki.pub))
		if err != nil {
			return failure(err)
		}
		fmt.Fprintf(w, "\n%s", q)
	}
	if *png != "" {
		fmt.Fprintf(w, "\nQR code written to %s\n", untrusted.Escape(*png))
	}
	return nil
}

// escapeLines escapes each line of s and keeps the newlines between them.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = untrusted.Escape(l)
	}
	return strings.Join(lines, "\n")
}
