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
// Rows are written with encoding/csv directly: every cell is text formatted
// here, and no reflection sits in the loop over lines.
func WriteLines(w io.Writer, a billing.Allocation) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(LinesHeader); err != nil {
		return err
	}
	rec := make([]string, len(LinesHeader))
	year := strconv.Itoa(a.Tariff.Year)
	for i, l := range a.Lines {
		// The cells of a municipality are formatted once, on its first line.
		if i == 0 || l.Number != a.Lines[i-1].Number {
			rec[2] = l.Number
			rec[3] = Defuse(l.Name)
			rec[5] = strconv.FormatInt(l.Population, 10)
			rec[8] = l.InvoiceID()
		}
		rec[0] = year
		rec[1] = strconv.Itoa(int(l.Quarter))
		rec[4] = Defuse(l.Solution)
		rec[6] = l.Amount.String()
		rec[7] = l.Waived.String()
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
