package csvio

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"

	"digisos-invoice/internal/billing"

	"github.com/shopspring/decimal"
)

// writeLinesPlain is WriteLines done the plain way, every cell through
// encoding/csv: the reference the fast writer must match byte for byte.
func writeLinesPlain(a billing.Allocation) []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(LinesHeader)
	for _, l := range a.Lines {
		cw.Write([]string{strconv.Itoa(l.Year), strconv.Itoa(int(l.Quarter)), l.Number, Defuse(l.Name),
			Defuse(l.Solution), strconv.FormatInt(l.Population, 10), l.Amount.String(), l.Waived.String(), l.InvoiceID()})
	}
	cw.Flush()
	return b.Bytes()
}

func TestWriteLinesMatchesEncodingCSV(t *testing.T) {
	names := map[string]string{
		"plain": "Oslo", "comma": "Aurskog, Høland", "quote": `Ås "sør"`, "newline": "Nord\nFron",
		"carriage return": "Nord\rFron", "leading space": " Lom", "no-break space": "\u00a0Lom",
		"formula": "=SUM(A1)", "minus": "-Lom", "backslash dot": `\.`, "tab": "\tLom", "sami": "Guovdageaidnu – Kautokeino",
		"inner space": "Nord-Fron kommune", "inner tab": "Nord\tFron", "digit first": "1Lom", "letter then comma": "A,B",
		"letter then quote": `A"B`, "letter then line end": "A\nB", "non-ASCII first": "Ålesund", "ideographic space": "\u3000Lom",
	}
	for name, muniName := range names {
		t.Run(name, func(t *testing.T) {
			tariff := billing.Tariff{Year: 2020, AnnualCost: 340_000_001, Shares: []billing.Share{
				{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")}, {Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")}}}
			ms := []billing.Municipality{
				{Number: "0301", Name: muniName, Population: 693494},
				{Number: "1804", Name: "Bodø", Population: 52357, Starts: map[string]billing.Start{"innsyn": billing.Never()}},
			}
			a, err := billing.Allocate(tariff, ms)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := WriteLines(&got, a); err != nil {
				t.Fatal(err)
			}
			if want := writeLinesPlain(a); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("WriteLines wrote\n%q\nwant (encoding/csv)\n%q", got.Bytes(), want)
			}
		})
	}
}

// TestWriteLinesRepeatedCells checks the cells WriteLines makes once and
// repeats: lines of two years, a name or population that changes while the
// number stays, a quarter outside 1–4, negative amounts and a solution the
// tariff does not name still come out as encoding/csv writes them.
func TestWriteLinesRepeatedCells(t *testing.T) {
	tariff := billing.Tariff{Year: 2020, Shares: []billing.Share{{Solution: "soknad"}}}
	a := billing.Allocation{Tariff: tariff, Lines: []billing.Line{
		{Year: 2020, Quarter: 1, Number: "0301", Name: "Oslo", Solution: "soknad", Population: 693494, Amount: 100},
		{Year: 2020, Quarter: 1, Number: "0301", Name: "Oslo", Solution: "innsyn", Population: 693494, Waived: 7},
		{Year: 2020, Quarter: 2, Number: "0301", Name: "Oslo kommune", Solution: "soknad", Population: 693494, Amount: -1},
		{Year: 2020, Quarter: 2, Number: "0301", Name: "Oslo kommune", Solution: "soknad", Population: 693495, Amount: -123456},
		{Year: 2021, Quarter: 2, Number: "0301", Name: "Oslo kommune", Solution: "soknad", Population: 693495},
		{Year: 2021, Quarter: 5, Number: "1804", Name: "=Bodø", Solution: "=x", Population: 0},
		{Year: 2021, Quarter: 0, Number: "1804", Name: "=Bodø", Solution: "soknad", Population: 0},
	}}
	var got bytes.Buffer
	if err := WriteLines(&got, a); err != nil {
		t.Fatal(err)
	}
	if want := writeLinesPlain(a); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("WriteLines wrote\n%s\nwant (encoding/csv)\n%s", got.Bytes(), want)
	}
}
