package textio

import (
	"bytes"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
)

// Format is text for people: explain's explanation of one municipality,
// and the journal's documents and balances as tables.
type Format struct{}

// Name returns "text".
func (Format) Name() string { return "text" }

// Use says that text serves explain and the journal's listings.
func (Format) Use(op format.Op) (format.Use, bool) {
	return format.Use{}, op == format.Explain || op == format.ListDocuments || op == format.ListBalances
}

// Sniff reports false: verify reads no text report.
func (Format) Sniff(string, []byte) bool { return false }

// Render writes the explanation of the one municipality of r.Only, and
// what was issued to it when r.History is set.
func (Format) Render(r *format.Run) (format.Output, error) {
	if len(r.Only) != 1 {
		return format.Output{}, format.ErrUnsupported
	}
	e, err := billing.Explain(r.Alloc, r.Only[0])
	if err != nil {
		return format.Output{}, err
	}
	var b bytes.Buffer
	if err := WriteExplanation(&b, e); err != nil {
		return format.Output{}, err
	}
	if r.History != nil {
		err = WriteHistory(&b, *r.History)
	}
	return format.Output{Data: b.Bytes()}, err
}

// RenderCorrection is not offered.
func (Format) RenderCorrection(*format.Correction) (format.Output, error) {
	return format.Output{}, format.ErrUnsupported
}

// Read is not offered.
func (Format) Read([]byte, string) (*format.Tree, error) { return nil, format.ErrUnsupported }
