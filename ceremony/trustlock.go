package ceremony

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f, calling waiting first
// when another process holds it.
func lockFile(f *os.File, waiting func()) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		return err
	}
	if waiting != nil {
		waiting()
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
