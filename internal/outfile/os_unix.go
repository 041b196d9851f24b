//go:build unix

package outfile

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// lockFlag opens a lock file for flock: read and write, made if missing,
// and never through a symbolic link (the open fails with ELOOP), so that
// a link at the lock file's name cannot make a run create or lock the
// file it points to.
const lockFlag = os.O_RDWR | os.O_CREATE | unix.O_NOFOLLOW

// removeWhileOpen: a file that is open, and locked, can be removed (see
// unlock).
const removeWhileOpen = true

// syncDir flushes the folder dir's entries to disk, so that a file
// renamed or linked into it is still there after a power cut.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

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
