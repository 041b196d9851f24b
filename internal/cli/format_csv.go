package cli

import (
	"bytes"

	"digisos-invoice/internal/csvio"
)

// csvRenderer writes the invoice lines as CSV.
type csvRenderer struct{}

func newCSVRenderer(calculateOptions) (renderer, error) { return csvRenderer{}, nil }

func (csvRenderer) render(r *run) (rendered, error) {
	var b bytes.Buffer
	if err := csvio.WriteLines(&b, r.alloc); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}
