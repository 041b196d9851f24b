package refdata

import (
	"bytes"
	"strings"
	"testing"

	"digisos-invoice/internal/csvio"
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

// BenchmarkRegister measures what a run pays once for the built-in
// register: reading the embedded KLASS file.
func BenchmarkRegister(b *testing.B) {
	for b.Loop() {
		parsed.Clear()
		if _, _, ok := Register(2020); !ok {
			b.Fatal("no register of 2020")
		}
	}
}

// TestRegisterAsChecked reads each embedded register with csvio's checked
// reader too: the same numbers, names and validity as the quick read.
func TestRegisterAsChecked(t *testing.T) {
	for _, r := range registers {
		checked, err := csvio.ReadRegister(bytes.NewReader(mustRead(r.file)), r.file, csvio.Options{})
		if err != nil {
			t.Fatalf("%s: %v", r.file, err)
		}
		quick := register(r.file)
		if quick.Len() != checked.Len() || !quick.From.Equal(checked.From) || !quick.To.Equal(checked.To) {
			t.Errorf("%s: %d codes valid %v-%v, checked %d valid %v-%v", r.file, quick.Len(), quick.From, quick.To, checked.Len(), checked.From, checked.To)
		}
		for _, s := range mustRows(t, r.file) {
			if a, _ := checked.Name(s); a != func() string { n, _ := quick.Name(s); return n }() {
				t.Errorf("%s: %s is %q checked", r.file, s, a)
			}
		}
	}
}

func mustRows(t *testing.T, file string) []string {
	t.Helper()
	var codes []string
	for i, line := range strings.Split(strings.TrimSpace(string(mustRead(file))), "\n") {
		if i > 0 {
			codes = append(codes, strings.SplitN(line, ",", 2)[0])
		}
	}
	return codes
}

// BenchmarkRenumbering measures reading the embedded 2019-2020 table,
// which a run reads only when a number is not in the register.
func BenchmarkRenumbering(b *testing.B) {
	for b.Loop() {
		parsed.Clear()
		if _, _, ok := Renumbering(2020); !ok {
			b.Fatal("no renumbering of 2020")
		}
	}
}
