package xlsxio

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// openpyxlScript prints, as JSON, what openpyxl (another reader, in
// Python) sees in a workbook: the sheets, and per line the value of each
// cell as text and its type ("n" number, "s" text).
const openpyxlScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = []
for row in wb["lines"].iter_rows(min_row=2):
    rows.append([[("%.2f" % c.value) if c.column in (7, 8) else str(c.value), c.data_type] for c in row])
print(json.dumps({"sheets": wb.sheetnames, "rows": rows,
    "formula": wb["reconciliation"]["D3"].value, "freeze": wb["lines"].freeze_panes}))
`

// TestOpenpyxl opens the sample's workbook with openpyxl, when it is
// installed (Debian: apt-get install python3-openpyxl).
func TestOpenpyxl(t *testing.T) {
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("skipping: no python3 with openpyxl (apt-get install python3-openpyxl)")
	}
	a, meta := allocate(t, sample, 2020)
	path := filepath.Join(t.TempDir(), "sample.xlsx")
	if err := os.WriteFile(path, write(t, a, meta), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", openpyxlScript, path).Output()
	if err != nil {
		t.Fatalf("openpyxl cannot read the workbook: %v", err)
	}
	var got struct {
		Sheets  []string
		Rows    [][][2]string
		Formula string
		Freeze  string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !slices.Equal(got.Sheets, []string{"lines", "invoices", "pools", "reconciliation"}) ||
		got.Formula != "=SUM(lines!G:G)" || got.Freeze != "A2" || len(got.Rows) != len(a.Lines) {
		t.Fatalf("openpyxl sees sheets %q, formula %q, frozen at %q, %d lines", got.Sheets, got.Formula, got.Freeze, len(got.Rows))
	}
	for i, l := range a.Lines {
		want := [][2]string{{"2020", "n"}, {itoa(int64(l.Quarter)), "n"}, {l.Number, "s"}, {l.Name, "s"}, {l.Solution, "s"},
			{itoa(l.Population), "n"}, {l.Amount.String(), "n"}, {l.Waived.String(), "n"}, {l.InvoiceID(), "s"}}
		if !slices.Equal(got.Rows[i], want) {
			t.Errorf("openpyxl reads line %d as %q, want %q", i+1, got.Rows[i], want)
		}
	}
}
