package outfile

import (
	"errors"

	"golang.org/x/sys/windows"
)

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
