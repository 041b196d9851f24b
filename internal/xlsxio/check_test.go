package xlsxio

import (
	"bytes"
	"encoding/csv"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
)

// checkWorkbook reads the workbook data of allocation a back with excelize
// and checks it against the CSV of the same allocation and against a's
// totals: every cell, its type and number format, the frozen header and
// the filters, the sums of the invoices and pools sheets, and the
// reconciliation's formulas, recomputed by excelize's formula engine.
func checkWorkbook(t *testing.T, data []byte, a billing.Allocation) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"lines", "invoices", "pools", "reconciliation"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	checkLines(t, f, a)
	checkInvoices(t, f, a)
	checkPools(t, f, a)
	checkReconciliation(t, f, a)
	for _, name := range f.GetSheetList() {
		p, err := f.GetPanes(name)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("sheet %s: panes %+v (%v), want the header row frozen", name, p, err)
		}
	}
}

// cellFormat is what a column's cells must be: a text (shared or inline
// string) or a number cell, with a number format.
type cellFormat struct {
	text   bool
	numFmt int
}

var (
	asText    = cellFormat{text: true, numFmt: fmtText}
	asInteger = cellFormat{numFmt: fmtInteger}
	asCount   = cellFormat{numFmt: fmtGrouped}
	asMoney   = cellFormat{numFmt: fmtMoney}
)

func checkLines(t *testing.T, f *excelize.File, a billing.Allocation) {
	t.Helper()
	var b bytes.Buffer
	if err := csvio.WriteLines(&b, a); err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := rawRows(t, f, "lines")
	if len(got) != len(want) {
		t.Fatalf("lines sheet: %d rows, CSV %d", len(got), len(want))
	}
	formats := []cellFormat{asInteger, asInteger, asText, asText, asText, asCount, asMoney, asMoney, asText}
	for i := range want {
		if i > 0 {
			want[i][3] = undefuse(want[i][3])
			checkFormats(t, f, "lines", i+1, formats)
			for _, col := range []int{6, 7} {
				checkAmount(t, got[i][col], want[i][col])
				// A streamed sheet stores an amount with the fewest digits
				// of the same value ("0" for "0.00"): compare it exactly.
				if mustMoney(t, got[i][col]) == mustMoney(t, want[i][col]) {
					got[i][col] = want[i][col]
				}
			}
		}
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("lines row %d = %q, CSV %q", i+1, got[i], want[i])
		}
	}
	checkFilter(t, f, 0, "'lines'!$A$1:$I$"+strconv.Itoa(len(want)))
}

// checkAmount checks that the double a spreadsheet makes of an amount cell
// reads back as the CSV's two-decimal amount, also when shown with the 15
// significant digits that Excel keeps.
func checkAmount(t *testing.T, raw, csvAmount string) {
	t.Helper()
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", raw, err)
	}
	shown15, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if got := strconv.FormatFloat(shown15, 'f', 2, 64); got != csvAmount || shown15 != v {
		t.Fatalf("amount cell %q reads back as %s (double %v), want %s", raw, got, v, csvAmount)
	}
	if m, err := parseAmount(strconv.FormatFloat(v, 'g', 17, 64)); err != nil || m.String() != csvAmount {
		t.Fatalf("amount %q written with 17 digits reads as %s (%v), want %s", raw, m, err, csvAmount)
	}
}

// checkFormats checks the type and number format of row r's cells.
func checkFormats(t *testing.T, f *excelize.File, sheet string, r int, formats []cellFormat) {
	t.Helper()
	for i, want := range formats {
		ref, _ := excelize.CoordinatesToCellName(i+1, r)
		typ, err := f.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		// A text cell is a shared string or, on a streamed sheet, an inline one.
		if isText := typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString; isText != want.text || (!isText && typ != excelize.CellTypeUnset) {
			t.Fatalf("%s!%s: cell type %v, want text %v", sheet, ref, typ, want.text)
		}
		id, _ := f.GetCellStyle(sheet, ref)
		st, err := f.GetStyle(id)
		if err != nil || st.NumFmt != want.numFmt {
			t.Fatalf("%s!%s: number format %d (%v), want %d", sheet, ref, st.NumFmt, err, want.numFmt)
		}
	}
}

// checkFilter checks the autofilter of the sheet at index.
func checkFilter(t *testing.T, f *excelize.File, index int, want string) {
	t.Helper()
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == f.GetSheetName(index) {
			if d.RefersTo != want {
				t.Errorf("autofilter of %s on %s, want %s", d.Scope, d.RefersTo, want)
			}
			return
		}
	}
	t.Errorf("sheet %s has no autofilter", f.GetSheetName(index))
}

func checkInvoices(t *testing.T, f *excelize.File, a billing.Allocation) {
	t.Helper()
	rows := rawRows(t, f, "invoices")
	if len(rows) != len(a.Municipalities)+1 || !slices.Equal(rows[0], invoicesHeader) {
		t.Fatalf("invoices: %d rows with header %q, want %d", len(rows), rows[0], len(a.Municipalities)+1)
	}
	formats := []cellFormat{asText, asText, asText, asCount, asMoney, asMoney, asMoney, asMoney, asMoney, asMoney}
	var amount, waived billing.Money
	for i, r := range rows[1:] {
		checkFormats(t, f, "invoices", i+2, formats)
		m := mustMoney(t, r[4])
		amount += m
		waived += mustMoney(t, r[5])
		var quarters billing.Money
		for _, q := range r[6:10] {
			quarters += mustMoney(t, q)
		}
		if quarters != m || r[0] != billing.InvoiceID(a.Tariff.Year, r[1]) {
			t.Errorf("invoices row %d %q: quarters sum to %s, amount %s", i+2, r, quarters, m)
		}
	}
	if amount != a.Totals.Invoiced || waived != a.Totals.Waived {
		t.Errorf("invoices sum to %s invoiced, %s waived; totals %s, %s", amount, waived, a.Totals.Invoiced, a.Totals.Waived)
	}
	checkFilter(t, f, 1, "'invoices'!$A$1:$J$"+strconv.Itoa(len(rows)))
}

