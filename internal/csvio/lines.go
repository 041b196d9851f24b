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

// Defuse prefixes a text cell that a spreadsheet would run as a formula
// (it starts with =, +, -, @, tab or CR) with a ', which spreadsheets show
// as plain text.
func Defuse(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
