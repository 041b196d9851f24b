package xlsxio

import (
	"bytes"
	"fmt"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/format"
)

// Format is the Excel workbook format: calculate's workbook for review,
// correct's workbook of a correction, and issued workbooks for verify
// (the lines sheet as CSV lines, the other sheets cell by cell).
type Format struct{}

// Name returns "xlsx".
func (Format) Name() string { return "xlsx" }

// Use says that the workbook serves calculate, correct and verify, and is
// a binary file.
func (Format) Use(op format.Op) (format.Use, bool) {
	switch op {
	case format.Calculate:
		return format.Use{Note: "an Excel workbook for review", Stamp: true, ToFile: toFile("lines")}, true
	case format.Correct:
		return format.Use{Note: "a workbook of the changed lines and the documents, for review", ToFile: toFile("correction")}, true
	case format.Verify:
		return format.Use{}, true
	}
	return format.Use{}, false
}

func toFile(stem string) func(year int) string {
	return func(year int) string {
		return fmt.Sprintf("--format xlsx writes a binary workbook: name the file with --output, e.g. --output %s-%d.xlsx", stem, year)
	}
}

// Sniff reports whether an issued file is a zip file, as a workbook is.
func (Format) Sniff(name string, data []byte) bool { return format.Sniff(name, data) == format.Zip }

// Render writes the run's workbook.
func (Format) Render(r *format.Run) (format.Output, error) {
	var b bytes.Buffer
	err := Write(&b, r.Alloc, r.Meta)
	return format.Output{Data: b.Bytes()}, err
}

// RenderCorrection writes the correction's workbook.
func (Format) RenderCorrection(c *format.Correction) (format.Output, error) {
	var b bytes.Buffer
	err := WriteCorrection(&b, c.Correction)
	return format.Output{Data: b.Bytes()}, err
}

// Read reads the workbook's lines sheet as the CSV lines calculate
// writes, with the sheet's row numbers as line numbers; Compare compares
// the other sheets.
func (Format) Read(data []byte, name string) (*format.Tree, error) {
	table, err := LinesCSV(bytes.NewReader(data), name)
	if err != nil {
		return nil, err
	}
	return csvio.Format{}.Read(table, name)
}

// Compare adds to rep every cell of the issued workbook's sheets other
// than lines that differs from the recomputed workbook's (see Compare).
func (Format) Compare(rep *audit.Report, name string, issued, recomputed []byte) error {
	return Compare(rep, name, issued, recomputed)
}

// Years returns the distinct years of the lines sheet's year column, in
// order, as for calculate's CSV lines (see format.Yearly); nil when the
// workbook cannot be read, which Read then reports.
func (Format) Years(data []byte) (stated int, years []int) {
	table, err := LinesCSV(bytes.NewReader(data), "")
	if err != nil {
		return 0, nil
	}
	return csvio.Format{}.Years(table)
}
