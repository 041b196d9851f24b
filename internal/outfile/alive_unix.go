//go:build unix

package outfile

import (
	"errors"
	"syscall"
)

// running reports whether the process pid may still run: a process that
// exists, also one this user may not signal. It errs on the side of
// running: only a process that does not exist is known to be gone.
func running(pid int) bool {
	if pid <= 0 {
		return true
	}
	err := syscall.Kill(pid, 0)
	return !errors.Is(err, syscall.ESRCH)
}
