//go:build !windows

package outfile

import "os"

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
