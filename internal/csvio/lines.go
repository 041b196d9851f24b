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
// municipality or solution; numbers, which never need quotes, and the
// invoice id are appended to the row as bytes, so the loop over lines
// makes no strings.
func WriteLines(w io.Writer, a billing.Allocation) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	var cells cellQuoter
	bw.WriteString(cells.row(LinesHeader...) + "\n")
	solutions := map[string]string{}
	for _, s := range a.Tariff.Solutions() {
		solutions[s] = cells.row(Defuse(s))
	}
	var party, id []byte // the current municipality's cells
	row := make([]byte, 0, 256)
	for i, l := range a.Lines {
		if i == 0 || l.Number != a.Lines[i-1].Number || l.Year != a.Lines[i-1].Year {
			party = cells.appendRow(party[:0], l.Number, Defuse(l.Name))
			id = billing.AppendInvoiceID(id[:0], l.Year, l.Number)
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
	return string(q.appendRow(nil, fields...))
}

// appendRow appends fields to dst as encoding/csv writes them in a row,
// without the line's end.
func (q *cellQuoter) appendRow(dst []byte, fields ...string) []byte {
	if q.cw == nil {
		q.cw = csv.NewWriter(&q.buf)
	}
	q.buf.Reset()
	q.cw.Write(fields) // a bytes.Buffer does not fail
	q.cw.Flush()
	return append(dst, bytes.TrimSuffix(q.buf.Bytes(), []byte("\n"))...)
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
