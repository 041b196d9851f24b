package xlsxio

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/audit"
)

// runKeys are the reconciliation rows that say which program made the run
// and when: reported, not counted.
var runKeys = []string{"program.name", "program.version", "program.revision", "stamp"}

// Compare adds to rep every cell of the issued workbook's sheets but the
// lines sheet (which verify compares as CSV, see LinesCSV) that differs
// from the recomputed workbook's, and every sheet missing or extra;
// formulas are compared as formulas. file names the issued workbook.
func Compare(rep *audit.Report, file string, issued, recomputed []byte) error {
	got, err := Sheets(bytes.NewReader(issued), file)
	if err != nil {
		return err
	}
	want, err := Sheets(bytes.NewReader(recomputed), "recomputed")
	if err != nil {
		return err
	}
	compareSheets(rep, file, got, want)
	return nil
}

// compareSheets compares the sheets by name.
func compareSheets(rep *audit.Report, file string, issued, recomputed []Sheet) {
	for _, want := range recomputed {
		i := slices.IndexFunc(issued, func(s Sheet) bool { return s.Name == want.Name })
		if i < 0 {
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Missing, Item: "sheet", Where: file,
				Path: want.Name, Issued: "missing", Recomputed: "sheet " + want.Name})
			continue
		}
		compareCells(rep, file, issued[i], want)
	}
	for _, got := range issued {
		if !slices.ContainsFunc(recomputed, func(s Sheet) bool { return s.Name == got.Name }) {
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Extra, Item: "sheet", Where: file,
				Path: got.Name, Issued: "sheet " + got.Name, Recomputed: "not written by calculate"})
		}
	}
}

// compareCells compares two sheets of the same name cell by cell.
func compareCells(rep *audit.Report, file string, got, want Sheet) {
	rows := max(len(got.Rows), len(want.Rows))
	for i := range rows {
		g, w := rowAt(got.Rows, i), rowAt(want.Rows, i)
		for j := range max(len(g), len(w)) {
			a, b := cellAt(g, j), cellAt(w, j)
			if sameCell(a, b) {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			where := got.Name + "!" + ref
			if slices.ContainsFunc(w, func(c string) bool { return slices.Contains(runKeys, c) }) {
				rep.Reported = append(rep.Reported, fmt.Sprintf("%s %s: the issued workbook says %q, this run %q", file, where, a, b))
				continue
			}
			rep.Differences = append(rep.Differences, audit.Difference{Change: audit.Changed, Item: "cell",
				Where: file + ":" + where, Path: where, Subject: rowLabel(w), Issued: a, Recomputed: b})
		}
	}
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
