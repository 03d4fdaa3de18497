package ceremony

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// ErrOnline is returned when a ceremony that requires an offline machine
// finds a network interface up.
var ErrOnline = errors.New("this machine is online and offline was required")

// Readiness is the state of the machine before a ceremony.
type Readiness struct {
	Online    []string // network interfaces that are up with a non-loopback address
	VaultDir  string
	Clock     time.Time
	Operator  string
	Witnesses []string
}

// Offline reports whether no network interface is up.
func (r *Readiness) Offline() bool { return len(r.Online) == 0 }

// CheckReadiness looks at the network interfaces and the vault location.
func CheckReadiness(v *Vault, opts Options) (*Readiness, error) {
	r := &Readiness{VaultDir: v.Dir, Operator: opts.Operator, Witnesses: opts.Witnesses, Clock: time.Now().UTC()}
	if opts.Now != nil {
		r.Clock = opts.Now().UTC()
	}
	if err := refuseGitWorkTree(v.Dir); err != nil {
		return nil, err
	}
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("listing network interfaces: %w", err)
	}
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := i.Addrs()
		var global []string
		for _, a := range addrs {
			if ip, _, err := net.ParseCIDR(a.String()); err == nil && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
				global = append(global, ip.String())
			}
		}
		if len(global) > 0 {
			r.Online = append(r.Online, fmt.Sprintf("%s (%s)", i.Name, strings.Join(global, ", ")))
		}
	}
	return r, nil
}

// readiness is the first step of most ceremonies: the machine is
// checked, and a ceremony run online says so in its transcript.
func (b base) readiness(ctx context.Context, j *journal) (string, error) {
	r, err := CheckReadiness(b.p.vault, b.s.opts)
	if err != nil {
		return "", err
	}
	detail := fmt.Sprintf("vault %s; clock %s; ", r.VaultDir, r.Clock.Format(time.RFC3339))
	if r.Offline() {
		return detail + "offline: no network interface up", nil
	}
	if b.s.opts.RequireOffline {
		return "", fmt.Errorf("%w (%s): unplug the network or disable the interfaces, then run the ceremony again", ErrOnline, strings.Join(r.Online, "; "))
	}
	b.s.ui.warn(&OnlineWarning{Interfaces: r.Online})
	j.Notes = append(j.Notes, "ran ONLINE: "+strings.Join(r.Online, "; "))
	return detail + "ONLINE: " + strings.Join(r.Online, "; "), nil
}
