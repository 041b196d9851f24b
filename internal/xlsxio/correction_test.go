package xlsxio

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
)

// TestWriteCorrection: the corrections sheet holds exactly the rows of the
// correction's CSV, amounts as the same two-decimal numbers, and the
// documents sheet one row per document with its total; the same
// correction gives the same bytes.
func TestWriteCorrection(t *testing.T) {
	c := correction.Correction{Year: 2020, Number: 1,
		Documents: []correction.Document{
			{ID: "DIGISOS-2020-0301-K1", Kind: correction.Kind("credit_note"), Corrects: "DIGISOS-2020-0301", Number: "0301", Name: "Oslo",
				Lines: []correction.Change{{Number: "0301", Name: "Oslo", Quarter: 2, Solution: "soknad", Issued: 20472709, Corrected: 19558770}}},
			{ID: "DIGISOS-2020-5001-K1", Kind: correction.Kind("invoice"), Corrects: "DIGISOS-2020-5001", Number: "5001", Name: "Trondheim",
				Lines: []correction.Change{{Number: "5001", Name: "Trondheim", Quarter: 2, Solution: "soknad", Issued: 0, Corrected: 913939},
					{Number: "5001", Name: "Trondheim", Quarter: 3, Solution: "innsyn", Issued: 100, Corrected: 101}}},
		}}
	var want bytes.Buffer
	if err := csvio.WriteCorrection(&want, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&want).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b, again bytes.Buffer
	if err := WriteCorrection(&b, c); err != nil {
		t.Fatal(err)
	}
	if err := WriteCorrection(&again, c); err != nil || !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Fatalf("WriteCorrection twice: different bytes (%v)", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows(SheetCorrections, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("corrections sheet: %d rows, CSV %d", len(got), len(rows))
	}
	for i := range rows {
		for j := range rows[i] {
			if i > 0 && j >= 8 { // issued, corrected, difference: numbers
				if !sameMoney(got[i][j], rows[i][j]) {
					t.Errorf("corrections row %d column %d = %q, CSV %q", i+1, j+1, got[i][j], rows[i][j])
				}
				continue
			}
			if cellOf(got[i], j) != rows[i][j] {
				t.Errorf("corrections row %d column %d = %q, CSV %q", i+1, j+1, cellOf(got[i], j), rows[i][j])
			}
		}
	}
	docs, err := f.GetRows(SheetDocuments, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 || docs[1][0] != "DIGISOS-2020-0301-K1" || !sameMoney(docs[1][5], "-9139.39") || !sameMoney(docs[2][5], "9139.40") {
		t.Errorf("documents sheet = %q", docs)
	}
}

func sameMoney(cell, want string) bool {
	a, err1 := billing.ParseMoney(cell)
	b, err2 := billing.ParseMoney(want)
	return err1 == nil && err2 == nil && a == b
}

func cellOf(row []string, j int) string {
	if j < len(row) {
		return row[j]
	}
	return ""
}
