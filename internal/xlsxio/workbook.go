package xlsxio

import (
	"bytes"
	"io"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/record"
)

// Workbook is this package as the command line uses it (the cli.Workbook
// that digisos-invoice-xlsx is built with): each method is the function of
// the same name.
type Workbook struct{}

// Write writes a year's workbook; see Write.
func (Workbook) Write(w io.Writer, a billing.Allocation, meta record.Run) error {
	return Write(w, a, meta)
}

// WriteCorrection writes a correction's workbook; see WriteCorrection.
func (Workbook) WriteCorrection(w io.Writer, c correction.Correction) error {
	return WriteCorrection(w, c)
}

// LinesCSV returns a workbook's lines sheet as CSV; see LinesCSV.
func (Workbook) LinesCSV(data []byte, file string) ([]byte, error) {
	return LinesCSV(bytes.NewReader(data), file)
}

// Compare compares the other sheets of two workbooks; see Compare.
func (Workbook) Compare(rep *audit.Report, file string, issued, recomputed []byte) error {
	return Compare(rep, file, issued, recomputed)
}
