package jsonio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/record"
)

// CorrectionRecord is the JSON output of correct: what stands invoiced for
// the year after the correction, the correction's documents and unsettled
// lines, every document issued for the year, and totals. The next
// correction reads it as what stands invoiced.
type CorrectionRecord struct {
	Meta      CorrectionMeta   `json:"meta"`
	Lines     []RecordLine     `json:"lines"`
	Documents []CorrectionDoc  `json:"documents"`
	Unsettled []ChangedLine    `json:"unsettled"`
	Issued    []IssuedDocument `json:"issued"`
	Totals    CorrectionTotals `json:"totals"`
}

// CorrectionMeta is calculate's meta for the corrected computation, plus
// the correction's number, the record it corrects and its threshold.
type CorrectionMeta struct {
	record.Run
	// Correction is 1 for the year's first correction, then 2, …
	Correction int `json:"correction"`
	// Previous is the record corrected, by base name and SHA-256.
	Previous Previous `json:"previous"`
	// MinDifference is the smallest total difference given a document.
	MinDifference string `json:"min_difference"`
}

// Previous names the record a correction corrects.
type Previous struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// RecordLine is one line of what stands invoiced: invoiced + unsettled =
// computed.
type RecordLine struct {
	Number       string `json:"municipality_number"`
	Name         string `json:"municipality_name"`
	Quarter      int    `json:"quarter"`
	Solution     string `json:"solution"`
	Population   int64  `json:"population"`
	Participates bool   `json:"participates"`
	Invoiced     string `json:"invoiced"`
	Computed     string `json:"computed"`
	Unsettled    string `json:"unsettled"`
}

// CorrectionDoc is a credit note or supplementary invoice of the
// correction. Amount is the document's total difference: negative for a
// credit note.
type CorrectionDoc struct {
	ID        string        `json:"id"`
	Type      string        `json:"type"`
	Corrects  string        `json:"corrects"`
	IssueDate string        `json:"issue_date,omitempty"`
	Number    string        `json:"municipality_number"`
	Name      string        `json:"municipality_name"`
	Amount    string        `json:"amount"`
	Notes     []string      `json:"notes"`
	Lines     []ChangedLine `json:"lines"`
}

// ChangedLine is a line that changes: issued is what stood invoiced,
// difference = corrected − issued.
type ChangedLine struct {
	Number     string `json:"municipality_number"`
	Name       string `json:"municipality_name"`
	Quarter    int    `json:"quarter"`
	Solution   string `json:"solution"`
	Issued     string `json:"issued"`
	Corrected  string `json:"corrected"`
	Difference string `json:"difference"`
}

// IssuedDocument is any document issued for the year: calculate's
// invoices (correction 0) and every correction's documents.
type IssuedDocument struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Number     string `json:"municipality_number"`
	Correction int    `json:"correction"`
	Corrects   string `json:"corrects,omitempty"`
	IssueDate  string `json:"issue_date,omitempty"`
}

