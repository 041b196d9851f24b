package cli

import (
	"bytes"

	"digisos-invoice/internal/xlsxio"
)

// xlsxRenderer writes the run as an Excel workbook, with its record in the
// reconciliation sheet.
type xlsxRenderer struct{}

// newXLSXRenderer refuses stdout: the workbook is binary.
func newXLSXRenderer(o calculateOptions) (renderer, error) {
	if o.output == "" || o.output == "-" {
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
