package csvio

import (
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
func WriteLines(w io.Writer, a billing.Allocation) error {
	cw := csv.NewWriter(w)
	cw.Write(LinesHeader)
	for _, l := range a.Lines {
		cw.Write([]string{strconv.Itoa(l.Year), strconv.Itoa(int(l.Quarter)), l.Number, Defuse(l.Name),
			Defuse(l.Solution), strconv.FormatInt(l.Population, 10), l.Amount.String(), l.Waived.String(), l.InvoiceID()})
	}
	cw.Flush() // a csv.Writer keeps its first error until Flush
	return cw.Error()
}

// Defuse makes a text cell that a spreadsheet would run as a formula plain
// text, however the spreadsheet splits the line: Excel splits a CSV file at
// its list separator, which is ',' or ';' (Norway's) or a tab, and at line
// ends, so a piece of the line starts at the cell's start and after each
// of these inside it. A piece that starts with =, +, -, @, tab or CR (after
// any ' or " it starts with) gets a ' before it, which spreadsheets show as
// plain text: "=SUM(A1)" is written '=SUM(A1), and "Oslo;=cmd" Oslo;'=cmd.
// Undefuse reverses it exactly.
func Defuse(s string) string {
	if !strings.ContainsAny(s, formulaStarts) {
		return s
	}
	var b strings.Builder
	start := true
	for i := 0; i < len(s); i++ {
		if start && startsFormula(s[i:]) {
			b.WriteByte('\'')
		}
		b.WriteByte(s[i])
		start = strings.IndexByte(pieceEnds, s[i]) >= 0
	}
	return b.String()
}

// Undefuse removes the ' that Defuse put before each piece of a cell.
func Undefuse(s string) string {
	if !strings.Contains(s, "'") {
		return s
	}
	var b strings.Builder
	start := true
	for i := 0; i < len(s); i++ {
		if start && s[i] == '\'' && startsFormula(s[i+1:]) {
			start = false
			continue
		}
		b.WriteByte(s[i])
		start = strings.IndexByte(pieceEnds, s[i]) >= 0
	}
	return b.String()
}

// formulaStarts are the characters a spreadsheet cell that is run as a
// formula starts with; pieceEnds are those after which Excel may start a
// new cell: its list separators and line ends.
const (
	formulaStarts = "=+-@\t\r"
	pieceEnds     = ",;\t\r\n"
)

// startsFormula reports whether a piece of a cell that starts with s would
// be run as a formula: it starts with one of formulaStarts, after any ' or
// " (the quotes a spreadsheet takes away, and those Defuse put there).
func startsFormula(s string) bool {
	s = strings.TrimLeft(s, "'\"")
	return s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0
}
