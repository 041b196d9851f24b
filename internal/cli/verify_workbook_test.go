package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestVerifyWorkbookSheets: a value changed in any sheet of an issued
// workbook, not only in its lines, and a line's cell turned into a
// formula, are a difference naming the cell; an untouched workbook is
// identical.
func TestVerifyWorkbookSheets(t *testing.T) {
	dir := t.TempDir()
	issued := filepath.Join(dir, "issued.xlsx")
	in := []string{"--year", "2020", "--input", "../../testdata/sample.csv"}
	mainOK(t, append([]string{"calculate", "--quiet", "--format", "xlsx", "--output", issued}, in...)...)
	mainOK(t, append([]string{"verify", "--issued", issued}, in...)...)
	cases := []struct {
		name, sheet, cell, value string
		formula                  bool
	}{
		{"an invoice's amount", "invoices", "E2", "1", false},
		{"a pool", "pools", "C2", "2", false},
		{"a total's formula", "reconciliation", "D3", "SUM(lines!H:H)", true},
		{"a line's amount as a formula", "lines", "G4", "G4*2", true},
		{"a name as a formula", "lines", "D4", `HYPERLINK("http://example.com/","Oslo")`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := excelize.OpenFile(issued)
			if err != nil {
				t.Fatal(err)
			}
			if tc.formula {
				err = f.SetCellFormula(tc.sheet, tc.cell, tc.value)
			} else {
				err = f.SetCellValue(tc.sheet, tc.cell, tc.value)
			}
			if err != nil {
				t.Fatal(err)
			}
			tampered := filepath.Join(dir, tc.sheet+".xlsx")
			if err := f.SaveAs(tampered); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := Main(append([]string{"verify", "--issued", tampered}, in...), nil, &stdout, &stderr)
			where := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(filepath.Base(tampered)+":"+tc.sheet+"!"+tc.cell) + ` `)
			if code != exitDiffers || !where.Match(stdout.Bytes()) {
				t.Errorf("verify of a workbook with %s!%s changed: exit %d, want %d naming the cell\n%s%s", tc.sheet, tc.cell, code, exitDiffers, stdout.String(), stderr.String())
			}
		})
	}
}
