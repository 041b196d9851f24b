//go:build !windows

package outfile

// removeWhileOpen: a file that is open, and locked, can be removed.
const removeWhileOpen = true
