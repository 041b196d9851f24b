package jsonio

import (
	"bytes"
	"encoding/json"
	"fmt"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/record"
)

// Format is the JSON format: calculate's document with its record,
// correct's record, explain's explanation, issued documents for verify,
// and the journal's documents with the chain's head.
type Format struct{}

// Name returns "json".
func (Format) Name() string { return "json" }

// Use says that JSON serves every command but journal balance, and
// holds the run record.
func (Format) Use(op format.Op) (format.Use, bool) {
	switch op {
	case format.Calculate:
		return format.Use{Stamp: true}, true
	case format.Correct:
		return format.Use{Note: "the new record, for the next correction", Stamp: true}, true
	case format.Explain, format.Verify, format.ListDocuments:
		return format.Use{}, true
	}
	return format.Use{}, false
}

// Sniff reports whether an issued file is a JSON document (see
// format.Sniff).
func (Format) Sniff(name string, data []byte) bool { return format.Sniff(name, data) == format.JSON }

// Render writes the run as one document with its record, or, for one
// municipality (r.Only), its explanation with what was issued to it.
func (Format) Render(r *format.Run) (format.Output, error) {
	var doc any = NewDocument(r.Alloc, r.Meta)
	if len(r.Only) == 1 {
		e, err := billing.Explain(r.Alloc, r.Only[0])
		if err != nil {
			return format.Output{}, err
		}
		x := NewExplanation(e, r.Meta)
		if r.History != nil {
			x.Issued = NewHistory(*r.History)
		}
		doc = x
	}
	var b bytes.Buffer
	err := Write(&b, doc)
	return format.Output{Data: b.Bytes()}, err
}

// RenderCorrection writes the correction's record, which the next
// correction reads.
func (Format) RenderCorrection(c *format.Correction) (format.Output, error) {
	meta := CorrectionMeta{Run: c.Meta, Correction: c.Correction.Number,
		Previous: Previous{Name: c.PreviousName, SHA256: c.PreviousSHA256}, MinDifference: c.Correction.Threshold.String()}
	var b bytes.Buffer
	err := Write(&b, NewCorrectionRecord(c.Correction, meta))
	return format.Output{Data: b.Bytes()}, err
}

// Read reads an issued document value by value, with the run record it
// holds.
func (Format) Read(data []byte, name string) (*format.Tree, error) {
	root, err := ReadDocumentTree(data, name)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Meta record.Run `json:"meta"`
	}
	if err := json.Unmarshal(trimBOM(data), &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n := len(root.Get("lines").Items)
	return &format.Tree{Root: root, Spec: audit.DocumentSpec(name), Items: n, Run: &doc.Meta, Notes: FormNotes(data, name),
		What: fmt.Sprintf("the %s and every other value of %s match", audit.Plural(n, "line"), name)}, nil
}
