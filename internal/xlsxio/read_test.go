package xlsxio

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/csvio"
)

// TestReadLinesErrors changes a written workbook the way a person editing
// it might, and checks that the error names the file, row, column and cell.
func TestReadLinesErrors(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	good := write(t, a, meta)
	tests := []struct {
		name string
		edit func(f *excelize.File) error
		want []string
	}{
		{"municipality number as a number", func(f *excelize.File) error { return f.SetCellInt("lines", "C2", 301) },
			[]string{`issued.xlsx:2:3: cell lines!C2: municipality_number "301": not 4 digits`}},
		{"amount with three decimals", func(f *excelize.File) error { return f.SetCellFloat("lines", "G2", 254628.215, -1, 64) },
			[]string{`issued.xlsx:2:7: cell lines!G2: amount "254628.215": not whole øre`}},
		{"amount as text", func(f *excelize.File) error { return f.SetCellStr("lines", "H3", "abc") },
			[]string{`issued.xlsx:3:8: cell lines!H3: waived "abc": not a number`}},
		{"two errors", func(f *excelize.File) error {
			return errors.Join(f.SetCellInt("lines", "B2", 5), f.SetCellStr("lines", "A3", "20x0"))
		}, []string{`issued.xlsx:2:2: cell lines!B2: quarter "5": not 1-4`, `issued.xlsx:3:1: cell lines!A3: year "20x0": not a year`}},
		{"a line twice", func(f *excelize.File) error { return f.SetCellInt("lines", "B4", 1) },
			[]string{`issued.xlsx:4:3: cell lines!C4: the line 0301 Q1 soknad appears twice: also on row 2`}},
		{"header", func(f *excelize.File) error { return f.SetCellStr("lines", "G1", "beløp") },
			[]string{`issued.xlsx:1: sheet "lines": header`}},
		{"no lines sheet", func(f *excelize.File) error { return f.SetSheetName("lines", "linjer") },
			[]string{`issued.xlsx: no sheet "lines"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(good))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.edit(f); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if _, err := f.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			lines, err := ReadLines(&b, "issued.xlsx")
			checkErrors(t, lines != nil, err, tc.want)
		})
	}
	t.Run("not a workbook", func(t *testing.T) {
		lines, err := ReadLines(strings.NewReader("year,quarter\n2020,1\n"), "issued.xlsx")
		checkErrors(t, lines != nil, err, []string{"issued.xlsx: not an Excel workbook (.xlsx)"})
	})
}

// checkErrors checks that err is a list of errors starting with want.
func checkErrors(t *testing.T, gotLines bool, err error, want []string) {
	t.Helper()
	var list csvio.Errors
	if !errors.As(err, &list) || gotLines {
		t.Fatalf("ReadLines: %v (lines returned: %v), want errors %q", err, gotLines, want)
	}
	if len(list) != len(want) {
		t.Fatalf("ReadLines: %d errors %v, want %d", len(list), err, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(list[i].Error(), w) {
			t.Errorf("error %d = %q, want it to start with %q", i, list[i].Error(), w)
		}
	}
}
