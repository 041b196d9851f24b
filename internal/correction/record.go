package correction

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"digisos-invoice/internal/billing"
)

// Record is what stands invoiced for a year after the original run and the
// corrections made so far.
type Record struct {
	Year int
	// Correction is the number of the last correction: 0 for the record
	// calculate wrote, 1 after the first correction, and so on.
	Correction int
	// Lines holds one line per (municipality, quarter, solution) that is
	// invoiced or computed, sorted by municipality number, quarter and
	// solution name.
	Lines []Line
	// Documents holds every document issued for the year, original
	// invoices first, then by correction and municipality number.
	Documents []Issued
}

// Line is one (municipality, quarter, solution) line of a record.
type Line struct {
	Number   string
	Name     string
	Quarter  billing.Quarter
	Solution string
	// Population is what the last computation used; 0 when the line is not
	// in it.
	Population int64
	// Invoiced is what stands invoiced: the original line plus every
	// correction document's difference on it.
	Invoiced billing.Money
	// Computed is the last computation's amount; Computed − Invoiced is
	// the line's unsettled difference.
	Computed billing.Money
	// Active is true when the last computation has the line: the
	// municipality took part in the solution in that quarter.
	Active bool
}

// Key names a line: municipality, quarter and solution.
type Key struct {
	Number   string
	Quarter  billing.Quarter
	Solution string
}

// Key returns the line's key.
func (l Line) Key() Key { return Key{l.Number, l.Quarter, l.Solution} }

// Unsettled returns the difference the line's last computation left
// unsettled: Computed − Invoiced.
func (l Line) Unsettled() billing.Money { return l.Computed - l.Invoiced }

// Kind is the kind of a document.
type Kind string

// The kinds of documents: an invoice (calculate's, or a supplementary one)
// and a credit note.
const (
	KindInvoice    Kind = "invoice"
	KindCreditNote Kind = "credit_note"
)

// Issued is a document issued for the year, as the record keeps it.
type Issued struct {
	ID     string
	Kind   Kind
	Number string // municipality number
	// Correction is the number of the correction that issued it, 0 for
	// calculate's invoices.
	Correction int
	// Corrects is the id of the invoice a correction document corrects;
	// empty for an original invoice and for the first invoice of a
	// municipality added to the participants.
	Corrects string
	// IssueDate is when it was issued, where the record knows it.
	IssueDate time.Time
}

// Original returns the record of a year's original invoice lines, as
// calculate wrote them: every line stands invoiced at its amount, and
// every municipality with lines has its invoice DIGISOS-YYYY-NNNN, issued
// on issueDate (zero when not known). A waived line stands at 0.00: it was
// not invoiced.
func Original(year int, lines []billing.Line, issueDate time.Time) (Record, error) {
	r := Record{Year: year}
	seen := make(map[Key]bool, len(lines))
	for _, l := range lines {
		k := Key{l.Number, l.Quarter, l.Solution}
		switch {
		case l.Year != year:
			return Record{}, fmt.Errorf("%w: line %s Q%d %s is of %d, not %d", ErrYear, l.Number, l.Quarter, l.Solution, l.Year, year)
		case seen[k]:
			return Record{}, fmt.Errorf("%w: line %s Q%d %s appears twice", ErrRecord, l.Number, l.Quarter, l.Solution)
		}
		seen[k] = true
		r.Lines = append(r.Lines, Line{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution,
			Population: l.Population, Invoiced: l.Amount, Computed: l.Amount, Active: true})
		if n := len(r.Documents); n == 0 || r.Documents[n-1].Number != l.Number {
			r.Documents = append(r.Documents, Issued{ID: billing.InvoiceID(year, l.Number), Kind: KindInvoice, Number: l.Number, IssueDate: issueDate})
		}
	}
	r.sort()
	return r, r.Check()
}

// FromAllocation returns the record of an allocation's lines: what
// calculate issues for the year.
func FromAllocation(a billing.Allocation, issueDate time.Time) (Record, error) {
	return Original(a.Tariff.Year, a.Lines, issueDate)
}

// sort puts lines and documents in the record's order.
func (r *Record) sort() {
	slices.SortFunc(r.Lines, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.Quarter, b.Quarter), cmp.Compare(a.Solution, b.Solution))
	})
	slices.SortFunc(r.Documents, func(a, b Issued) int {
		return cmp.Or(cmp.Compare(a.Correction, b.Correction), cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	r.Documents = slices.CompactFunc(r.Documents, func(a, b Issued) bool { return a == b })
}

// Check reports a record that contradicts itself: a line twice, a
// document id twice, a document of a later correction than the record's.
func (r Record) Check() error {
	lines := make(map[Key]bool, len(r.Lines))
	for _, l := range r.Lines {
		if lines[l.Key()] {
			return fmt.Errorf("%w: line %s Q%d %s appears twice", ErrRecord, l.Number, l.Quarter, l.Solution)
		}
		lines[l.Key()] = true
	}
	ids := make(map[string]bool, len(r.Documents))
	for _, d := range r.Documents {
		if ids[d.ID] {
			return fmt.Errorf("%w: document %s issued twice", ErrRecord, d.ID)
		}
		ids[d.ID] = true
		if d.Correction > r.Correction || d.Correction < 0 {
			return fmt.Errorf("%w: document %s is of correction %d, the record is correction %d", ErrRecord, d.ID, d.Correction, r.Correction)
		}
	}
	return nil
}

// Totals sums the record's lines.
func (r Record) Totals() Totals {
	var t Totals
	for _, l := range r.Lines {
		t.Invoiced += l.Invoiced
		t.Computed += l.Computed
		if u := l.Unsettled(); u != 0 {
			t.Unsettled += u
			t.UnsettledLines++
		}
	}
	return t
}

// Totals reconcile a record: Invoiced + Unsettled = Computed.
type Totals struct {
	Invoiced       billing.Money // stands invoiced
	Computed       billing.Money // the last computation
	Unsettled      billing.Money // Computed − Invoiced
	UnsettledLines int
}

// Corrects returns the id of the invoice a correction document to
// municipality number corrects: the first invoice it was issued for the
// year, calculate's or, for a municipality added later, its first
// supplementary invoice. Empty when it has none.
func (r Record) Corrects(number string) string {
	for _, d := range r.Documents {
		if d.Number == number && d.Kind == KindInvoice {
			return d.ID
		}
	}
	return ""
}

// Document returns the issued document id, if the record holds it.
func (r Record) Document(id string) (Issued, bool) {
	for _, d := range r.Documents {
		if d.ID == id {
			return d, true
		}
	}
	return Issued{}, false
}

// Dated returns r with date as the issue date of calculate's invoices
// (correction 0) that have none recorded: calculate's CSV and JSON do not
// hold it, and a document that corrects one refers to it by id and date.
func (r Record) Dated(date time.Time) Record {
	r.Documents = slices.Clone(r.Documents)
	for i, d := range r.Documents {
		if d.Correction == 0 && d.IssueDate.IsZero() {
			r.Documents[i].IssueDate = date
		}
	}
	return r
}

// Undated returns the ids of the invoices that documents of c correct
// without a recorded issue date.
func (c Correction) Undated() []string {
	var out []string
	for _, d := range c.Documents {
		if d.Corrects != "" && d.CorrectsDate.IsZero() {
			out = append(out, d.Corrects)
		}
	}
	return out
}
