package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/baton-signing/baton/ceremony"
	"github.com/baton-signing/baton/ceremony/fetch"
	"github.com/baton-signing/baton/chain"
	"github.com/baton-signing/baton/chain/untrusted"
)

// The Dependencies screen's decisions: consent to the changes after a
// pin, first trust through a known signatory, or comparing the key on
// Verify; each moves a pin under the store's lock, then checks again.

// trustPrompt asks whether to trust a package never pinned because the
// store already trusts its signatory. Its safe answer, "Not now", is the
// prominent one.
type trustPrompt struct {
	dlg    *dialog.CustomDialog
	notNow *widget.Button
	trust  *widget.Button
}

// askConsent asks about the i-th event after r's pin, then the next
// ones, in the Verify screen's consent dialog; the pin moves only when
// every one is accepted. "Not now" stops there and leaves the pin.
func (d *depsScreen) askConsent(r *depRow, i int) {
	events := r.Check.Events()
	if i == 0 {
		d.accepted = nil
	}
	d.closeDialogs()
	if i >= len(events) {
		return
	}
	ev := events[i]
	pkg := r.Package.Name
	notNow := func(p *consentPrompt) {
		if d.consent != p {
			return
		}
		d.closeDialogs()
		d.accepted = nil
		d.setStatus(fmt.Sprintf("%s stays pinned at position %d: you did not accept every change after it. Ask the maintainer another way whether the change is genuine, then review it again.",
			pkg, r.Check.Prior().Position), widget.WarningImportance)
	}
	follow := func(p *consentPrompt) {
		if d.consent != p {
			return
		}
		d.accepted = append(d.accepted, ev.ID())
		if i+1 < len(events) {
			d.askConsent(r, i+1)
			return
		}
		d.closeDialogs()
		head := r.Check.Head()
		d.decide(r, chain.Consent{Accepted: append([]chain.EventID(nil), d.accepted...)}, fmt.Sprintf(
			"%s was pinned at position %d; you accepted every change, and the pin moved to position %d: %s signs it now.",
			pkg, r.Check.Prior().Position, head.Position, untrusted.Quote(r.Check.Result().Name)))
	}
	d.consent = newConsentPrompt(d.st.Window, pkg, ev, i, len(events), notNow, follow)
	d.consent.dlg.Show()
}

// askTrust asks whether to trust a package never pinned because the
// store trusts its signatory already, as baton verify asks: nothing is
// compared, since the key is the one trusted for the other package.
func (d *depsScreen) askTrust(r *depRow) {
	d.closeDialogs()
	res := r.Check.Result()
	pkg := r.Package.Name
	box := container.NewVBox()
	text := func(s string, bold bool) {
		l := wrapped(s)
		l.TextStyle = fyne.TextStyle{Bold: bold}
		box.Add(l)
	}
	text(fmt.Sprintf("%s is signed by %s (signatory %s).", pkg, vouchedText(r), res.Head.Signatory), true)
	text(fmt.Sprintf("Its chain verifies from its genesis: %s, every signature checked. Its signatory's key is the one you already trust, so there is no key to compare again: trusting it pins %s at position %d.",
		entryCount(res.Head.Position), pkg, res.Head.Position), false)
	text("Signatory key fingerprint words: "+res.Recovery.Fingerprint().WordString(), false)
	for _, ev := range res.Events {
		text("History: "+eventText(ev), false)
	}
	text("Its hand-overs and re-keys will still be asked about, package by package. Not now pins nothing.", false)
	p := &trustPrompt{}
	p.dlg = dialog.NewCustomWithoutButtons("Trust "+pkg+"?", container.NewVScroll(box), d.st.Window)
	p.notNow = widget.NewButtonWithIcon("Not now", theme.CancelIcon(), func() {
		if d.trustAsk != p {
			return
		}
		d.closeDialogs()
		d.setStatus(pkg+" is not pinned: nothing was changed.", widget.MediumImportance)
	})
	p.notNow.Importance = widget.HighImportance
	p.trust = widget.NewButtonWithIcon("Trust "+untrusted.Quote(res.Name)+" for "+pkg, theme.ConfirmIcon(), func() {
		if d.trustAsk != p {
			return
		}
		d.closeDialogs()
		d.decide(r, chain.Consent{SignatoryTrusted: true}, fmt.Sprintf("Pinned %s at position %d, signed by %s, whom you already trusted for another package.",
			pkg, res.Head.Position, untrusted.Quote(res.Name)))
	})
	p.trust.Importance = widget.WarningImportance
	p.dlg.SetButtons([]fyne.CanvasObject{p.notNow, p.trust})
	d.trustAsk = p
	p.dlg.Resize(fyne.NewSize(640, 420))
	p.dlg.Show()
	if c := d.st.Window.Canvas(); c != nil {
		c.Focus(p.notNow)
	}
}

