//go:build !unix && !windows

package outfile

// running reports that the process pid may still run: here a process
// cannot be asked about, so a stale temporary file is left as it is.
func running(pid int) bool { return true }
