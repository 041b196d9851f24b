package jsonio

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/record"
)

func testCorrection(t *testing.T) (billing.Allocation, correction.Correction) {
	t.Helper()
	tf := billing.Tariff{Year: 2020, AnnualCost: 80_000, Shares: []billing.Share{
		{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")}, {Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")}}}
	alloc := func(ms ...billing.Municipality) billing.Allocation {
		a, err := billing.Allocate(tf, ms)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	soknad := map[string]billing.Start{"innsyn": billing.Never()}
	a := billing.Municipality{Number: "0001", Name: "A", Population: 1000, Starts: soknad}
	b := billing.Municipality{Number: "0002", Name: "B", Population: 1000, Starts: soknad}
	first := alloc(a, b)
	prev, err := correction.FromAllocation(first, time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// 0002 grows by 1: 0.02 a quarter, below the threshold of 0.10; 0003
	// joins innsyn alone and owes all of it, 400.00.
	b.Population = 1001
	c := billing.Municipality{Number: "0003", Name: "C", Population: 3, Starts: map[string]billing.Start{"soknad": billing.Never()}}
	corr, err := correction.Correct(prev, alloc(a, b, c),
		correction.Params{Threshold: 10, IssueDate: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(corr.Documents) == 0 || len(corr.Unsettled) == 0 {
		t.Fatalf("the test correction has %d documents and %d unsettled lines; it needs both", len(corr.Documents), len(corr.Unsettled))
	}
	return first, corr
}

// TestCorrectionRecordRoundTrip writes a correction's record and reads it
// back as what stands invoiced for the next correction.
func TestCorrectionRecordRoundTrip(t *testing.T) {
	first, c := testCorrection(t)
	var b bytes.Buffer
	meta := CorrectionMeta{Run: record.New(first, record.Program{Name: "digisos-invoice", Version: "test"}, nil), Previous: Previous{Name: "lines.json", SHA256: "ab"}}
	if err := Write(&b, NewCorrectionRecord(c, meta)); err != nil {
		t.Fatal(err)
	}
	got, err := ReadIssued(b.Bytes(), "c1.json")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Record, c.Record) {
		t.Errorf("read back\n%+v\nwrote\n%+v", got.Record, c.Record)
	}
	if len(got.Documents) != len(c.Documents) || got.Documents[0].Total() != c.Documents[0].Total() || got.Documents[0].ID != c.Documents[0].ID {
		t.Errorf("documents read back: %+v, wrote %+v", got.Documents, c.Documents)
	}
	if got.Correction == nil || got.Correction.Correction != 1 || got.Correction.Previous.SHA256 != "ab" || got.Correction.MinDifference != "0.10" {
		t.Errorf("meta read back: %+v", got.Correction)
	}
	for _, want := range []string{`"correction": 1`, `"type": "invoice"`, `"unsettled": "0.02"`, `"ny deltaker"`, `"issue_date": "2021-03-01"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the record lacks %s:\n%s", want, b.String())
		}
	}
}

func TestReadIssued(t *testing.T) {
	first, _ := testCorrection(t)
	var calc bytes.Buffer
	if err := Write(&calc, NewDocument(first, record.New(first, record.Program{Name: "digisos-invoice"}, nil))); err != nil {
		t.Fatal(err)
	}
	got, err := ReadIssued(calc.Bytes(), "lines.json")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := correction.FromAllocation(first, time.Time{})
	if !reflect.DeepEqual(got.Record, want) || got.Correction != nil {
		t.Errorf("calculate's document read as\n%+v\nwant\n%+v", got.Record, want)
	}
	otherYear := strings.Replace(calc.String(), `"year": 2020`, `"year": 2021`, 1)
	tests := []struct{ name, data, want string }{
		{"not JSON", "year,quarter\n", "not a JSON record"},
		{"a manifest", `{"meta": {}, "program": {}}`, "not a JSON record of calculate or correct"},
		{"an unknown key in a correction", `{"meta": {"correction": 1}, "extra": 1}`, "not a record written by correct"},
		{"meta of another year than the lines", otherYear, "record of another year"},
		{"a line with a changed invoice id", strings.Replace(calc.String(), `"invoice_id": "DIGISOS-2020-0001"`, `"invoice_id": "X"`, 1), "lines[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadIssued([]byte(tc.data), "f.json"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadIssued = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// FuzzReadIssued: never a panic; a record read is consistent (Check) and
// keeps invoiced + unsettled = computed, which its reader checks per line.
func FuzzReadIssued(f *testing.F) {
	f.Add([]byte(`{"meta":{"year":2020,"tariff":{},"inputs":[]},"lines":[{"invoice_id":"DIGISOS-2020-0301","year":2020,"quarter":1,"municipality_number":"0301","solution":"soknad","amount":"1.00","waived":"0.00"}]}`))
	f.Add([]byte(`{"meta":{"year":2020,"correction":1,"previous":{}},"lines":[{"municipality_number":"0301","quarter":1,"solution":"soknad","invoiced":"1.00","computed":"1.50","unsettled":"0.50"}],"issued":[{"id":"DIGISOS-2020-0301","type":"invoice","correction":0}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadIssued(data, "f")
		if err != nil {
			return
		}
		if err := got.Record.Check(); err != nil {
			t.Fatalf("a record read that fails its check: %v", err)
		}
	})
}
