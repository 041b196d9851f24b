package audit_test

import (
	"os"
	"strings"
	"testing"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/csvio"
)

// golden is the lines of the sample's 2020 run, as calculate wrote them.
func golden(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/golden/sample-2020.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func linesTree(t *testing.T, text string) (*audit.Node, []string) {
	t.Helper()
	n, notes, err := csvio.ReadIssuedLines([]byte(text), "issued.csv")
	if err != nil {
		t.Fatalf("ReadIssuedLines: %v", err)
	}
	return n, notes
}

// compareLines compares edited lines with the golden ones, with the
// reader's notes added as compare does.
func compareLines(t *testing.T, issued string) audit.Report {
	t.Helper()
	re, _ := linesTree(t, golden(t))
	is, notes := linesTree(t, issued)
	r := audit.Compare(is, re, audit.LinesSpec("issued.csv"))
	for _, n := range notes {
		r.AddNote(n, n)
	}
	return r
}

func TestCompareLinesContent(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		counts         string
		want           audit.Difference // the first difference
	}{
		{"amount", "2020,1,0301,Oslo,soknad,693494,254628.21,", "2020,1,0301,Oslo,soknad,693494,254628.22,", "1 cell differs",
			audit.Difference{Where: "issued.csv:2:7", Path: "amount", Subject: "0301 Oslo Q1 soknad", Issued: "254628.22", Recomputed: "254628.21"}},
		{"waived", "693494,0.00,425000.00,", "693494,0.00,425000.01,", "1 cell differs",
			audit.Difference{Where: "issued.csv:3:8", Path: "waived", Subject: "0301 Oslo Q1 innsyn", Issued: "425000.01", Recomputed: "425000.00"}},
		{"population", "2020,4,1506,Molde,soknad,31967,", "2020,4,1506,Molde,soknad,31968,", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:6", Path: "population", Subject: "1506 Molde Q4 soknad", Issued: "31968", Recomputed: "31967"}},
		{"name", "2020,4,1506,Molde,", "2020,4,1506,Bodø,", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:4", Path: "municipality_name", Subject: "1506 Molde Q4 soknad", Issued: "Bodø", Recomputed: "Molde"}},
		{"invoice id", "9232.02,0.00,DIGISOS-2020-1506", "9232.02,0.00,DIGISOS-2020-1507", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:9", Path: "invoice_id", Subject: "1506 Molde Q4 soknad", Issued: "DIGISOS-2020-1507", Recomputed: "DIGISOS-2020-1506"}},
		{"year", "2020,4,1506,", "2021,4,1506,", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:1", Path: "year", Subject: "1506 Molde Q4 soknad", Issued: "2021", Recomputed: "2020"}},
		// A key column changed: the line pairs by its place, and the column is named.
		{"quarter", "2020,4,1506,", "2020,3,1506,", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:2", Path: "quarter", Subject: "1506 Molde Q4 soknad", Issued: "3", Recomputed: "4"}},
		{"number", "2020,4,1506,Molde", "2020,4,1505,Molde", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:3", Path: "municipality_number", Subject: "1506 Molde Q4 soknad", Issued: "1505", Recomputed: "1506"}},
		{"solution", "2020,4,1506,Molde,soknad", "2020,4,1506,Molde,innsyn", "1 cell differs",
			audit.Difference{Where: "issued.csv:10:5", Path: "solution", Subject: "1506 Molde Q4 soknad", Issued: "innsyn", Recomputed: "soknad"}},
		{"line removed", "2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n", "", "1 line missing",
			audit.Difference{Change: audit.Missing, Item: "line", Where: "issued.csv", Subject: "1506 Molde Q4 soknad",
				Recomputed: "2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506"}},
		{"line added", "2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n",
			"2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n2020,4,1506,Molde,innsyn,31967,1.00,0.00,DIGISOS-2020-1506\n", "1 line extra",
			audit.Difference{Change: audit.Extra, Item: "line", Where: "issued.csv:11", Subject: "1506 Molde Q4 innsyn",
				Issued: "2020,4,1506,Molde,innsyn,31967,1.00,0.00,DIGISOS-2020-1506"}},
		{"line repeated", "2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n",
			"2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506\n", "1 line extra",
			audit.Difference{Change: audit.Extra, Item: "line", Where: "issued.csv:11", Subject: "1506 Molde Q4 soknad",
				Issued: "2020,4,1506,Molde,soknad,31967,9232.02,0.00,DIGISOS-2020-1506"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			issued := strings.Replace(golden(t), tc.old, tc.new, 1)
			if issued == golden(t) {
				t.Fatalf("%q is not in the golden lines", tc.old)
			}
			r := compareLines(t, issued)
			if got := r.Counts(); got != tc.counts {
				t.Errorf("Counts() = %q, want %q; differences %+v", got, tc.counts, r.Differences)
			}
			if len(r.Differences) == 0 {
				t.Fatal("no difference")
			}
			want := tc.want
			if want.Item == "" {
				want.Item = "cell"
			}
			if got := r.Differences[0]; got != want {
				t.Errorf("difference = %+v, want %+v", got, want)
			}
			if len(r.Notes) > 0 {
				t.Errorf("notes %v, want none", r.Notes)
			}
		})
	}
}

// TestCompareLinesCompensating changes two amounts so that the total stays
// the same: both are differences.
func TestCompareLinesCompensating(t *testing.T) {
	issued := strings.Replace(golden(t), ",254628.21,", ",255628.21,", 1)
	issued = strings.Replace(issued, ",204727.09,", ",203727.09,", 1)
	r := compareLines(t, issued)
	if got, want := r.Counts(), "2 cells differ"; got != want {
		t.Fatalf("Counts() = %q, want %q", got, want)
	}
	if d := r.Differences[1]; d.Where != "issued.csv:4:7" || d.Issued != "203727.09" || d.Recomputed != "204727.09" {
		t.Errorf("second difference = %+v", d)
	}
}

func TestCompareLinesForm(t *testing.T) {
	swap := func(s string) string {
		l := strings.SplitAfter(s, "\n")
		l[2], l[3] = l[3], l[2]
		return strings.Join(l, "")
	}
	for _, tc := range []struct {
		name string
		edit func(string) string
		note string
	}{
		{"order", swap, "lines are in another order than calculate writes"},
		{"bom", func(s string) string { return "\ufeff" + s }, "issued.csv starts with a byte-order mark"},
		{"crlf", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }, "issued.csv: lines end in CRLF; calculate writes LF"},
		{"semicolons", func(s string) string { return strings.ReplaceAll(s, ",", ";") }, `issued.csv: cells are separated by ';'; calculate writes ','`},
		{"quotes", func(s string) string { return strings.ReplaceAll(s, ",Oslo,", `,"Oslo",`) }, "issued.csv: cells are in quotes that calculate does not write"},
		{"trailing empty line", func(s string) string { return s + "\n" }, "issued.csv: 1 empty line, which calculate does not write"},
		{"no final line end", func(s string) string { return strings.TrimSuffix(s, "\n") }, "issued.csv: the last line has no line end"},
		{"decimals", func(s string) string { return strings.Replace(s, ",254628.21,", ",254628.210,", 1) },
			"issued.csv:2:7: amount is written 254628.210; calculate writes 254628.21, the same amount"},
		{"columns", func(s string) string {
			var out []string
			for _, l := range strings.SplitAfter(s, "\n") {
				if c := strings.Split(strings.TrimSuffix(l, "\n"), ","); len(c) == 9 {
					c[0], c[8] = c[8], c[0]
					l = strings.Join(c, ",") + "\n"
				}
				out = append(out, l)
			}
			return strings.Join(out, "")
		}, "issued.csv: the columns are in another order than calculate writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := compareLines(t, tc.edit(golden(t)))
			if !r.Identical() {
				t.Errorf("differences %+v, want none", r.Differences)
			}
			if len(r.Notes) != 1 || r.Notes[0].Text != tc.note {
				t.Errorf("notes %q, want %q", r.Notes, tc.note)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	d := func(c audit.Change, item string) audit.Difference { return audit.Difference{Change: c, Item: item} }
	for _, tc := range []struct {
		diffs []audit.Difference
		want  string
	}{
		{nil, ""},
		{[]audit.Difference{d(audit.Missing, "line")}, "1 line missing"},
		{[]audit.Difference{d(audit.Missing, "line"), d(audit.Missing, "line")}, "2 lines missing"},
		{[]audit.Difference{d(audit.Changed, "field"), d(audit.Extra, "municipality"), d(audit.Extra, "municipality"), d(audit.Changed, "field")},
			"2 fields differ, 2 municipalities extra"},
		{[]audit.Difference{d(audit.Changed, "hash"), d(audit.Extra, "file"), d(audit.Missing, "invoice")}, "1 hash differs, 1 file extra, 1 invoice missing"},
	} {
		if got := (audit.Report{Differences: tc.diffs}).Counts(); got != tc.want {
			t.Errorf("Counts(%v) = %q, want %q", tc.diffs, got, tc.want)
		}
	}
}

// TestReportAddNew: a difference found twice, at the same place with the
// same values, is reported once; one at another place, or with other
// values, is kept. Add keeps them all.
func TestReportAddNew(t *testing.T) {
	d := audit.Difference{Change: audit.Changed, Item: "field", Where: "m.json:49:15", Path: "/output/format", Issued: "json", Recomputed: "csv"}
	again := d
	again.Item, again.Subject = "hash", "the file now"
	elsewhere := d
	elsewhere.Where = "m.json:50:15"
	other := d
	other.Recomputed = "xlsx"
	var r audit.Report
	r.Add(audit.Report{Differences: []audit.Difference{d}})
	more := audit.Report{Differences: []audit.Difference{again, elsewhere, other}}
	all := r
	all.Add(more)
	r.AddNew(more)
	if got, want := len(r.Differences), 3; got != want {
		t.Fatalf("AddNew kept %d differences, want %d: %+v", got, want, r.Differences)
	}
	if r.Differences[0] != d || r.Differences[1] != elsewhere || r.Differences[2] != other {
		t.Errorf("AddNew kept %+v, want the first, then the one elsewhere and the one with other values", r.Differences)
	}
	if got, want := len(all.Differences), 4; got != want {
		t.Errorf("Add kept %d differences, want all %d", got, want)
	}
}
