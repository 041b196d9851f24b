package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"digisos-invoice/internal/billing"
)

// LinesHeader is the header of the lines CSV, in column order.
var LinesHeader = []string{"year", "quarter", "municipality_number", "municipality_name", "solution", "population", "amount", "waived", "invoice_id"}

// WriteLines writes the allocation's invoice lines as CSV: a header, then
// one row per line in the allocation's order, amounts with two decimals.
// Text cells (number, name, solution) are quoted by encoding/csv once per
// municipality or solution; numbers, which never need quotes, are appended
// to the row as bytes, so the loop over lines makes no strings.
func WriteLines(w io.Writer, a billing.Allocation) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	var cells cellQuoter
	bw.WriteString(cells.row(LinesHeader...) + "\n")
	solutions := map[string]string{}
	for _, s := range a.Tariff.Solutions() {
		solutions[s] = cells.row(Defuse(s))
	}
	var party, id string // the current municipality's cells
	row := make([]byte, 0, 256)
	for i, l := range a.Lines {
		if i == 0 || l.Number != a.Lines[i-1].Number {
			party, id = cells.row(l.Number, Defuse(l.Name)), l.InvoiceID()
		}
		sol, ok := solutions[l.Solution]
		if !ok {
			sol = cells.row(Defuse(l.Solution))
		}
		row = strconv.AppendInt(row[:0], int64(l.Year), 10)
		row = strconv.AppendInt(append(row, ','), int64(l.Quarter), 10)
		row = append(append(row, ','), party...)
		row = append(append(row, ','), sol...)
		row = strconv.AppendInt(append(row, ','), l.Population, 10)
		row = l.Amount.Append(append(row, ','))
		row = l.Waived.Append(append(row, ','))
		row = append(append(append(row, ','), id...), '\n')
		bw.Write(row)
	}
	return bw.Flush() // a bufio.Writer keeps its first error until Flush
}

// cellQuoter quotes cells as encoding/csv does, with one csv.Writer for
// all of them.
type cellQuoter struct {
	buf bytes.Buffer
	cw  *csv.Writer
}

// row returns fields as encoding/csv writes them in a row, without the
// line's end.
func (q *cellQuoter) row(fields ...string) string {
	if q.cw == nil {
		q.cw = csv.NewWriter(&q.buf)
	}
	q.buf.Reset()
	q.cw.Write(fields) // a bytes.Buffer does not fail
	q.cw.Flush()
	return string(bytes.TrimSuffix(q.buf.Bytes(), []byte("\n")))
}

type issuedRecord struct {
	Year       string `csv:"year"`
	Quarter    string `csv:"quarter"`
	Number     string `csv:"municipality_number"`
	Name       string `csv:"municipality_name"`
	Solution   string `csv:"solution"`
	Population string `csv:"population"`
	Amount     string `csv:"amount"`
	Waived     string `csv:"waived"`
}

// ReadLines reads a lines CSV that WriteLines wrote, for verify. Names
// lose the ' that Defuse added. A line that appears twice is an error.
func ReadLines(r io.Reader, file string) ([]billing.IssuedLine, error) {
	data, _, err := readText(r, file, "")
	if err != nil {
		return nil, err
	}
	cols := make([]column, len(LinesHeader))
	for i, h := range LinesHeader {
		cols[i] = column{name: h, required: h != "invoice_id"}
	}
	t, err := readTable(data, file, cols)
	if err != nil {
		return nil, err
	}
	recs, err := decode[issuedRecord](t)
	if err != nil {
		return nil, err
	}
	var errs Errors
	out := make([]billing.IssuedLine, 0, len(recs))
	seen := map[[3]string]int{}
	for i, rec := range recs {
		at := func(col, format string, args ...any) {
			errs = append(errs, errorf(file, t.lines[i], t.col(col), format, args...))
		}
		l := billing.IssuedLine{Number: rec.Number, Name: Undefuse(rec.Name), Solution: rec.Solution}
		var err error
		if l.Year, err = strconv.Atoi(rec.Year); err != nil {
			at("year", "year %q: not a year", rec.Year)
		}
		q, err := strconv.Atoi(rec.Quarter)
		if err != nil || !billing.Quarter(q).Valid() {
			at("quarter", "quarter %q: not 1-4", rec.Quarter)
		}
		l.Quarter = billing.Quarter(q)
		if l.Amount, err = billing.ParseMoney(rec.Amount); err != nil {
			at("amount", "amount %v", err)
		}
		if l.Waived, err = billing.ParseMoney(rec.Waived); err != nil {
			at("waived", "waived %v", err)
		}
		k := [3]string{rec.Number, rec.Quarter, rec.Solution}
		if prev, dup := seen[k]; dup {
			at("municipality_number", "the line %s Q%s %s appears twice: also on line %d", rec.Number, rec.Quarter, rec.Solution, prev)
		}
		seen[k] = t.lines[i]
		out = append(out, l)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// Undefuse removes the ' that Defuse put before a cell.
func Undefuse(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// Defuse prefixes a text cell that a spreadsheet would run as a formula
// (it starts with =, +, -, @, tab or CR) with a ', which spreadsheets show
// as plain text.
func Defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
