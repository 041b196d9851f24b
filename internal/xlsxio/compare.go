package xlsxio

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/audit"
)

// runKeys are the reconciliation rows that say which program made the run
// and when: reported, not counted.
var runKeys = []string{"program.name", "program.version", "program.revision", "stamp"}

// Compare adds to rep every cell of the issued workbook's sheets that
// differs from the recomputed workbook's, and every sheet missing or
// extra. The values of the lines sheet are compared as CSV (see LinesCSV);
// here its cells' forms are: calculate writes values there, so a formula
// is a difference, whatever result it stores. In the other sheets every
// cell is compared: a value by value and kind (a number is not text), a
// formula as a formula, exactly as calculate writes it (also its form: a
// shared formula is not), and the result a spreadsheet stored with it
// against the result of the recomputed workbook's formula. file names the
// issued workbook.
func Compare(rep *audit.Report, file string, issued, recomputed []byte) error {
	got, err := readWorkbook(bytes.NewReader(issued), file)
	if err != nil {
		return err
	}
	defer got.f.Close()
	want, err := readWorkbook(bytes.NewReader(recomputed), "recomputed")
	if err != nil {
		return err
	}
	defer want.f.Close()
	compareSheets(rep, file, got, want)
	return nil
}

// workbook is a workbook read for comparison: its sheets, and the file
// that computes a formula's result.
type workbook struct {
	f      *excelize.File
	sheets []Sheet
}

// Sheets returns every sheet of a workbook, in the workbook's order, as
// rows of the values its cells store (a formula's stored result), with how
// each cell is stored.
func Sheets(r io.Reader, file string) ([]Sheet, error) {
	w, err := readWorkbook(r, file)
	if err != nil {
		return nil, err
	}
	w.f.Close()
	return w.sheets, nil
}

func readWorkbook(r io.Reader, file string) (*workbook, error) {
	f, z, err := open(r, file)
	if err != nil {
		return nil, err
	}
	all, err := forms(z)
	if err != nil {
		f.Close()
		return nil, atf(file, 0, 0, "not a workbook that calculate --format xlsx wrote: %v", err)
	}
	w := &workbook{f: f}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			f.Close()
			return nil, atf(file, 0, 0, "sheet %q: %v", name, err)
		}
		w.sheets = append(w.sheets, Sheet{Name: name, Rows: rows, forms: all[name]})
	}
	return w, nil
}

// Sheet is a sheet's cells, row by row, and how each is stored, by
// reference.
type Sheet struct {
	Name  string
	Rows  [][]string
	forms map[string]form
}

// size is the number of rows and columns that hold a value or a formula.
func (s Sheet) size() (rows, cols int) {
	rows = len(s.Rows)
	for _, r := range s.Rows {
		cols = max(cols, len(r))
	}
	for ref := range s.forms {
		if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
			rows, cols = max(rows, r), max(cols, c)
		}
	}
	return rows, cols
}

// compareSheets compares the sheets by name.
func compareSheets(rep *audit.Report, file string, issued, recomputed *workbook) {
	for _, want := range recomputed.sheets {
		i := slices.IndexFunc(issued.sheets, func(s Sheet) bool { return s.Name == want.Name })
		if i < 0 {
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Missing, Item: "sheet", Where: file,
				Path: want.Name, Issued: "missing", Recomputed: "sheet " + want.Name})
			continue
		}
		compareCells(rep, file, issued.sheets[i], want, recomputed.f)
	}
	for _, got := range issued.sheets {
		if !slices.ContainsFunc(recomputed.sheets, func(s Sheet) bool { return s.Name == got.Name }) {
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Extra, Item: "sheet", Where: file,
				Path: got.Name, Issued: "sheet " + got.Name, Recomputed: "not written by calculate"})
		}
	}
}

// compareCells compares two sheets of the same name cell by cell; fresh
// computes the recomputed sheet's formulas.
func compareCells(rep *audit.Report, file string, got, want Sheet, fresh *excelize.File) {
	gr, gc := got.size()
	wr, wc := want.size()
	for i := range max(gr, wr) {
		g, w := rowAt(got.Rows, i), rowAt(want.Rows, i)
		for j := range max(gc, wc) {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			a, b := cellAt(g, j), cellAt(w, j)
			fa, fb := got.forms[ref], want.forms[ref]
			issued, recomputed, same := fa.show(a), fb.show(b), true
			switch {
			case fa.isFormula || fb.isFormula:
				var result string
				same, result = sameFormula(fa, fb, func() string {
					v, _ := fresh.CalcCellValue(want.Name, ref, excelize.Options{RawCellValue: true})
					return v
				})
				if result != "" {
					recomputed += ", result " + result
				}
			case a != "" && b != "" && fa.kind != fb.kind:
				same, issued, recomputed = false, fa.kind+" "+a, fb.kind+" "+b
			case got.Name != SheetLines: // whose values are compared as CSV
				same = sameCell(a, b)
			}
			if same {
				continue
			}
			where := got.Name + "!" + ref
			if slices.ContainsFunc(w, func(c string) bool { return slices.Contains(runKeys, c) }) {
				rep.Reported = append(rep.Reported, fmt.Sprintf("%s %s: the issued workbook says %q, this run %q", file, where, issued, recomputed))
				continue
			}
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Changed, Item: "cell",
				Where: file + ":" + where, Path: where, Subject: rowLabel(w), Issued: issued, Recomputed: recomputed})
		}
	}
}

// sameFormula reports whether a formula cell (or a value beside one) is
// stored as calculate stores it: the same formula in the same form, and a
// stored result, if any, that is the formula's result (fresh computes it).
// A stored result that is not is returned with the fresh one.
func sameFormula(a, b form, fresh func() string) (bool, string) {
	if a.isFormula != b.isFormula || a.formula != b.formula || a.attrs != b.attrs {
		return false, ""
	}
	if a.cached == "" {
		return true, ""
	}
	if r := fresh(); !sameResult(a.cached, r) {
		return false, r
	}
	return true, ""
}

// sameResult compares a formula's stored result with its fresh result: a
// truth value as TRUE or FALSE (a file stores 1 or 0), an amount to the
// øre (a spreadsheet sums doubles in its own order).
func sameResult(stored, fresh string) bool {
	truth := map[string]string{"1": "TRUE", "0": "FALSE", "TRUE": "TRUE", "FALSE": "FALSE"}
	if x, ok := truth[strings.ToUpper(stored)]; ok && truth[fresh] != "" {
		return x == truth[fresh]
	}
	x, err1 := strconv.ParseFloat(stored, 64)
	y, err2 := strconv.ParseFloat(fresh, 64)
	return err1 == nil && err2 == nil && strconv.FormatFloat(x, 'f', 2, 64) == strconv.FormatFloat(y, 'f', 2, 64)
}

// sameCell compares two cells' contents; numbers by value, so that a
// workbook saved again by a spreadsheet ("54910.209999999999") still holds
// the same amount.
func sameCell(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// rowLabel names a row by its first cells, for the reader.
func rowLabel(row []string) string {
	var parts []string
	for _, c := range row {
		if c != "" && len(parts) < 2 {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " ")
}

func rowAt(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

func cellAt(row []string, j int) string {
	if j < len(row) {
		return row[j]
	}
	return ""
}
