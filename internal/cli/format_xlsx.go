package cli

import (
	"bytes"

	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/xlsxio"
)

// xlsxRenderer writes the run as an Excel workbook, with its record in the
// reconciliation sheet.
type xlsxRenderer struct{}

// newXLSXRenderer refuses stdout (-, /dev/stdout): the workbook is binary.
func newXLSXRenderer(o calculateOptions) (renderer, error) {
	if (outfile.File{Path: o.output}).ToStdout() {
		return nil, usageError("--format xlsx writes a binary workbook: name the file with --output, e.g. --output lines-%d.xlsx", o.year)
	}
	return xlsxRenderer{}, nil
}

func (xlsxRenderer) render(r *run) (rendered, error) {
	var b bytes.Buffer
	if err := xlsxio.Write(&b, r.alloc, r.meta()); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}
