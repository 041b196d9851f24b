package textio

import (
	"bytes"
	"strings"
	"testing"

	"digisos-invoice/internal/audit"
)

func TestWriteVerification(t *testing.T) {
	tests := []struct {
		name string
		v    Verification
		want []string // lines, in order
	}{
		{"identical",
			Verification{Year: 2020, What: "the 35 lines of issued.csv match", Issued: "issued.csv",
				Report: audit.Report{Notes: []audit.Note{{Key: "crlf", Text: "issued.csv: lines end in CRLF; calculate writes LF", Count: 1}}}},
			[]string{"note: issued.csv: lines end in CRLF; calculate writes LF",
				"identical: the 35 lines of issued.csv match a fresh computation of 2020 to the øre"}},
		{"with the manifest",
			Verification{Year: 2020, What: "the 35 lines of issued.csv match", Issued: "issued.csv", Manifest: "m.json"},
			[]string{"identical: the 35 lines of issued.csv match a fresh computation of 2020 to the øre, and so does the manifest m.json"}},
		{"an amount, a line and the provenance differ",
			Verification{Year: 2020, Issued: "issued.csv", Report: audit.Report{
				Differences: []audit.Difference{
					{Item: "cell", Where: "issued.csv:25:7", Path: "amount", Subject: "4601 Bergen Q2 soknad", Issued: "83818.99", Recomputed: "83818.98"},
					{Change: audit.Missing, Item: "line", Where: "issued.csv", Subject: "5401 Tromsø Q4 innsyn", Recomputed: "2020,4,5401"},
				},
				Provenance: []string{"this run read a register file r.csv (sha256 ab) that the issued run did not"},
				Reported:   []string{"the issued run was made by digisos-invoice v1.0.0; this is digisos-invoice (devel)"},
			}},
			[]string{
				"where            subject                field   issued    recomputed   difference",
				"issued.csv:25:7  4601 Bergen Q2 soknad  amount  83818.99  83818.98     +0.01",
				"issued.csv       5401 Tromsø Q4 innsyn  line    missing   2020,4,5401  ",
				"provenance: this run read a register file r.csv (sha256 ab) that the issued run did not",
				"reported: the issued run was made by digisos-invoice v1.0.0; this is digisos-invoice (devel)",
				"differs: issued.csv against a fresh computation of 2020: 1 cell differs, 1 line missing, 1 provenance difference",
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
