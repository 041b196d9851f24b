package billing

import "testing"

func TestCompare(t *testing.T) {
	a, err := Allocate(smallTariff(400), []Municipality{
		{Number: "0301", Name: "A", Population: 1},
		{Number: "4601", Name: "B", Population: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	issued := func() []IssuedLine {
		var out []IssuedLine
		for _, l := range a.Lines {
			out = append(out, IssuedLine{Year: l.Year, Quarter: l.Quarter, Number: l.Number, Name: l.Name, Solution: l.Solution, Amount: l.Amount, Waived: l.Waived})
		}
		return out
	}
	if d := Compare(issued(), a); len(d) != 0 {
		t.Errorf("Compare(same) = %v, want none", d)
	}

	changed := issued()
	changed[5].Amount++ // 4601 Q2
	d := Compare(changed, a)
	if len(d) != 1 || d[0].Number != "4601" || d[0].Quarter != 2 || d[0].Field != "amount" || d[0].Delta() != 1 {
		t.Errorf("Compare(one øre more) = %+v, want 4601 Q2 amount +1", d)
	}

	removed := issued()[1:]
	d = Compare(removed, a)
	if len(d) != 1 || d[0].Issued != nil || d[0].Number != "0301" || d[0].Quarter != 1 || d[0].Delta() != -25 {
		t.Errorf("Compare(first line removed) = %+v, want 0301 Q1 missing, -0.25 (a quarter of the 1.00 pool)", d)
	}

	added := append(issued(), IssuedLine{Year: 2020, Quarter: 1, Number: "5001", Name: "C", Solution: "soknad", Amount: 7})
	d = Compare(added, a)
	if len(d) != 1 || d[0].Recomputed != nil || d[0].Number != "5001" || d[0].Delta() != 7 {
		t.Errorf("Compare(line added) = %+v, want 5001 extra, +0.07", d)
	}
}

func TestExplain(t *testing.T) {
	// Three equal populations share 400 øre a year:
	// 100 per quarter, 33.33… each: one leftover øre, to 0001.
	a, err := Allocate(smallTariff(400), []Municipality{
		{Number: "0003", Name: "C", Population: 5},
		{Number: "0001", Name: "A", Population: 5},
		{Number: "0002", Name: "B", Population: 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := Explain(a, "0002")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Items) != 4 || e.InvoiceID != "DIGISOS-2020-0002" {
		t.Fatalf("Explain(0002) = %d items, id %s; want 4 and DIGISOS-2020-0002", len(e.Items), e.InvoiceID)
	}
	it := e.Items[0]
	if it.Line.Rounding.Rank != 2 || it.Line.Rounding.Leftover || it.Leftovers != 1 || len(it.Ties) != 2 ||
		it.Ties[0].Number != "0001" || it.Ties[1].Number != "0003" {
		t.Errorf("Explain(0002) Q1 = rank %d leftover %v leftovers %d ties %v; want rank 2, no, 1, [0001 0003]",
			it.Line.Rounding.Rank, it.Line.Rounding.Leftover, it.Leftovers, it.Ties)
	}
	if got := it.Line.Rounding.Exact().RatString(); got != "100/3" {
		t.Errorf("exact share = %s øre, want 100/3", got)
	}
	if _, err := Explain(a, "9999"); err == nil {
		t.Error("Explain(9999) succeeded for a municipality not in the input")
	}
}
