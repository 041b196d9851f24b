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
