package csvio

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

// CorrectionHeader is the header of a correction's CSV, in column order.
var CorrectionHeader = []string{"year", "document_id", "document_type", "corrects", "municipality_number", "municipality_name",
	"quarter", "solution", "issued", "corrected", "difference"}

// Unsettled is the document_type of a difference below the threshold,
// which no document settles.
const Unsettled = string(correction.KindUnsettled)

// WriteCorrection writes a correction as CSV: one row per changed line of
// every document, and one per unsettled line (document_type unsettled, no
// document_id), sorted by municipality number, quarter and solution.
// corrects is the invoice the document corrects; on an unsettled row, the
// invoice the difference belongs to.
func WriteCorrection(w io.Writer, c correction.Correction) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CorrectionHeader); err != nil {
		return err
	}
	year := strconv.Itoa(c.Year)
	for _, r := range c.Rows() {
		l := r.Change
		if err := cw.Write([]string{year, r.DocumentID, string(r.Kind), r.Corrects, l.Number, Defuse(l.Name), strconv.Itoa(int(l.Quarter)),
			Defuse(l.Solution), l.Issued.String(), l.Corrected.String(), l.Difference().String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type originalRecord struct {
	Year       string `csv:"year"`
	Quarter    string `csv:"quarter"`
	Number     string `csv:"municipality_number"`
	Name       string `csv:"municipality_name"`
	Solution   string `csv:"solution"`
	Population string `csv:"population"`
	Amount     string `csv:"amount"`
	Waived     string `csv:"waived"`
	InvoiceID  string `csv:"invoice_id"`
}

// ReadOriginal reads the lines CSV that calculate wrote, as what stands
// invoiced before any correction: every column of LinesHeader is
// required, and each line's invoice_id must be its municipality's id for
// the year.
func ReadOriginal(r io.Reader, file string) ([]billing.Line, error) {
	data, _, err := readText(r, file, "")
	if err != nil {
		return nil, err
	}
	cols := make([]column, len(LinesHeader))
	for i, h := range LinesHeader {
		cols[i] = column{name: h, required: true}
	}
	t, err := readTable(data, file, cols)
	if err != nil {
		return nil, err
	}
	recs, err := decode[originalRecord](t)
	if err != nil {
		return nil, err
	}
	var errs Errors
	out := make([]billing.Line, 0, len(recs))
	for i, rec := range recs {
		l, bad := parseOriginal(rec)
		for _, b := range bad {
			errs = append(errs, errorf(file, t.lines[i], t.col(b[0]), "%s", b[1]))
		}
		out = append(out, l)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// parseOriginal converts one row; bad lists (column, message) pairs.
func parseOriginal(rec originalRecord) (billing.Line, [][2]string) {
	var bad [][2]string
	fail := func(col, format string, args ...any) { bad = append(bad, [2]string{col, fmt.Sprintf(format, args...)}) }
	l := billing.Line{Number: rec.Number, Name: Undefuse(rec.Name), Solution: Undefuse(rec.Solution)}
	var err error
	if l.Year, err = strconv.Atoi(rec.Year); err != nil {
		fail("year", "year %q: not a year", rec.Year)
	}
	q, err := strconv.Atoi(rec.Quarter)
	if err != nil || !billing.Quarter(q).Valid() {
		fail("quarter", "quarter %q: not 1-4", rec.Quarter)
	}
	l.Quarter = billing.Quarter(q)
	if _, err := billing.ParseMunicipalityNumber(rec.Number); err != nil {
		fail("municipality_number", "municipality_number %v", err)
	}
	if l.Population, err = billing.ParsePopulation(rec.Population); err != nil {
		fail("population", "population %v", err)
	}
	if l.Amount, err = billing.ParseMoney(rec.Amount); err != nil || l.Amount < 0 {
		fail("amount", "amount %q: not an amount of 0.00 or more", rec.Amount)
	}
	if l.Waived, err = billing.ParseMoney(rec.Waived); err != nil || l.Waived < 0 {
		fail("waived", "waived %q: not an amount of 0.00 or more", rec.Waived)
	}
	if want := billing.InvoiceID(l.Year, l.Number); rec.InvoiceID != want {
		fail("invoice_id", "invoice_id %q: calculate writes %s for this line", rec.InvoiceID, want)
	}
	return l, bad
}
