package textio

import (
	"bytes"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

func TestWriteVerification(t *testing.T) {
	issued, recomputed := billing.Money(8381899), billing.Money(8381898)
	tests := []struct {
		name string
		v    record.Verification
		want []string // lines, in order
	}{
		{"identical",
			record.Verification{Issued: "issued.csv", Year: 2020, IssuedLines: 35, Recomputed: 35},
			[]string{"identical: the 35 lines of issued.csv match a fresh computation of 2020 to the øre"}},
		{"an amount and the provenance differ",
			record.Verification{Issued: "issued.json", Year: 2020, IssuedLines: 35, Recomputed: 35,
				Differences: []billing.Difference{{Number: "4601", Name: "Bergen", Quarter: 2, Solution: "soknad", Field: "amount", Issued: &issued, Recomputed: &recomputed}},
				Provenance:  []record.Difference{{Role: "register", Now: &record.Input{Role: "register", Name: "r.csv", SHA256: "ab"}}}},
			[]string{
				"municipality  quarter  solution  field   issued    recomputed  difference",
				"4601 Bergen   Q2       soknad    amount  83818.99  83818.98    +0.01",
				"provenance: this run read a register file r.csv (sha256 ab) that the issued run did not",
				"differs: issued.json has 35 lines, a fresh computation of 2020 has 35: 1 amounts differ, 0 lines missing, 0 lines extra, 1 provenance differences",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteVerification(&b, tc.v); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), strings.Join(tc.want, "\n")+"\n"; got != want {
				t.Errorf("WriteVerification() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}
