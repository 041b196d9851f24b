package cli

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/record"
)

// parser reads a file's bytes; name is the file's base name, which its
// errors carry with the line and column.
type parser[T any] func(r io.Reader, name string) (T, error)

// parseFile reads the file at path and parses it. A file that cannot be
// read or parsed fails the run (exit 1). It returns the bytes too, for the
// file's hash, and what parse returned with its error (a reader may return
// the rows read beside the errors in them).
func parseFile[T any](path string, parse parser[T]) (T, []byte, error) {
	var zero T
	data, err := readFile(path)
	if err != nil {
		return zero, nil, err
	}
	v, err := parse(bytes.NewReader(data), filepath.Base(path))
	if err != nil {
		return v, data, failure(err)
	}
	return v, data, nil
}

// readInput reads and parses the file at path as parseFile does, and
// records it as an input of the given role: its base name, hash, and the
// rows of data and notes that describe finds in what was read.
func readInput[T any](role, path string, parse parser[T], describe func(T) (rows int, notes []string)) (T, record.Input, error) {
	v, data, err := parseFile(path, parse)
	if err != nil {
		return v, record.Input{}, err
	}
	in := record.NewInput(role, filepath.Base(path), data, 0)
	in.Rows, in.Notes = describe(v)
	return v, in, nil
}

// Limits on what a run reads, far above any real input and far below
// what would exhaust the memory: a file (the largest real one, SSB's
// population export of every age and sex, is 1.2 MB; an EHF invoice with
// its PDF basis about 55 KB), and an issued folder's files together (356
// invoices are about 20 MB). A larger input is refused before it is read.
const (
	maxFileBytes   = 32 << 20
	maxFolderBytes = 256 << 20
)

// readFile reads the file at path, refusing one larger than maxFileBytes
// (also a device or a pipe without end, such as /dev/zero); an error
// names the path, not the system call.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, failure(pathError(path, err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > maxFileBytes {
		return nil, failure(tooLarge(path))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, failure(pathError(path, err))
	}
	if len(data) > maxFileBytes {
		return nil, failure(tooLarge(path))
	}
	return data, nil
}

func tooLarge(path string) error {
	return fmt.Errorf("%s: larger than %d MiB, the limit of an input file", path, maxFileBytes>>20)
}

// pathError drops the system call from err, keeping path and the cause.
func pathError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return errors.New(path + ": " + pe.Err.Error())
	}
	return fmt.Errorf("%s: %w", path, err)
}

// joinByLine is joinErrors for the errors of one file, put in line and
// column order.
func joinByLine(errs ...error) error {
	err := joinErrors(errs...)
	var list csvio.Errors
	if errors.As(err, &list) {
		slices.SortStableFunc(list, func(a, b *csvio.Error) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
	}
	return err
}

// joinErrors puts the row errors of several files into one list, so they
// are printed together; any other error is returned as it is.
func joinErrors(errs ...error) error {
	var all csvio.Errors
	for _, err := range errs {
		var list csvio.Errors
		switch {
		case err == nil:
		case errors.As(err, &list):
			all = append(all, list...)
		default:
			return err
		}
	}
	if len(all) == 0 {
		return nil
	}
	return all
}
