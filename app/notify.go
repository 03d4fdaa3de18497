package app

import (
	"fmt"
	"time"

	"github.com/gen2brain/beeep"

	"github.com/baton-signing/baton/assets"
)

// notifyTimeout bounds a desktop notification: where a notification
// service is registered but never starts, beeep.Notify blocks for about
// 100 s.
const notifyTimeout = 2 * time.Second

func init() { beeep.AppName = appTitle }

// beeepNotify shows a desktop notification with beeep.
func beeepNotify(title, message string) error {
	return beeep.Notify(title, message, assets.IconPNG)
}

// notify calls n and waits at most d for it. It is called off the UI
// goroutine; a notifier that is still blocked when d passes is left to
// finish (or not) on its own goroutine.
func notify(n func(title, message string) error, title, message string, d time.Duration) error {
	if n == nil {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- n(title, message) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("desktop notification: no answer within %s", d)
	}
}
