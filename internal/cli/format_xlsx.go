package cli

import (
	"bytes"

	"digisos-invoice/internal/outfile"
)

// xlsxRenderer writes the run as an Excel workbook, with its record in the
// reconciliation sheet.
type xlsxRenderer struct{ wb Workbook }

// newXLSXRenderer refuses stdout (-, /dev/stdout): the workbook is binary.
func newXLSXRenderer(o calculateOptions) (renderer, error) {
	if (outfile.File{Path: o.output}).ToStdout() {
		return nil, usageError("--format xlsx writes a binary workbook: name the file with --output, e.g. --output lines-%d.xlsx", o.year)
	}
	if o.workbook == nil {
		return nil, errNoWorkbook
	}
	return xlsxRenderer{o.workbook}, nil
}

func (x xlsxRenderer) render(r *run) (rendered, error) {
	var b bytes.Buffer
	if err := x.wb.Write(&b, r.alloc, r.meta()); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}
