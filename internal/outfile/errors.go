package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// ExistsError is returned for an output that would replace an existing
// file, or a folder that is not empty, holding other bytes, without Force.
type ExistsError struct {
	Path string
}

// Error says which output exists.
func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s exists: an issued file is not replaced by accident", e.Path)
}

// KindError is returned for an output that exists and is not what the
// output is written as: a device, a FIFO, a socket or a symbolic link, or
// a folder where a file is written, or a file where a folder is.
type KindError struct {
	Path   string
	Kind   string // "a device", "a named pipe (FIFO)", ...
	Folder bool   // the output is a folder
}

// Error names the output and what it is.
func (e *KindError) Error() string {
	want := "a regular file"
	if e.Folder {
		want = "a folder"
	}
	return fmt.Sprintf("%s is %s, not %s: it is not written to or replaced, with or without --force", e.Path, e.Kind, want)
}

// ConflictError is returned for outputs that are the same file, a file
// output inside a folder output, or an input that an output would replace.
type ConflictError struct {
	Msg string
}

// Error says what conflicts.
func (e *ConflictError) Error() string { return e.Msg }

// ForeignError is returned, with Force, for an output folder that holds
// files this program does not write there: it is not replaced.
type ForeignError struct {
	Path  string
	Names []string
}

// Error names the folder and what it holds.
func (e *ForeignError) Error() string {
	const show = 3
	names := e.Names
	more := ""
	if len(names) > show {
		more = fmt.Sprintf(" and %d more", len(names)-show)
		names = names[:show]
	}
	verb := "is"
	if len(e.Names) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("%s holds %s%s, which %s not written by this program: the folder is not replaced",
		e.Path, strings.Join(names, ", "), more, verb)
}

// BusyError is returned when another run held an output's lock for longer
// than LockWait.
type BusyError struct {
	Path   string
	Waited time.Duration
}

// Error names the output and how long was waited.
func (e *BusyError) Error() string {
	return fmt.Sprintf("%s: another run is writing it (waited %s for it to finish)", e.Path, e.Waited)
}

// ErrInterrupted is returned by a Commit that Interrupt stopped.
var ErrInterrupted = errors.New("interrupted: the run's temporary files are removed")

// pathError names path and what failed, without the operation and the
// temporary name of a *fs.PathError, which would only confuse.
func pathError(path, what string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return fmt.Errorf("%s: %s: %w", path, what, err)
}
