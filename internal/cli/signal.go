package cli

import (
	"fmt"
	"io"
	"os"
	"syscall"

	"digisos-invoice/internal/outfile"
)

// Exit codes of a run stopped by a signal: 128 plus the signal's number,
// as a shell reports a process the signal killed.
const (
	exitInterrupt = 130 // SIGINT
	exitTerminate = 143 // SIGTERM
)

// interrupted stops the run for the signal sig: outfile removes every
// temporary file and folder and writes nothing more (outputs placed
// before the signal stay as they are, complete). It returns the exit code.
func interrupted(sig os.Signal, stderr io.Writer) int {
	outfile.Interrupt()
	name, code := "SIGTERM", exitTerminate
	if sig == syscall.SIGINT {
		name, code = "SIGINT", exitInterrupt
	}
	fmt.Fprintf(stderr, "%s: stopped by %s: the run's temporary files are removed and nothing more is written\n", prog, name)
	return code
}
