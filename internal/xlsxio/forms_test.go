package xlsxio

import (
	"regexp"
	"strings"
	"testing"

	"digisos-invoice/internal/audit"
)

// edit replaces a cell of a sheet part, whole: <c r="ref" …>…</c>.
type edit struct{ part, ref, cell string }

// withCells returns the workbook data with the cells of edits replaced.
func withCells(t *testing.T, data []byte, edits ...edit) []byte {
	t.Helper()
	return rezip(t, data, func(name string, part []byte) []byte {
		for _, e := range edits {
			if e.part != name {
				continue
			}
			re := regexp.MustCompile(`<c r="` + e.ref + `"[^>]*?(/>|>.*?</c>)`)
			if !re.Match(part) {
				t.Fatalf("%s: no cell %s", name, e.ref)
			}
			part = re.ReplaceAllLiteral(part, []byte(e.cell))
		}
		return part
	}, nil)
}

const (
	partLines          = "xl/worksheets/sheet1.xml"
	partInvoices       = "xl/worksheets/sheet2.xml"
	partReconciliation = "xl/worksheets/sheet4.xml"
)

// TestCompareForms: a cell stored otherwise than calculate stores it is a
// difference naming the cell, even when every value read from the
// workbook is the same: in any sheet, the lines sheet too, a value turned
// into a formula (which keeps the value as its stored result, and which
// Excel recomputes on opening), a formula in another form (shared), a
// formula whose stored result is not its result, a number stored as text.
// Stored results that are the formulas' results are not a difference.
func TestCompareForms(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	good := write(t, a, meta)
	cases := []struct {
		name  string
		edits []edit
		where []string
	}{
		{"a line's amount as a formula keeping its value", []edit{{partLines, "G4", `<c r="G4" s="5"><f>G4*2</f><v>204727.09</v></c>`}}, []string{"lines!G4"}},
		{"a name as a HYPERLINK", []edit{{partLines, "D4", `<c r="D4" s="2" t="str"><f>HYPERLINK("http://example.com/","Oslo")</f><v>Oslo</v></c>`}}, []string{"lines!D4"}},
		{"a population as a WEBSERVICE", []edit{{partLines, "F4", `<c r="F4" s="4"><f>WEBSERVICE("http://example.com/p")</f><v>693494</v></c>`}}, []string{"lines!F4"}},
		{"a shared formula in the lines", []edit{
			{partLines, "G4", `<c r="G4" s="5"><f t="shared" ref="G4:H4" si="0">G3*1</f><v>204727.09</v></c>`},
			{partLines, "H4", `<c r="H4" s="5"><f t="shared" si="0"/><v>0.00</v></c>`},
		}, []string{"lines!G4", "lines!H4"}},
		{"a line's amount as text", []edit{{partLines, "G4", `<c r="G4" s="5" t="inlineStr"><is><t>204727.09</t></is></c>`}}, []string{"lines!G4"}},
		{"an invoice's amount as a formula keeping its value", []edit{{partInvoices, "E2", `<c r="E2" s="5"><f>1357741.87</f><v>1357741.87</v></c>`}}, []string{"invoices!E2"}},
		{"an invoice's amount as text", []edit{{partInvoices, "E2", `<c r="E2" s="5" t="inlineStr"><is><t>1357741.87</t></is></c>`}}, []string{"invoices!E2"}},
		{"a total with a wrong stored result", []edit{{partReconciliation, "D3", `<c r="D3" s="5"><f>SUM(lines!G:G)</f><v>2550001</v></c>`}}, []string{"reconciliation!D3"}},
		{"the check with a wrong stored result", []edit{{partReconciliation, "D7", `<c r="D7" t="b"><f>ROUND(D6-C2,2)=0</f><v>0</v></c>`}}, []string{"reconciliation!D7"}},
		{"a total as a shared formula", []edit{{partReconciliation, "D3", `<c r="D3" s="5" t="str"><f t="shared" ref="D3:D3" si="0">SUM(lines!G:G)</f></c>`}}, []string{"reconciliation!D3"}},
		{"stored results that are the results", []edit{
			{partReconciliation, "D2", `<c r="D2" s="5"><f>SUM(pools!C:C)</f><v>3400000</v></c>`},
			{partReconciliation, "D3", `<c r="D3" s="5"><f>SUM(lines!G:G)</f><v>2550000.0000000005</v></c>`},
			{partReconciliation, "D5", `<c r="D5" s="5"><f>SUMIFS(pools!C:C,pools!F:F,0)</f><v>0</v></c>`},
			{partReconciliation, "D7", `<c r="D7" t="b"><f>ROUND(D6-C2,2)=0</f><v>1</v></c>`},
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rep audit.Report
			if err := Compare(&rep, "w.xlsx", withCells(t, good, tc.edits...), good); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range rep.Differences {
				got = append(got, strings.TrimPrefix(d.Where, "w.xlsx:"))
			}
			if strings.Join(got, " ") != strings.Join(tc.where, " ") {
				t.Errorf("Compare: differences at %q, want %q\n%+v", got, tc.where, rep.Differences)
			}
		})
	}
}
