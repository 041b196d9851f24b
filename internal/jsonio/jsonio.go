// Package jsonio writes a run as one JSON document: what produced it (meta),
// the invoice lines, the totals per municipality and per pool, and the
// reconciled totals. Money is written as strings with two decimals.
package jsonio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"digisos-invoice/internal/billing"
)

// Document is the JSON output of calculate.
type Document struct {
	Meta           Meta           `json:"meta"`
	Lines          []Line         `json:"lines"`
	Municipalities []Municipality `json:"municipalities"`
	Pools          []Pool         `json:"pools"`
	Totals         Totals         `json:"totals"`
}

// Meta records what produced a run, so that an auditor can re-run it.
type Meta struct {
	Program Program `json:"program"`
	// Rules names the version of the billing rules (R1–R7) applied.
	Rules  string  `json:"rules"`
	Year   int     `json:"year"`
	Tariff Tariff  `json:"tariff"`
	Inputs []Input `json:"inputs"`
	// Output is the file the run wrote, with its SHA-256. It is in the
	// manifest only: a JSON output cannot hold its own hash.
	Output *Output `json:"output,omitempty"`
	// Stamp is when the run was made, only when asked for with --stamp, so
	// that re-runs stay byte-identical.
	Stamp string `json:"stamp,omitempty"`
}

// Output is a file written by a run. For a folder of files (EHF), SHA256
// is the hash of the listing that sha256sum prints for Files, in name order.
type Output struct {
	Name   string       `json:"name"`
	Format string       `json:"format"`
	SHA256 string       `json:"sha256"`
	Files  []OutputFile `json:"files,omitempty"`
}

// OutputFile is one file of an output folder.
type OutputFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Program is the program that made the output.
type Program struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
}

// Input is one input file, by base name and content hash.
type Input struct {
	Role   string `json:"role"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	// Notes say what was converted or skipped while reading the file.
	Notes []string `json:"notes,omitempty"`
}

// Tariff is the tariff applied, and where it came from.
type Tariff struct {
	Year           int      `json:"year"`
	AnnualCost     string   `json:"annual_cost"`
	Index          *Index   `json:"index,omitempty"`
	Shares         []Share  `json:"shares"`
	Waivers        []Waiver `json:"waivers"`
	PopulationDate string   `json:"population_date"`
	Note           string   `json:"note,omitempty"`
	Source         string   `json:"source"`
	SourceSHA256   string   `json:"source_sha256"`
}

// Index is an index regulation of the annual cost from the year before.
type Index struct {
	Name         string `json:"name"`
	From         string `json:"from"`
	To           string `json:"to"`
	PreviousCost string `json:"previous_cost"`
}

// Share is one solution's share of the annual cost.
type Share struct {
	Solution string `json:"solution"`
	Ratio    string `json:"ratio"`
}

// Waiver is a (solution, quarters) computed but not invoiced.
type Waiver struct {
	Solution string `json:"solution"`
	Quarters []int  `json:"quarters"`
	Reason   string `json:"reason"`
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

// RulesVersion names the billing rules this program applies.
const RulesVersion = "digisos-invoice rules R1-R7, version 1"

// NewMeta describes a run of allocation a by program prog on inputs.
func NewMeta(a billing.Allocation, prog Program, inputs []Input) Meta {
	t := a.Tariff
	mt := Tariff{
		Year:           t.Year,
		AnnualCost:     t.AnnualCost.String(),
		Waivers:        []Waiver{},
		PopulationDate: t.PopulationDate.Format(time.DateOnly),
		Note:           t.Note,
		Source:         t.Source.Name,
		SourceSHA256:   t.Source.SHA256,
	}
	if t.Index != nil {
		mt.Index = &Index{Name: t.Index.Name, From: t.Index.From.String(), To: t.Index.To.String(), PreviousCost: t.Index.PreviousCost.String()}
	}
	for _, s := range t.Shares {
		mt.Shares = append(mt.Shares, Share{Solution: s.Solution, Ratio: s.Ratio.String()})
	}
	for _, w := range t.Waivers {
		qs := make([]int, len(w.Quarters))
		for i, q := range w.Quarters {
			qs[i] = int(q)
		}
		mt.Waivers = append(mt.Waivers, Waiver{Solution: w.Solution, Quarters: qs, Reason: w.Reason})
	}
	return Meta{Program: prog, Rules: RulesVersion, Year: t.Year, Tariff: mt, Inputs: inputs}
}

// NewDocument builds the JSON document of allocation a.
func NewDocument(a billing.Allocation, meta Meta) Document {
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

// ReadDocument reads a JSON document that calculate wrote, for verify: its
// meta and its lines as issued lines.
func ReadDocument(r io.Reader, file string) (Meta, []billing.IssuedLine, error) {
	var d Document
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Meta{}, nil, fmt.Errorf("%s: not a JSON document written by calculate: %w", file, err)
	}
	out := make([]billing.IssuedLine, len(d.Lines))
	seen := map[[3]string]bool{}
	for i, l := range d.Lines {
		amount, err1 := billing.ParseMoney(l.Amount)
		waived, err2 := billing.ParseMoney(l.Waived)
		if err := errors.Join(err1, err2); err != nil {
			return Meta{}, nil, fmt.Errorf("%s: lines[%d]: %w", file, i, err)
		}
		k := [3]string{l.Number, strconv.Itoa(l.Quarter), l.Solution}
		if seen[k] {
			return Meta{}, nil, fmt.Errorf("%s: lines[%d]: the line %s Q%d %s appears twice", file, i, l.Number, l.Quarter, l.Solution)
		}
		seen[k] = true
		out[i] = billing.IssuedLine{Year: l.Year, Quarter: billing.Quarter(l.Quarter), Number: l.Number, Name: l.Name,
			Solution: l.Solution, Amount: amount, Waived: waived}
	}
	return d.Meta, out, nil
}

// Write writes v as indented JSON with a final newline. Field order is the
// order of the struct fields, so the same run gives the same bytes.
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// String renders p as "version (revision)".
func (p Program) String() string {
	if p.Revision == "" {
		return p.Version
	}
	return p.Version + " (" + p.Revision + ")"
}

// ReadMeta reads a manifest that calculate wrote with --manifest.
func ReadMeta(r io.Reader, file string) (Meta, error) {
	var m Meta
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Meta{}, fmt.Errorf("%s: not a manifest written by calculate: %w", file, err)
	}
	return m, nil
}
