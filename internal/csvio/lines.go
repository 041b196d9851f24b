package csvio

import (
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
// A row is the line's cells appended as bytes: the cells that repeat from
// one line to the next (year and quarter; a municipality's number, name,
// population and invoice id; a solution) are made once, when they change,
// and text cells are quoted by encoding/csv, so the loop over lines makes
// no strings and formats only the amounts. Rows reach w in blocks of about
// 32 KB.
func WriteLines(w io.Writer, a billing.Allocation) error {
	var cells cellQuoter
	var c lineCells
	for _, s := range a.Tariff.Solutions() {
		c.solutions = append(c.solutions, solutionCell{s, cells.row(Defuse(s))})
	}
	// Rows are appended straight to the buffer that is written out: a
	// bufio.Writer would copy each row once more.
	buf := make([]byte, 0, 32<<10)
	buf = append(append(buf, cells.row(LinesHeader...)...), '\n')
	for i := range a.Lines {
		l := &a.Lines[i]
		c.update(&cells, l, i == 0)
		buf = append(append(buf, c.period...), c.party...)
		buf = append(append(buf, ','), c.solution(&cells, l.Solution)...)
		buf = append(append(buf, ','), c.population...)
		buf = l.Amount.Append(append(buf, ','))
		buf = l.Waived.Append(append(buf, ','))
		buf = append(append(append(buf, ','), c.id...), '\n')
		if len(buf) > cap(buf)-1024 { // room for a row of long names
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// lineCells holds the cells of the line being written that repeat from
// one line to the next, and the line they were made for.
type lineCells struct {
	last       billing.Line
	period     []byte                        // "year,quarter,"
	periods    [len(billing.Quarters)][]byte // the period of each quarter of the year
	party      []byte                        // number and name
	population []byte
	id         []byte // the invoice id
	solutions  []solutionCell
}

// solutionCell is a solution and its quoted cell.
type solutionCell struct {
	name, cell string
}

// update remakes the cells that differ between l and the last line.
func (c *lineCells) update(q *cellQuoter, l *billing.Line, first bool) {
	if first || l.Year != c.last.Year {
		for qi, q := range billing.Quarters {
			c.periods[qi] = strconv.AppendInt(c.periods[qi][:0], int64(l.Year), 10)
			c.periods[qi] = append(strconv.AppendInt(append(c.periods[qi], ','), int64(q), 10), ',')
		}
	}
	if qi := int(l.Quarter) - 1; qi >= 0 && qi < len(c.periods) {
		c.period = c.periods[qi]
	} else { // not a quarter of the year: written as it is
		c.period = append(strconv.AppendInt(append(strconv.AppendInt(nil, int64(l.Year), 10), ','), int64(l.Quarter), 10), ',')
	}
	if first || l.Year != c.last.Year || l.Number != c.last.Number || l.Name != c.last.Name {
		c.party = q.appendRow(c.party[:0], l.Number, Defuse(l.Name))
		c.id = billing.AppendInvoiceID(c.id[:0], l.Year, l.Number)
	}
	if first || l.Population != c.last.Population {
		c.population = strconv.AppendInt(c.population[:0], l.Population, 10)
	}
	c.last.Year, c.last.Quarter, c.last.Number, c.last.Name, c.last.Population = l.Year, l.Quarter, l.Number, l.Name, l.Population
}

// solution returns the quoted cell of solution s, made once per solution.
func (c *lineCells) solution(q *cellQuoter, s string) string {
	for _, sc := range c.solutions {
		if sc.name == s {
			return sc.cell
		}
	}
	c.solutions = append(c.solutions, solutionCell{s, q.row(Defuse(s))})
	return c.solutions[len(c.solutions)-1].cell
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
	if plainCells(fields) { // as encoding/csv writes them: unquoted
		for i, f := range fields {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, f...)
		}
		return dst
	}
	if q.cw == nil {
		q.cw = csv.NewWriter(&q.buf)
	}
	q.buf.Reset()
	q.cw.Write(fields) // a bytes.Buffer does not fail
	q.cw.Flush()
	return append(dst, bytes.TrimSuffix(q.buf.Bytes(), []byte("\n"))...)
}

// plainCells reports whether every field surely needs no quotes: it starts
// with an ASCII letter or digit and holds no comma, quote or line end.
// Most names and every municipality number are plain; anything else
// (a leading space of any kind, an empty field, `\.`) is left to
// encoding/csv to decide.
func plainCells(fields []string) bool {
	for _, f := range fields {
		if f == "" || !isASCIIAlnum(f[0]) {
			return false
		}
		for i := 1; i < len(f); i++ {
			if c := f[i]; c == ',' || c == '"' || c == '\r' || c == '\n' {
				return false
			}
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// Defuse prefixes a text cell that a spreadsheet would run as a formula
// (it starts with =, +, -, @, tab or CR) with a ', which spreadsheets show
// as plain text.
func Defuse(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
