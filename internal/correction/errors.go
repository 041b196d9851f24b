package correction

import "errors"

// Sentinel errors that callers branch on; the functions of this package
// wrap them with the offending value.
var (
	// ErrThreshold means a minimum difference is negative or not an amount
	// of whole øre.
	ErrThreshold = errors.New("invalid minimum difference")
	// ErrYear means a record and a computation are not of the same year.
	ErrYear = errors.New("record of another year")
	// ErrRecord means a record contradicts itself: a line twice, a line of
	// another year, a document id issued twice.
	ErrRecord = errors.New("inconsistent record")
)