// CorrectionTotals reconcile the record: invoiced + unsettled = computed;
// and the correction: the previous record's invoiced − credited +
// supplementary = invoiced.
type CorrectionTotals struct {
	Invoiced       string `json:"invoiced"`
	Computed       string `json:"computed"`
	Unsettled      string `json:"unsettled"`
	UnsettledLines int    `json:"unsettled_lines"`
	CreditNotes    int    `json:"credit_notes"`
	Credited       string `json:"credited"`
	Invoices       int    `json:"invoices"`
	Supplementary  string `json:"supplementary"`
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func changed(c correction.Change) ChangedLine {
	return ChangedLine{Number: c.Number, Name: c.Name, Quarter: int(c.Quarter), Solution: c.Solution,
		Issued: c.Issued.String(), Corrected: c.Corrected.String(), Difference: c.Difference().String()}
}

func recordLine(l correction.Line) RecordLine {
	return RecordLine{Number: l.Number, Name: l.Name, Quarter: int(l.Quarter), Solution: l.Solution,
		Population: l.Population, Participates: l.Active, Invoiced: l.Invoiced.String(), Computed: l.Computed.String(),
		Unsettled: l.Unsettled().String()}
}

func document(d correction.Document) CorrectionDoc {
	doc := CorrectionDoc{ID: d.ID, Type: string(d.Kind), Corrects: d.Corrects, IssueDate: date(d.IssueDate),
		Number: d.Number, Name: d.Name, Amount: d.Total().String(), Notes: d.Notes}
	for _, l := range d.Lines {
		doc.Lines = append(doc.Lines, changed(l))
	}
	return doc
}

// NewCorrectionRecord builds the JSON record of correction c.
func NewCorrectionRecord(c correction.Correction, meta CorrectionMeta) CorrectionRecord {
	meta.Correction, meta.MinDifference = c.Number, c.Threshold.String()
	out := CorrectionRecord{Meta: meta, Lines: []RecordLine{}, Documents: []CorrectionDoc{}, Unsettled: []ChangedLine{}}
	for _, l := range c.Record.Lines {
		out.Lines = append(out.Lines, recordLine(l))
	}
	for _, d := range c.Documents {
		out.Documents = append(out.Documents, document(d))
	}
	for _, u := range c.Unsettled {
		out.Unsettled = append(out.Unsettled, changed(u))
	}
	for _, d := range c.Record.Documents {
		out.Issued = append(out.Issued, IssuedDocument{ID: d.ID, Type: string(d.Kind), Number: d.Number,
			Correction: d.Correction, Corrects: d.Corrects, IssueDate: date(d.IssueDate)})
	}
	rt, ct := c.Record.Totals(), c.Totals()
	out.Totals = CorrectionTotals{Invoiced: rt.Invoiced.String(), Computed: rt.Computed.String(), Unsettled: rt.Unsettled.String(),
		UnsettledLines: rt.UnsettledLines, CreditNotes: ct.CreditNotes, Credited: ct.Credited.String(),
		Invoices: ct.Invoices, Supplementary: ct.Invoiced.String()}
	return out
}

// IssuedRecord is a record of what stands invoiced as read back: calculate's
// JSON document or a correction's record.
type IssuedRecord struct {
	Record correction.Record
	// Meta is the record of the run that wrote the file.
	Meta record.Run
	// Correction is the file's meta as a correction wrote it; nil for
	// calculate's document.
	Correction *CorrectionMeta
	// Documents are the documents the correction issued.
	Documents []correction.Document
}

// Link returns the record as a link of a chain, for the file of that name
// and hash.
func (in IssuedRecord) Link(name, sha256 string) correction.Link {
	l := correction.Link{Name: name, SHA256: sha256, Record: in.Record, Documents: in.Documents}
	if in.Correction != nil {
		l.Previous = &correction.Ref{Name: in.Correction.Previous.Name, SHA256: in.Correction.Previous.SHA256}
	}
	return l
}

// IsCorrection reports whether data is a JSON document whose meta has a
// correction number: a correction's record (or its manifest's meta).
func IsCorrection(data []byte) bool {
	var probe struct {
		Meta struct {
			Correction *int `json:"correction"`
		} `json:"meta"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Meta.Correction != nil
}

// ReadIssued reads a JSON record of what stands invoiced: the document
// calculate wrote (correction 0), or the record of a correction. Anything
// else is an error naming the file.
func ReadIssued(data []byte, file string) (IssuedRecord, error) {
	data = trimBOM(data)
	var probe struct {
		Meta struct {
			Correction *int `json:"correction"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: not a JSON record of calculate or correct: %w", file, err)
	}
	if probe.Meta.Correction == nil {
		return readCalculated(data, file)
	}
	var d CorrectionRecord
	if err := strict(data, &d); err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: not a record written by correct: %w", file, err)
	}
	rec, err := d.record()
	if err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: %w", file, err)
	}
	docs, err := d.documents()
	if err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: %w", file, err)
	}
	return IssuedRecord{Record: rec, Meta: d.Meta.Run, Correction: &d.Meta, Documents: docs}, nil
}

func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

// readCalculated reads calculate's JSON document as the record of its
// year's original invoices.
func readCalculated(data []byte, file string) (IssuedRecord, error) {
	var d Document
	if err := strict(data, &d); err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: not a JSON record of calculate or correct: %w", file, err)
	}
	lines := make([]billing.Line, len(d.Lines))
	for i, l := range d.Lines {
		amount, err := billing.ParseMoney(l.Amount)
		if err == nil && amount < 0 {
			err = fmt.Errorf("%s is negative", l.Amount)
		}
		if err != nil || l.InvoiceID != billing.InvoiceID(l.Year, l.Number) {
			return IssuedRecord{}, fmt.Errorf("%s: lines[%d]: not a line calculate writes (amount %q, invoice_id %q)", file, i, l.Amount, l.InvoiceID)
		}
		lines[i] = billing.Line{Year: l.Year, Quarter: billing.Quarter(l.Quarter), Number: l.Number, Name: l.Name,
			Solution: l.Solution, Population: l.Population, Amount: amount}
	}
	rec, err := correction.Original(d.Meta.Year, lines, time.Time{})
	if err != nil {
		return IssuedRecord{}, fmt.Errorf("%s: %w", file, err)
	}
	return IssuedRecord{Record: rec, Meta: d.Meta}, nil
}