// decide moves r's pin with the consent given, under the trust store's
// lock, off the UI goroutine, then checks the package again and shows it
// as it is. A pin that moved since the check is not overwritten
// (ErrStale): the package is checked against it and shown again.
func (d *depsScreen) decide(r *depRow, consent chain.Consent, done string) {
	check, lp, pkg := r.Check, r.Log, r.Package.Name
	d.setStatus(pkg+": pinning …", widget.MediumImportance)
	d.recheckAfter(r, func(s *chain.TrustStore) error { return acceptLogged(s, check, consent, lp) }, func(err error) {
		switch {
		case err == nil:
			d.setStatus(done, widget.SuccessImportance)
		case errors.Is(err, chain.ErrStale):
			d.setStatus(fmt.Sprintf("Nothing was pinned: another Baton changed %s's pin in the trust store since the check (%s). It was checked again against the pin as it is now: review it again.",
				pkg, untrusted.SanitizeMessage(err.Error())), widget.WarningImportance)
		default:
			d.setStatus(pkg+": "+pinFailure(err), widget.DangerImportance)
		}
	})
}

// recheck checks r's package again, as the store is now.
func (d *depsScreen) recheck(r *depRow) {
	d.closeDialogs()
	d.setStatus(r.Package.Name+": checking again …", widget.MediumImportance)
	d.recheckAfter(r, nil, func(error) { d.setStatus(r.Package.Name+" was checked again.", widget.MediumImportance) })
}

// recheckAfter applies change (nil: none) to the trust store under its
// lock, off the UI goroutine, then checks r's package again against the
// store as it is, shows it in r's place and hands change's outcome to
// report; unless another manifest was opened meanwhile.
func (d *depsScreen) recheckAfter(r *depRow, change func(*chain.TrustStore) error, report func(error)) {
	path, m, gen, opt, fetcher, policy := d.trustPath, d.manifest, d.gen, d.options(), d.fetcher, d.st.LogPolicy
	d.st.Go(func() {
		opt.Fetch, _ = fetcher()
		var err error
		if change != nil {
			err = ceremony.UpdateTrust(path, change)
		}
		out := recheckOne(path, policy, m, r.Package, opt)
		d.st.Do(func() {
			if d.gen != gen {
				return // another manifest was opened meanwhile
			}
			d.replace(r, out)
			report(err)
		})
	})
}

// replace puts the package checked again in old's place and lists the
// rows again.
func (d *depsScreen) replace(old *depRow, out depsOutcome) {
	if out.err != nil || len(out.rows) != 1 {
		if out.err != nil {
			d.showErr(untrusted.SanitizeMessage(out.err.Error()))
		}
		return
	}
	i := slices.Index(d.all, old)
	if i < 0 {
		return
	}
	d.all[i] = out.rows[0]
	d.stamp = out.stamp
	d.relist()
}

// compareOnVerify hands a package never pinned to the Verify screen,
// package named and chain opened (fetched first when it is a URL), to
// compare its signatory's key there.
func (d *depsScreen) compareOnVerify(r *depRow) {
	d.closeDialogs()
	pkg, loc := r.Package.Name, d.manifest.Resolve(r.Package.Chain)
	open := func(path string) {
		if !d.st.ShowScreen("verify") || d.st.verifier == nil {
			d.setStatus(fmt.Sprintf("Open Verify a key, name %s and open its chain %s to compare its signatory's key.", pkg, untrusted.Quote(path)), widget.WarningImportance)
			return
		}
		v := d.st.verifier
		v.pkg.SetText(pkg)
		v.openChain(path)
	}
	if !fetch.IsURL(loc) {
		open(loc)
		return
	}
	fetcher := d.fetcher
	d.setStatus(pkg+": fetching its chain …", widget.MediumImportance)
	d.st.Go(func() {
		var path string
		client, err := fetcher()
		if err == nil {
			path, err = client.Get(context.Background(), loc, ceremony.MaxChainFile)
		}
		d.st.Do(func() {
			if err != nil {
				d.setStatus(pkg+": "+untrusted.SanitizeMessage(err.Error()), widget.DangerImportance)
				return
			}
			d.setStatus("", widget.MediumImportance)
			open(path)
		})
	})
}
