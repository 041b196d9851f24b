// Package jsonio writes a run as one JSON document: its record (meta, see
// package record), the invoice lines, the totals per municipality and per
// pool, and the reconciled totals; it writes the record alone as the
// manifest, and reads both back for verify. Money is written as strings
// with two decimals.
package jsonio

import (
	"encoding/json"
	"fmt"
	"io"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// Document is the JSON output of calculate.
type Document struct {
	Meta           record.Run     `json:"meta"`
	Lines          []Line         `json:"lines"`
	Municipalities []Municipality `json:"municipalities"`
	Pools          []Pool         `json:"pools"`
	Totals         Totals         `json:"totals"`
}

// Line is one invoice line, with the fields of the CSV output.
type Line struct {
	InvoiceID  string `json:"invoice_id"`
	Year       int    `json:"year"`
	Quarter    int    `json:"quarter"`
	Number     string `json:"municipality_number"`
	Name       string `json:"municipality_name"`
	Solution   string `json:"solution"`
	Population int64  `json:"population"`
	Amount     string `json:"amount"`
	Waived     string `json:"waived"`
}

// Municipality is one municipality's totals over its lines.
type Municipality struct {
	InvoiceID  string `json:"invoice_id"`
	Number     string `json:"municipality_number"`
	Name       string `json:"municipality_name"`
	Population int64  `json:"population"`
	Amount     string `json:"amount"`
	Waived     string `json:"waived"`
}

// Pool is one (solution, quarter) part of the annual cost.
type Pool struct {
	Solution     string `json:"solution"`
	Quarter      int    `json:"quarter"`
	Amount       string `json:"amount"`
	Waived       bool   `json:"waived"`
	Participants int    `json:"participants"`
	Population   int64  `json:"population"`
	Allocated    bool   `json:"allocated"`
}

// Totals reconcile the run: invoiced + waived + unallocated = annual_cost.
type Totals struct {
	Invoiced    string `json:"invoiced"`
	Waived      string `json:"waived"`
	Unallocated string `json:"unallocated"`
	AnnualCost  string `json:"annual_cost"`
}

// NewDocument builds the JSON document of allocation a.
func NewDocument(a billing.Allocation, meta record.Run) Document {
	d := Document{
		Meta:           meta,
		Lines:          make([]Line, len(a.Lines)),
		Municipalities: make([]Municipality, len(a.Municipalities)),
		Pools:          make([]Pool, len(a.Pools)),
		Totals: Totals{
			Invoiced:    a.Totals.Invoiced.String(),
			Waived:      a.Totals.Waived.String(),
			Unallocated: a.Totals.Unallocated.String(),
			AnnualCost:  a.Totals.AnnualCost.String(),
		},
	}
	for i, l := range a.Lines {
		d.Lines[i] = Line{InvoiceID: l.InvoiceID(), Year: l.Year, Quarter: int(l.Quarter), Number: l.Number, Name: l.Name,
			Solution: l.Solution, Population: l.Population, Amount: l.Amount.String(), Waived: l.Waived.String()}
	}
	for i, m := range a.Municipalities {
		d.Municipalities[i] = Municipality{InvoiceID: billing.InvoiceID(a.Tariff.Year, m.Number), Number: m.Number, Name: m.Name, Population: m.Population,
			Amount: m.Amount.String(), Waived: m.Waived.String()}
	}
	for i, p := range a.Pools {
		d.Pools[i] = Pool{Solution: p.Solution, Quarter: int(p.Quarter), Amount: p.Amount.String(),
			Waived: p.Waiver != nil, Participants: p.Participants, Population: p.Population, Allocated: p.Allocated}
	}
	return d
}

// Write writes v as indented JSON with a final newline. Field order is the
// order of the struct fields, so the same run gives the same bytes.
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ReadMeta reads a manifest that calculate wrote with --manifest.
func ReadMeta(r io.Reader, file string) (record.Run, error) {
	var m record.Run
	dec := json.NewDecoder(skipBOM(r))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return record.Run{}, fmt.Errorf("%s: not a manifest written by calculate: %w", file, err)
	}
	return m, nil
}
