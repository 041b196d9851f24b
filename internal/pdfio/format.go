package pdfio

import (
	"bytes"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
)

// Format is the PDF calculation basis: explain's --format pdf, the same
// document each EHF invoice carries.
type Format struct{}

// Name returns "pdf".
func (Format) Name() string { return "pdf" }

// Use says that the PDF serves explain, as a binary file dated the
// invoices' issue date.
func (Format) Use(op format.Op) (format.Use, bool) {
	if op != format.Explain {
		return format.Use{}, false
	}
	return format.Use{Note: "the calculation basis an EHF invoice carries", Date: "the date printed on the basis",
		ToFile: func(int) string { return "--format pdf writes a PDF file: name it with --output FILE" }}, true
}

// Sniff reports false: verify reads no PDF.
func (Format) Sniff(string, []byte) bool { return false }

// Render writes the calculation basis of the one municipality of r.Only,
// dated r.Issue.
func (Format) Render(r *format.Run) (format.Output, error) {
	if len(r.Only) != 1 {
		return format.Output{}, format.ErrUnsupported
	}
	e, err := billing.Explain(r.Alloc, r.Only[0])
	if err != nil {
		return format.Output{}, err
	}
	var b bytes.Buffer
	err = Write(&b, Basis{Explanation: e, Pools: r.Alloc.Pools, Date: r.Issue})
	return format.Output{Data: b.Bytes()}, err
}

// RenderCorrection is not offered.
func (Format) RenderCorrection(*format.Correction) (format.Output, error) {
	return format.Output{}, format.ErrUnsupported
}

// Read is not offered.
func (Format) Read([]byte, string) (*format.Tree, error) { return nil, format.ErrUnsupported }
