package outfile

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// lockFlag opens a lock file for LockFileEx: read and write, made if
// missing, and a symbolic link (a reparse point) as itself, never the
// file it points to, which current then refuses as not a regular file.
const lockFlag = os.O_RDWR | os.O_CREATE | syscall.FILE_FLAG_OPEN_REPARSE_POINT

// removeWhileOpen: Go opens files without FILE_SHARE_DELETE, so a file
// that any process holds open cannot be removed.
const removeWhileOpen = false

// syncDir does nothing: Windows cannot flush a folder that Go opens for
// reading (FlushFileBuffers needs write access), and NTFS keeps a rename
// in its own journal of metadata changes.
func syncDir(dir string) {}

// running reports whether the process pid may still run: a process that
// exists and has not ended, also one this user may not open. It errs on
// the side of running: only a process that does not exist, or has ended
// (a handle kept open keeps its id), is known to be gone.
func running(pid int) bool {
	if pid <= 0 {
		return true
	}
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, uint32(pid))
	if err != nil {
		return !errors.Is(err, windows.ERROR_INVALID_PARAMETER)
	}
	defer windows.CloseHandle(h)
	event, err := windows.WaitForSingleObject(h, 0)
	return err != nil || event != windows.WAIT_OBJECT_0
}
