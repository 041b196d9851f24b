package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strings"

	"digisos-invoice/internal/billing"
)

// Error is an input error at a place in a file. Line and Column count from
// 1; Column is the field's position in the row (1 = the first column, as a
// spreadsheet counts), 0 when the error is about a whole line or file.
type Error struct {
	File   string
	Line   int
	Column int
	Err    error
}

// Error formats the error as file:line:column: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns the error found at the place.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every error found in one or more input files, in file and line
// order. Readers report all row errors they find, not only the first.
type Errors []*Error

// Error returns the first error and a count of the others.
func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	return fmt.Sprintf("%s (and %d more %s)", es[0].Error(), len(es)-1, plural(len(es)-1, "error", "errors"))
}

// Unwrap lets errors.Is and errors.As see every error of the list.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errorf builds an *Error.
func errorf(file string, line, col int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Column: col, Err: fmt.Errorf(format, args...)}
}

// readError positions an error of encoding/csv's Reader.Read, in a file
// whose CSV part starts after skip lines.
func readError(file string, skip int, err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errorf(file, skip+pe.Line, 0, "%v", pe.Err)
	}
	return errorf(file, skip+1, 0, "%v", err)
}

// quote quotes a value read from a file for a message, at most
// billing.MaxQuoted characters of it.
func quote(s string) string { return billing.Quote(s) }
