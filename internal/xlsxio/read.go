package xlsxio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
)

// ReadLines reads the lines sheet of a workbook that Write wrote, for
// verify: the same lines as csvio.ReadLines reads from the CSV. Errors
// name the file, the row and the column (1 = A), and the cell. A line that
// appears twice is an error, as in the CSV.
func ReadLines(r io.Reader, file string) ([]Line, error) {
	f, _, err := open(r, file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLines(f, file)
}

// readLines reads the lines sheet of an open workbook, for ReadLines.
func readLines(f *excelize.File, file string) ([]Line, error) {
	if idx, err := f.GetSheetIndex(SheetLines); err != nil || idx < 0 {
		return nil, atf(file, 0, 0, "no sheet %q: not a workbook that calculate --format xlsx wrote", SheetLines)
	}
	rows, err := f.Rows(SheetLines)
	if err != nil {
		return nil, atf(file, 0, 0, "sheet %q: %v", SheetLines, err)
	}
	defer rows.Close()
	var (
		out  []Line
		errs csvio.Errors
		seen = map[[3]string]int{}
	)
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, atf(file, n, 0, "sheet %q: %v", SheetLines, err)
		}
		cells = trimEmpty(cells)
		if n == 1 {
			if !slices.Equal(cells, csvio.LinesHeader) {
				return nil, atf(file, 1, 0, "sheet %q: header %q, want %q: not a workbook that calculate --format xlsx wrote", SheetLines, cells, csvio.LinesHeader)
			}
			continue
		}
		if len(cells) == 0 {
			continue
		}
		l, rowErrs := readLine(file, n, cells)
		k := [3]string{l.Number, strconv.Itoa(int(l.Quarter)), l.Solution}
		if prev, dup := seen[k]; dup && len(rowErrs) == 0 {
			rowErrs = append(rowErrs, atCell(file, n, 3, "the line %s Q%d %s appears twice: also on row %d", l.Number, l.Quarter, l.Solution, prev))
		}
		seen[k] = n
		errs = append(errs, rowErrs...)
		out = append(out, l)
	}
	if err := rows.Error(); err != nil {
		return nil, atf(file, 0, 0, "sheet %q: %v", SheetLines, err)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// readLine reads the cells of row n (at least one is not empty).
func readLine(file string, n int, cells []string) (Line, csvio.Errors) {
	cells = append(cells, make([]string, max(0, len(csvio.LinesHeader)-len(cells)))...)
	var errs csvio.Errors
	at := func(col int, format string, args ...any) {
		errs = append(errs, atCell(file, n, col, format, args...))
	}
	l := Line{Number: cells[2], Name: cells[3], Solution: cells[4]}
	var err error
	if l.Year, err = strconv.Atoi(cells[0]); err != nil {
		at(1, "year %q: not a year", cells[0])
	}
	q, err := strconv.Atoi(cells[1])
	if err != nil || !billing.Quarter(q).Valid() {
		at(2, "quarter %q: not 1-4", cells[1])
	}
	l.Quarter = billing.Quarter(q)
	if !fourDigits(l.Number) {
		at(3, "municipality_number %q: not 4 digits; it must be a text cell, as a number cell loses the 0 of 0301", l.Number)
	}
	if l.Amount, err = parseAmount(cells[6]); err != nil {
		at(7, "amount %v", err)
	}
	if l.Waived, err = parseAmount(cells[7]); err != nil {
		at(8, "waived %v", err)
	}
	return l, errs
}

// parseAmount reads an amount cell. Write stores "54910.21"; a spreadsheet
// that saves the file again may write the double it holds with more digits
// ("54910.209999999999"). Either is read as the two-decimal amount whose
// nearest double it is; a value that is not whole øre is an error.
func parseAmount(v string) (billing.Money, error) {
	if m, err := billing.ParseMoney(v); err == nil {
		return m, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: not a number", v)
	}
	two := strconv.FormatFloat(f, 'f', 2, 64)
	if g, err := strconv.ParseFloat(two, 64); err != nil || g != f {
		return 0, fmt.Errorf("%q: not whole øre (more than two decimals)", v)
	}
	return billing.ParseMoney(two)
}

func fourDigits(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// trimEmpty drops the empty cells at the end of a row.
func trimEmpty(cells []string) []string {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// atf is an error at row n, column col (0: the whole row or file).
func atf(file string, n, col int, format string, args ...any) csvio.Errors {
	return csvio.Errors{{File: file, Line: n, Column: col, Err: fmt.Errorf(format, args...)}}
}

// atCell is an error at a cell of the lines sheet, named in the message
// too ("lines!G7"), as a spreadsheet user looks for it.
func atCell(file string, n, col int, format string, args ...any) *csvio.Error {
	ref, _ := excelize.CoordinatesToCellName(col, n)
	return &csvio.Error{File: file, Line: n, Column: col, Err: fmt.Errorf("cell %s!%s: %s", SheetLines, ref, fmt.Sprintf(format, args...))}
}

// LinesCSV returns the lines sheet of a workbook as the CSV that calculate
// writes, cell by cell and row by row as they stand in the sheet, so that
// verify compares every column of every line as it does for a CSV file:
// the row numbers are the CSV's line numbers. Amount cells are written as
// the two-decimal amounts they hold; a cell that is not one is an error.
func LinesCSV(r io.Reader, file string) ([]byte, error) {
	f, _, err := open(r, file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return linesCSV(f, file)
}

// linesCSV is LinesCSV of an open workbook.
func linesCSV(f *excelize.File, file string) ([]byte, error) {
	rows, err := f.GetRows(SheetLines, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, atf(file, 0, 0, "no sheet %q: not a workbook that calculate --format xlsx wrote", SheetLines)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	var errs csvio.Errors
	for n, cells := range rows {
		cells = trimEmpty(cells)
		if n > 0 {
			errs = append(errs, amountCells(file, n+1, cells)...)
			for _, col := range []int{3, 4} { // as the CSV writes names
				if col < len(cells) {
					cells[col] = csvio.Defuse(cells[col])
				}
			}
		}
		if err := w.Write(cells); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if len(errs) > 0 {
		return nil, errs
	}
	return b.Bytes(), w.Error()
}

// amountCells rewrites the amount and waived cells of row n as two-decimal
// amounts.
func amountCells(file string, n int, cells []string) csvio.Errors {
	var errs csvio.Errors
	for _, col := range []int{6, 7} {
		if col >= len(cells) {
			continue
		}
		m, err := parseAmount(cells[col])
		if err != nil {
			errs = append(errs, atCell(file, n, col+1, "%s %v", csvio.LinesHeader[col], err))
			continue
		}
		cells[col] = m.String()
	}
	return errs
}

// Line is a line of the lines sheet as read back: the values that say what
// is owed (the other columns are compared by LinesCSV).
type Line struct {
	Year     int
	Quarter  billing.Quarter
	Number   string
	Name     string
	Solution string
	Amount   billing.Money
	Waived   billing.Money
}
