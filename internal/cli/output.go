package cli

import (
	"errors"
	"io"

	"digisos-invoice/internal/outfile"
)

// writeOutputs writes s (see package outfile) and maps its errors to exit
// codes: an output that exists is exit 4, with a hint; any other failure
// to write is exit 1.
func writeOutputs(stdout io.Writer, s outfile.Set) error {
	err := s.Commit(stdout)
	var exists *outfile.ExistsError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exists):
		return &exitError{code: exitExists, err: err, hint: "use --force to replace it, or name another file"}
	}
	return failure(err)
}

// toStdout writes data to stdout through writeOutputs.
func toStdout(stdout io.Writer, data []byte) error {
	return writeOutputs(stdout, outfile.Set{Files: []outfile.File{{Path: "-", Data: data}}})
}
