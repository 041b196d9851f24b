package csvio

import (
	"bytes"
	"fmt"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/format"
)

// lineBytes is about the length of a CSV line of a real municipality
// (60 to 80 bytes); a longer one only makes the buffer grow.
const lineBytes = 80

// Format is the CSV format: calculate's invoice lines, correct's changed
// lines, issued lines for verify, and the journal's documents and
// balances for accounting.
type Format struct{}

// Name returns "csv".
func (Format) Name() string { return "csv" }

// Use says that CSV serves calculate, correct, verify and the journal's
// listings.
func (Format) Use(op format.Op) (format.Use, bool) {
	switch op {
	case format.Calculate, format.Verify, format.ListDocuments, format.ListBalances:
		return format.Use{}, true
	case format.Correct:
		return format.Use{Note: "the changed lines"}, true
	}
	return format.Use{}, false
}

// Sniff reports whether an issued file is text that is none of the other
// formats (see format.Sniff).
func (Format) Sniff(name string, data []byte) bool { return format.Sniff(name, data) == format.Text }

// Render writes the run's invoice lines.
func (Format) Render(r *format.Run) (format.Output, error) {
	var b bytes.Buffer
	b.Grow(lineBytes * (len(r.Alloc.Lines) + 1)) // grown once, not by doubling
	err := WriteLines(&b, r.Alloc)
	return format.Output{Data: b.Bytes()}, err
}

// RenderCorrection writes the correction's changed lines.
func (Format) RenderCorrection(c *format.Correction) (format.Output, error) {
	var b bytes.Buffer
	err := WriteCorrection(&b, c.Correction)
	return format.Output{Data: b.Bytes()}, err
}

// Read reads issued lines column by column (see ReadIssuedLines).
func (Format) Read(data []byte, name string) (*format.Tree, error) {
	root, notes, err := ReadIssuedLines(data, name)
	if err != nil {
		return nil, err
	}
	n := len(root.Items)
	return &format.Tree{Root: root, Spec: audit.LinesSpec(name), Notes: notes, Items: n,
		What: fmt.Sprintf("the %s of %s %s", audit.Plural(n, "line"), name, verb(n))}, nil
}

// verb is "match" for a plural subject, "matches" for one.
func verb(n int) string {
	if n == 1 {
		return "matches"
	}
	return "match"
}
