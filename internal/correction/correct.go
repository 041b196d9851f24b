package correction

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"digisos-invoice/internal/billing"
)

// DefaultThreshold is the smallest difference settled by default: one øre.
const DefaultThreshold billing.Money = 1

// ParseThreshold reads a minimum difference in NOK ("0.01", "100"): whole
// øre, zero or more.
func ParseThreshold(s string) (billing.Money, error) {
	m, err := billing.ParseMoney(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrThreshold, err)
	}
	if m < 0 {
		return 0, fmt.Errorf("%w: %q is negative: give an amount in NOK of 0 or more, e.g. 0.01", ErrThreshold, s)
	}
	return m, nil
}

// ID returns the id of correction n's document to a municipality:
// DIGISOS-2020-0301-K1.
func ID(year int, number string, n int) string {
	return billing.InvoiceID(year, number) + "-K" + strconv.Itoa(n)
}

// Params are a correction's settings.
type Params struct {
	// Threshold is the smallest total difference that gets a document.
	Threshold billing.Money
	// IssueDate is the date of the documents; zero when none is given (the
	// CSV and JSON outputs need none).
	IssueDate time.Time
}

// Correction is the outcome of one correction of a year.
type Correction struct {
	Year      int
	Number    int // 1 for the year's first correction
	Threshold billing.Money
	// Documents holds one document per settled municipality, by number.
	Documents []Document
	// Unsettled holds the differences below the threshold, line by line.
	Unsettled []Change
	// Record is what stands invoiced after the correction: the previous
	// record plus the documents, with the new computation.
	Record Record
	// Previous is the record corrected.
	Previous Record
}

// Document is a credit note or a supplementary invoice to one
// municipality.
type Document struct {
	ID       string
	Kind     Kind
	Corrects string // the invoice corrected; empty for a new participant's first invoice
	// CorrectsDate is the issue date of the invoice corrected, where known.
	CorrectsDate time.Time
	IssueDate    time.Time
	Number       string
	Name         string
	// Lines holds the lines that change, in record order.
	Lines []Change
	// Notes say why, as far as the inputs tell.
	Notes []string
}

// Change is one line that changes: what stood invoiced and what the
// corrected computation gives.
type Change struct {
	Number    string
	Name      string
	Quarter   billing.Quarter
	Solution  string
	Issued    billing.Money
	Corrected billing.Money
}

// Difference returns Corrected − Issued.
func (c Change) Difference() billing.Money { return c.Corrected - c.Issued }

// Total returns the sum of the document's differences: negative for a
// credit note, positive for an invoice.
func (d Document) Total() billing.Money {
	var t billing.Money
	for _, c := range d.Lines {
		t += c.Difference()
	}
	return t
}

// Empty reports whether the correction changes nothing: no document, and
// the same unsettled differences as the record it corrects. Then there is
// nothing to record.
func (c Correction) Empty() bool {
	if len(c.Documents) > 0 {
		return false
	}
	was := make(map[Key]billing.Money)
	for _, l := range c.Previous.Lines {
		if u := l.Unsettled(); u != 0 {
			was[l.Key()] = u
		}
	}
	if len(was) != len(c.Unsettled) {
		return false
	}
	for _, u := range c.Unsettled {
		if was[Key{u.Number, u.Quarter, u.Solution}] != u.Difference() {
			return false
		}
	}
	return true
}

// Correct compares allocation a, computed from corrected inputs, with what
// stands invoiced in prev, and returns the documents that settle every
// municipality whose total differs by at least p.Threshold (and not zero),
// the unsettled differences of the others, and the new record. It does not
// change prev. See the package documentation for the identity that holds.
func Correct(prev Record, a billing.Allocation, p Params) (Correction, error) {
	if p.Threshold < 0 {
		return Correction{}, fmt.Errorf("%w: %s is negative", ErrThreshold, p.Threshold)
	}
	if prev.Year != a.Tariff.Year {
		return Correction{}, fmt.Errorf("%w: the record is of %d, the computation of %d", ErrYear, prev.Year, a.Tariff.Year)
	}
	if err := prev.Check(); err != nil {
		return Correction{}, err
	}
	n := prev.Correction + 1
	c := Correction{Year: prev.Year, Number: n, Threshold: p.Threshold, Previous: prev,
		Record: Record{Year: prev.Year, Correction: n, Documents: slices.Clone(prev.Documents)}}
	for _, group := range byMunicipality(merge(prev.Lines, a.Lines)) {
		settled, err := c.settle(group, p)
		if err != nil {
			return Correction{}, err
		}
		for _, m := range group {
			l := m.Line
			if settled {
				l.Invoiced = l.Computed
			}
			if l.Invoiced != 0 || l.Active {
				c.Record.Lines = append(c.Record.Lines, l)
			}
		}
	}
	c.Record.sort()
	return c, c.Record.Check()
}