// record converts the JSON record back to the domain's.
func (d CorrectionRecord) record() (correction.Record, error) {
	r := correction.Record{Year: d.Meta.Year, Correction: d.Meta.Correction}
	for i, l := range d.Lines {
		invoiced, err1 := billing.ParseMoney(l.Invoiced)
		computed, err2 := billing.ParseMoney(l.Computed)
		unsettled, err3 := billing.ParseMoney(l.Unsettled)
		if err := errors.Join(err1, err2, err3); err != nil {
			return correction.Record{}, fmt.Errorf("lines[%d]: %w", i, err)
		}
		if _, err := billing.ParseMunicipalityNumber(l.Number); err != nil || !billing.Quarter(l.Quarter).Valid() {
			return correction.Record{}, fmt.Errorf("lines[%d]: municipality %q quarter %d: not a line of a record", i, l.Number, l.Quarter)
		}
		if computed-invoiced != unsettled {
			return correction.Record{}, fmt.Errorf("lines[%d]: invoiced %s + unsettled %s is not computed %s", i, l.Invoiced, l.Unsettled, l.Computed)
		}
		r.Lines = append(r.Lines, correction.Line{Number: l.Number, Name: l.Name, Quarter: billing.Quarter(l.Quarter), Solution: l.Solution,
			Population: l.Population, Invoiced: invoiced, Computed: computed, Active: l.Participates})
	}
	for i, doc := range d.Issued {
		var day time.Time
		if doc.IssueDate != "" {
			var err error
			if day, err = time.Parse(time.DateOnly, doc.IssueDate); err != nil {
				return correction.Record{}, fmt.Errorf("issued[%d]: issue_date %q: not YYYY-MM-DD", i, doc.IssueDate)
			}
		}
		kind := correction.Kind(doc.Type)
		if kind != correction.KindInvoice && kind != correction.KindCreditNote {
			return correction.Record{}, fmt.Errorf("issued[%d]: type %q: not invoice or credit_note", i, doc.Type)
		}
		r.Documents = append(r.Documents, correction.Issued{ID: doc.ID, Kind: kind, Number: doc.Number,
			Correction: doc.Correction, Corrects: doc.Corrects, IssueDate: day})
	}
	return r, r.Check()
}

// documents converts the correction's documents back to the domain's.
func (d CorrectionRecord) documents() ([]correction.Document, error) {
	var out []correction.Document
	for i, doc := range d.Documents {
		kind := correction.Kind(doc.Type)
		if kind != correction.KindInvoice && kind != correction.KindCreditNote {
			return nil, fmt.Errorf("documents[%d]: type %q: not invoice or credit_note", i, doc.Type)
		}
		cd := correction.Document{ID: doc.ID, Kind: kind, Corrects: doc.Corrects, Number: doc.Number, Name: doc.Name, Notes: doc.Notes}
		if doc.IssueDate != "" {
			day, err := time.Parse(time.DateOnly, doc.IssueDate)
			if err != nil {
				return nil, fmt.Errorf("documents[%d]: issue_date %q: not YYYY-MM-DD", i, doc.IssueDate)
			}
			cd.IssueDate = day
		}
		for j, l := range doc.Lines {
			issued, err1 := billing.ParseMoney(l.Issued)
			corrected, err2 := billing.ParseMoney(l.Corrected)
			diff, err3 := billing.ParseMoney(l.Difference)
			if err := errors.Join(err1, err2, err3); err != nil {
				return nil, fmt.Errorf("documents[%d].lines[%d]: %w", i, j, err)
			}
			if corrected-issued != diff {
				return nil, fmt.Errorf("documents[%d].lines[%d]: corrected %s − issued %s is not difference %s", i, j, l.Corrected, l.Issued, l.Difference)
			}
			cd.Lines = append(cd.Lines, correction.Change{Number: l.Number, Name: l.Name, Quarter: billing.Quarter(l.Quarter),
				Solution: l.Solution, Issued: issued, Corrected: corrected})
		}
		if amount, err := billing.ParseMoney(doc.Amount); err != nil || amount != cd.Total() {
			return nil, fmt.Errorf("documents[%d]: amount %q is not the sum of its lines' differences, %s", i, doc.Amount, cd.Total())
		}
		out = append(out, cd)
	}
	return out, nil
}

// History is what a chain of records holds for one municipality: its
// invoice, its correction documents and its lines as they stand.
type History struct {
	Invoice   string       `json:"invoice"`
	Documents []HistoryDoc `json:"documents"`
	Invoiced  string       `json:"invoiced"`
	Lines     []RecordLine `json:"lines"`
}

// HistoryDoc is a correction document with the number of its correction.
type HistoryDoc struct {
	Correction int `json:"correction"`
	CorrectionDoc
}

// NewHistory builds the JSON form of h.
func NewHistory(h correction.History) *History {
	out := &History{Invoice: h.Invoice, Documents: []HistoryDoc{}, Invoiced: h.Invoiced().String(), Lines: []RecordLine{}}
	for _, d := range h.Documents {
		out.Documents = append(out.Documents, HistoryDoc{Correction: d.Correction, CorrectionDoc: document(d.Document)})
	}
	for _, l := range h.Lines {
		out.Lines = append(out.Lines, recordLine(l))
	}
	return out
}
