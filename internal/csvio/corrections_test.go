package csvio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

func TestWriteCorrection(t *testing.T) {
	tf := billing.Tariff{Year: 2020, AnnualCost: 40_000, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
	alloc := func(ms ...billing.Municipality) billing.Allocation {
		a, err := billing.Allocate(tf, ms)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	july := map[string]billing.Start{"soknad": billing.From(time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC))}
	prev, err := correction.FromAllocation(alloc(billing.Municipality{Number: "0001", Name: "=A", Population: 1},
		billing.Municipality{Number: "0002", Name: "B", Population: 1}), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// 0002 from July: 0001 owes Q1 and Q2 alone, 100.00 instead of 50.00.
	c, err := correction.Correct(prev, alloc(billing.Municipality{Number: "0001", Name: "=A", Population: 1},
		billing.Municipality{Number: "0002", Name: "B", Population: 1, Starts: july}), correction.Params{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCorrection(&b, c); err != nil {
		t.Fatal(err)
	}
	want := `year,document_id,document_type,corrects,municipality_number,municipality_name,quarter,solution,issued,corrected,difference
2020,DIGISOS-2020-0001-K1,invoice,DIGISOS-2020-0001,0001,'=A,1,soknad,50.00,100.00,50.00
2020,DIGISOS-2020-0001-K1,invoice,DIGISOS-2020-0001,0001,'=A,2,soknad,50.00,100.00,50.00
2020,DIGISOS-2020-0002-K1,credit_note,DIGISOS-2020-0002,0002,B,1,soknad,50.00,0.00,-50.00
2020,DIGISOS-2020-0002-K1,credit_note,DIGISOS-2020-0002,0002,B,2,soknad,50.00,0.00,-50.00
`
	if b.String() != want {
		t.Errorf("WriteCorrection =\n%s\nwant\n%s", b.String(), want)
	}
	c, err = correction.Correct(prev, alloc(billing.Municipality{Number: "0001", Name: "=A", Population: 1},
		billing.Municipality{Number: "0002", Name: "B", Population: 1, Starts: july}), correction.Params{Threshold: 10_001})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := WriteCorrection(&b, c); err != nil {
		t.Fatal(err)
	}
	if row := strings.Split(b.String(), "\n")[1]; row != "2020,,unsettled,DIGISOS-2020-0001,0001,'=A,1,soknad,50.00,100.00,50.00" {
		t.Errorf("an unsettled row: %s", row)
	}
}

func TestReadOriginal(t *testing.T) {
	tf := billing.Tariff{Year: 2020, AnnualCost: 40_000, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
	a, err := billing.Allocate(tf, []billing.Municipality{{Number: "0301", Name: "-Oslo", Population: 3}, {Number: "1151", Name: "Utsira", Population: 1}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteLines(&b, a); err != nil {
		t.Fatal(err)
	}
	got, err := ReadOriginal(bytes.NewReader(b.Bytes()), "lines.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := make([]billing.Line, len(a.Lines))
	for i, l := range a.Lines {
		want[i] = billing.Line{Year: l.Year, Quarter: l.Quarter, Number: l.Number, Name: l.Name, Solution: l.Solution,
			Population: l.Population, Amount: l.Amount, Waived: l.Waived}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadOriginal =\n%+v\nwant\n%+v", got, want)
	}
	tests := []struct{ name, old, new, want string }{
		{"a changed invoice id", "DIGISOS-2020-1151", "DIGISOS-2020-1152", "lines.csv:6:9: invoice_id"},
		{"a negative amount", ",75.00,", ",-75.00,", "lines.csv:2:7: amount"},
		{"a correction's CSV", "year,quarter,", "year,document_id,quarter,", `unknown column "document_id"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadOriginal(strings.NewReader(strings.Replace(b.String(), tc.old, tc.new, 1)), "lines.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadOriginal = %v, want an error with %q", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%v carries no file position", err)
			}
		})
	}
}

func FuzzReadOriginal(f *testing.F) {
	f.Add([]byte("year,quarter,municipality_number,municipality_name,solution,population,amount,waived,invoice_id\n2020,1,0301,'=Oslo,soknad,693494,254628.21,0.00,DIGISOS-2020-0301\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := ReadOriginal(bytes.NewReader(data), "f")
		checkFuzzResult(t, err, len(lines) > 0)
	})
}
