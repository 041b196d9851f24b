package cli

import (
	"bytes"

	"digisos-invoice/internal/jsonio"
)

// jsonRenderer writes the run as one JSON document, with its record.
type jsonRenderer struct{}

func newJSONRenderer(calculateOptions) (renderer, error) { return jsonRenderer{}, nil }

func (jsonRenderer) render(r *run) (rendered, error) {
	var b bytes.Buffer
	if err := jsonio.Write(&b, jsonio.NewDocument(r.alloc, r.meta())); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}