// settle issues the document of one municipality's lines (new computation
// merged with what stands) when its total difference reaches the
// threshold, and reports whether it did; otherwise it records the
// unsettled lines.
func (c *Correction) settle(group []merged, p Params) (bool, error) {
	var total billing.Money
	var changes []Change
	for _, m := range group {
		if d := m.Unsettled(); d != 0 {
			total += d
			changes = append(changes, Change{Number: m.Number, Name: m.Name, Quarter: m.Quarter, Solution: m.Solution,
				Issued: m.Invoiced, Corrected: m.Computed})
		}
	}
	if total == 0 || abs(total) < p.Threshold {
		c.Unsettled = append(c.Unsettled, changes...)
		return false, nil
	}
	number := group[0].Number
	d := Document{ID: ID(c.Year, number, c.Number), Kind: KindInvoice, Corrects: c.Previous.Corrects(number),
		IssueDate: p.IssueDate, Number: number, Name: group[0].Name, Lines: changes, Notes: notes(group)}
	if total < 0 {
		d.Kind = KindCreditNote
	}
	if orig, ok := c.Previous.Document(d.Corrects); ok {
		d.CorrectsDate = orig.IssueDate
	}
	if _, ok := c.Previous.Document(d.ID); ok {
		return false, fmt.Errorf("%w: document %s was issued before: the record's correction number %d is not its last", ErrRecord, d.ID, c.Previous.Correction)
	}
	c.Documents = append(c.Documents, d)
	c.Record.Documents = append(c.Record.Documents, Issued{ID: d.ID, Kind: d.Kind, Number: number, Correction: c.Number,
		Corrects: d.Corrects, IssueDate: d.IssueDate})
	return true, nil
}

func abs(m billing.Money) billing.Money {
	if m < 0 {
		return -m
	}
	return m
}

// Totals sums a correction: what its credit notes credit (a positive
// amount), what its supplementary invoices invoice, and what it leaves
// unsettled.
func (c Correction) Totals() CorrectionTotals {
	var t CorrectionTotals
	for _, d := range c.Documents {
		if d.Kind == KindCreditNote {
			t.Credited -= d.Total()
			t.CreditNotes++
		} else {
			t.Invoiced += d.Total()
			t.Invoices++
		}
	}
	for _, u := range c.Unsettled {
		t.Unsettled += u.Difference()
	}
	t.UnsettledLines = len(c.Unsettled)
	return t
}

// CorrectionTotals reconcile a correction with its records:
// previous invoiced − Credited + Invoiced = new invoiced, and new invoiced
// + Unsettled = the corrected computation.
type CorrectionTotals struct {
	CreditNotes, Invoices int
	Credited, Invoiced    billing.Money
	Unsettled             billing.Money
	UnsettledLines        int
}

// KindUnsettled marks a row of a correction that no document settles: a
// difference below the threshold.
const KindUnsettled Kind = "unsettled"

// Row is one changed line of a correction as its reports list it: the
// document that settles it (none for an unsettled difference, whose Kind
// is KindUnsettled) and the invoice it corrects.
type Row struct {
	Change
	DocumentID string
	Kind       Kind
	Corrects   string
}

// Rows returns every changed line of every document and every unsettled
// line, by municipality number, quarter and solution.
func (c Correction) Rows() []Row {
	var rows []Row
	for _, d := range c.Documents {
		for _, l := range d.Lines {
			rows = append(rows, Row{l, d.ID, d.Kind, d.Corrects})
		}
	}
	for _, u := range c.Unsettled {
		rows = append(rows, Row{u, "", KindUnsettled, c.Previous.Corrects(u.Number)})
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.Quarter, b.Quarter), cmp.Compare(a.Solution, b.Solution))
	})
	return rows
}
