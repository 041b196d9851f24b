package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"digisos-invoice/internal/outfile"
)

// checkOutputs refuses, before anything is read, outputs that could not be
// written whatever the run computes (see outfile.Set.Check).
func checkOutputs(s outfile.Set) error {
	return outputError(s.Check())
}

// writeOutputs writes s (see package outfile) and maps its errors to exit
// codes (see outputError).
func writeOutputs(stdout io.Writer, s outfile.Set) error {
	return outputError(s.Commit(stdout))
}

// outputError maps outfile's errors to exit codes, with a hint: an output
// that exists or holds what this program did not write is exit 4 (a
// person decides); one that another run is writing is exit 5 (retry
// later); outputs that conflict are a usage error (2); an output that is
// not a regular file or folder, and any other failure to write, is exit 1.
func outputError(err error) error {
	var (
		exists   *outfile.ExistsError
		foreign  *outfile.ForeignError
		busy     *outfile.BusyError
		kind     *outfile.KindError
		conflict *outfile.ConflictError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exists):
		return &exitError{code: exitExists, err: err, hint: "use --force to replace it, or name another file"}
	case errors.As(err, &foreign):
		return &exitError{code: exitExists, err: err, hint: "move those files out of the folder, or name a new folder"}
	case errors.As(err, &busy):
		return &exitError{code: exitBusy, err: err, hint: "run again once the other run is done; an unchanged output is then left as it is"}
	case errors.As(err, &kind) && kind.Folder:
		return &exitError{code: exitFailure, err: err, hint: "name a folder that does not exist yet"}
	case errors.As(err, &kind):
		return &exitError{code: exitFailure, err: err, hint: "name a regular file, or use - (or leave --output out) for standard output"}
	case errors.As(err, &conflict):
		return &exitError{code: exitUsage, err: err}
	}
	return failure(err)
}

// reportTo has s say on stderr what it did besides writing: stale
// temporary files removed (always), outputs left unchanged (unless quiet).
// The function returned tells whether an output was left unchanged.
func reportTo(s *outfile.Set, stderr io.Writer, quiet bool) (unchanged func(path string) bool) {
	left := map[string]bool{}
	s.Warn = func(msg string) { fmt.Fprintf(stderr, "%s: %s\n", prog, msg) }
	s.Unchanged = func(path string) {
		left[path] = true
		if !quiet {
			fmt.Fprintf(stderr, "%s: unchanged: %s already holds this run\n", prog, path)
		}
	}
	return func(path string) bool { return left[path] }
}

// toStdout writes data to stdout through writeOutputs.
func toStdout(stdout io.Writer, data []byte) error {
	return writeOutputs(stdout, outfile.Set{Files: []outfile.File{{Path: "-", Data: data}}})
}

// readsAnnotation marks a flag whose values are files the command reads.
const readsAnnotation = "digisos-invoice/reads"

// readsFiles marks the named flags of f as naming files the command reads.
// A command that writes files gives every such file to its outfile.Set as
// an input (filesRead), so that no output may replace one: a flag marked
// here cannot be left out of the list by one command.
func readsFiles(f *pflag.FlagSet, names ...string) {
	for _, name := range names {
		if err := f.SetAnnotation(name, readsAnnotation, []string{"file"}); err != nil {
			panic(err) // a flag name misspelt here is a bug
		}
	}
}

// filesRead returns the files that the flags of f marked by readsFiles
// name: every value of a flag given a list, and "" for a flag not given
// (which outfile.Set skips).
func filesRead(f *pflag.FlagSet) []string {
	var paths []string
	f.VisitAll(func(flag *pflag.Flag) {
		if _, ok := flag.Annotations[readsAnnotation]; !ok {
			return
		}
		if list, ok := flag.Value.(pflag.SliceValue); ok {
			paths = append(paths, list.GetSlice()...)
		} else {
			paths = append(paths, flag.Value.String())
		}
	})
	return paths
}
