package cli

import (
	"bytes"

	"digisos-invoice/internal/csvio"
)

// lineBytes is about the length of a CSV line of a real municipality
// (60 to 80 bytes); a longer one only makes the buffer grow.
const lineBytes = 80

// csvRenderer writes the invoice lines as CSV.
type csvRenderer struct{}

func newCSVRenderer(calculateOptions) (renderer, error) { return csvRenderer{}, nil }

func (csvRenderer) render(r *run) (rendered, error) {
	var b bytes.Buffer
	b.Grow(lineBytes * (len(r.alloc.Lines) + 1)) // grown once, not by doubling
	if err := csvio.WriteLines(&b, r.alloc); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}
