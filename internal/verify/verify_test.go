package verify_test

import (
	"os"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/tomlio"
	"digisos-invoice/internal/verify"
)

// sampleRun is the 2020 run of testdata/sample.csv.
func sampleRun(t *testing.T) *format.Run {
	t.Helper()
	tariff, err := tomlio.Builtin().For(2020)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := csvio.ReadMunicipalities(f, "sample.csv", tariff.Solutions(), csvio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := billing.Allocate(tariff, in.Municipalities)
	if err != nil {
		t.Fatal(err)
	}
	return &format.Run{Alloc: a, Meta: record.New(a, record.Program{Name: "digisos-invoice", Version: "(devel)"}, nil)}
}

// File finds an issued file identical to its fresh rendering, and one
// changed amount as one difference, in CSV and in JSON.
func TestFile(t *testing.T) {
	r := sampleRun(t)
	for _, f := range []format.Format{csvio.Format{}, jsonio.Format{}} {
		t.Run(f.Name(), func(t *testing.T) {
			out, err := f.Render(r)
			if err != nil {
				t.Fatal(err)
			}
			v, err := verify.File(f, "issued", out.Data, r, false)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Report.Identical() || len(v.Report.Notes) > 0 {
				t.Errorf("File(its own rendering) = %+v, want identical without notes", v.Report)
			}
			amount := r.Alloc.Lines[0].Amount.String()
			changed := strings.Replace(string(out.Data), amount, bumped(amount), 1)
			if v, err = verify.File(f, "issued", []byte(changed), r, false); err != nil {
				t.Fatal(err)
			}
			if len(v.Report.Differences) != 1 {
				t.Errorf("File(one amount changed) found %d differences, want 1: %+v", len(v.Report.Differences), v.Report.Differences)
			}
		})
	}
}

// bumped changes the last digit of an amount.
func bumped(s string) string {
	last := s[len(s)-1]
	if last == '9' {
		return s[:len(s)-1] + "0"
	}
	return s[:len(s)-1] + string(last+1)
}