func checkPools(t *testing.T, f *excelize.File, a billing.Allocation) {
	t.Helper()
	rows := rawRows(t, f, "pools")
	if len(rows) != len(a.Pools)+1 || !slices.Equal(rows[0], poolsHeader) {
		t.Fatalf("pools: %d rows with header %q, want %d", len(rows), rows[0], len(a.Pools)+1)
	}
	var all, waived, unallocated billing.Money
	var leftover int64
	for i, r := range rows[1:] {
		amount, pop := mustMoney(t, r[2]), mustInt(t, r[5])
		all += amount
		switch {
		case pop == 0:
			unallocated += amount
		case r[3] == "1":
			waived += amount
		}
		if pop > 0 {
			// rate × population is the pool to within half a unit of the
			// rate's 10th decimal per inhabitant.
			got := decimal.RequireFromString(r[6]).Mul(decimal.NewFromInt(pop))
			if diff := got.Sub(amount.Decimal()).Abs(); diff.GreaterThan(decimal.New(5, -11).Mul(decimal.NewFromInt(pop))) {
				t.Errorf("pools row %d: rate %s × %d = %s, pool %s", i+2, r[6], pop, got, amount)
			}
		}
		leftover += mustInt(t, r[7])
	}
	if all != a.Totals.AnnualCost || waived != a.Totals.Waived || unallocated != a.Totals.Unallocated {
		t.Errorf("pools sum to %s (waived %s, unallocated %s), totals %+v", all, waived, unallocated, a.Totals)
	}
	// Each allocated pool's leftover øre are its amount less its lines'
	// exact shares rounded down.
	var want int64
	for _, p := range a.Pools {
		if !p.Allocated {
			continue
		}
		want += int64(p.Amount)
		for _, l := range a.Lines {
			if l.Solution == p.Solution && l.Quarter == p.Quarter {
				floor := new(big.Int).Mul(big.NewInt(int64(p.Amount)), big.NewInt(l.Population))
				want -= floor.Quo(floor, big.NewInt(p.Population)).Int64()
			}
		}
	}
	if leftover != want {
		t.Errorf("pools: %d leftover øre, the lines got %d", leftover, want)
	}
	checkFilter(t, f, 2, "'pools'!$A$1:$H$"+strconv.Itoa(len(rows)))
}

// checkReconciliation checks the totals' values, that each formula names
// the right column (by the header it sums), and that excelize's formula
// engine recomputes the same totals from the sheets.
func checkReconciliation(t *testing.T, f *excelize.File, a billing.Allocation) {
	t.Helper()
	tot := a.Totals
	cases := []struct {
		key     string
		value   billing.Money
		formula string
		sums    string // the header of the column the formula sums
	}{
		{"annual_cost", tot.AnnualCost, "SUM(pools!C:C)", "pools!C1=amount"},
		{"invoiced", tot.Invoiced, "SUM(lines!G:G)", "lines!G1=amount"},
		{"waived", tot.Waived, "SUM(lines!H:H)", "lines!H1=waived"},
		{"unallocated", tot.Unallocated, "SUMIFS(pools!C:C,pools!F:F,0)", "pools!F1=population"},
		{"total", tot.Invoiced + tot.Waived + tot.Unallocated, "SUM(D3:D5)", ""},
	}
	for i, c := range cases {
		r := strconv.Itoa(i + 2)
		key, _ := f.GetCellValue("reconciliation", "B"+r)
		value, _ := f.GetCellValue("reconciliation", "C"+r, excelize.Options{RawCellValue: true})
		formula, _ := f.GetCellFormula("reconciliation", "D"+r)
		if key != c.key || value != c.value.String() || formula != c.formula {
			t.Errorf("reconciliation row %s: %s %s %s, want %s %s %s", r, key, value, formula, c.key, c.value, c.formula)
		}
		if c.sums != "" {
			ref, want, _ := strings.Cut(c.sums, "=")
			sheet, cell, _ := strings.Cut(ref, "!")
			if got, _ := f.GetCellValue(sheet, cell); got != want {
				t.Errorf("%s sums %s, whose header is %q, want %q", formula, ref, got, want)
			}
		}
		calc, err := f.CalcCellValue("reconciliation", "D"+r, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("computing %s: %v", formula, err)
		}
		if v, err := strconv.ParseFloat(calc, 64); err != nil || strconv.FormatFloat(v, 'f', 2, 64) != c.value.String() {
			t.Errorf("%s computes %s, want %s", formula, calc, c.value)
		}
	}
	if got, _ := f.CalcCellValue("reconciliation", "D7"); got != "TRUE" {
		t.Errorf("the check computes %q, want TRUE", got)
	}
	if got, _ := f.GetCellValue("reconciliation", "C7", excelize.Options{RawCellValue: true}); got != "1" {
		t.Errorf("the check's value is %q, want TRUE", got)
	}
}

// rawRows returns a sheet's cells as stored, without number formats.
func rawRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func mustMoney(t *testing.T, s string) billing.Money {
	t.Helper()
	m, err := billing.ParseMoney(s)
	if err != nil {
		t.Fatalf("money cell %q: %v", s, err)
	}
	return m
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("integer cell %q: %v", s, err)
	}
	return n
}

// undefuse removes the ' that csvio.Defuse puts before a CSV cell a
// spreadsheet would run as a formula; the workbook stores the text as it is.
func undefuse(s string) string { return csvio.Undefuse(s) }
