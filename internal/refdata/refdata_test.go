package refdata

import (
	"testing"
)

func TestRegisters(t *testing.T) {
	for _, tt := range []struct {
		year  int
		codes int
		name  string // of 5001
	}{
		{2020, 356, "Trondheim"}, {2021, 356, "Trondheim"}, {2022, 356, "Trondheim"},
		{2023, 356, "Trondheim - Tråante"}, {2024, 357, "Trondheim - Tråante"},
	} {
		reg, _, ok := Register(tt.year)
		if !ok {
			t.Fatalf("Register(%d): none", tt.year)
		}
		if reg.Len() != tt.codes {
			t.Errorf("Register(%d).Len() = %d, want %d", tt.year, reg.Len(), tt.codes)
		}
		if got, _ := reg.Name("5001"); got != tt.name {
			t.Errorf("Register(%d).Name(5001) = %q, want %q", tt.year, got, tt.name)
		}
		if checked, err := reg.CheckYear(tt.year); !checked || err != nil {
			t.Errorf("Register(%d).CheckYear = %v, %v; want valid all year", tt.year, checked, err)
		}
	}
	for _, y := range []int{2019, 2025} {
		if _, _, ok := Register(y); ok {
			t.Errorf("Register(%d): built in, want none", y)
		}
	}
}

// TestRenumberingTargets checks that every successor named by a
// renumbering table is in the register of its new year, under that name.
func TestRenumberingTargets(t *testing.T) {
	for _, year := range []int{2020, 2024} {
		rn, _, ok := Renumbering(year)
		if !ok {
			t.Fatalf("Renumbering(%d): none", year)
		}
		reg, _, _ := Register(year)
		if rn.On.Year() != year {
			t.Errorf("Renumbering(%d).On = %v", year, rn.On)
		}
		if n := rn.Targets(); len(n) != reg.Len() {
			t.Errorf("Renumbering(%d) has %d target numbers, the register %d", year, len(n), reg.Len())
		}
		for _, s := range rn.Targets() {
			if name, ok := reg.Name(s.Number); !ok || name != s.Name {
				t.Errorf("Renumbering(%d): successor %s %q; the register has %q, %v", year, s.Number, s.Name, name, ok)
			}
		}
	}
	rn, _, _ := Renumbering(2021)
	reg, _, _ := Register(2021)
	if got, want := rn.Hint("1201", reg), "1201 became 4601 (Bergen) on 2020-01-01"; got != want {
		t.Errorf("Hint(1201) for 2021 = %q, want %q", got, want)
	}
}

func TestTotals(t *testing.T) {
	for y, want := range map[int]int64{2020: 5367580, 2021: 5391369} {
		if got, ok := Population(y); !ok || got != want {
			t.Errorf("Population(%d) = %d, %v; want %d", y, got, ok, want)
		}
	}
	if len(Totals()) != len(totals) {
		t.Errorf("Totals() has %d dates, want %d", len(Totals()), len(totals))
	}
}
