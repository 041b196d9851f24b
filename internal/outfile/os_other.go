//go:build !unix && !windows

package outfile

import "os"

// lockFlag opens a lock file: read and write, made if missing.
const lockFlag = os.O_RDWR | os.O_CREATE

// removeWhileOpen: as on Unix, assumed.
const removeWhileOpen = true

// syncDir does nothing here.
func syncDir(dir string) {}

// running reports that the process pid may still run: here a process
// cannot be asked about, so a stale temporary file is left as it is.
func running(pid int) bool { return true }
