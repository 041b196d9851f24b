package billing

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// tariff2020 mirrors the built-in 2020 tariff; tomlio's tests pin that the
// built-in one is the same.
func tariff2020() Tariff {
	return Tariff{
		Year:       2020,
		AnnualCost: 340_000_000,
		Shares: []Share{
			{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")},
			{Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")},
		},
		Waivers:        []Waiver{{Solution: "innsyn", Quarters: []Quarter{1, 2}, Reason: "pilot delayed"}},
		PopulationDate: date("2020-01-01"),
	}
}

// smallTariff has one solution, so each test pool is easy to follow.
func smallTariff(cost Money) Tariff {
	return Tariff{Year: 2020, AnnualCost: cost, Shares: []Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
}

func TestApportion(t *testing.T) {
	tests := []struct {
		name    string
		total   Money
		weights []int64
		want    []Money
	}{
		{"one part takes all", 100, []int64{7}, []Money{100}},
		{"even split", 100, []int64{1, 1, 1, 1}, []Money{25, 25, 25, 25}},
		// 10 over three equal parts: 3.33 each, one øre left; the tie goes to the lowest index.
		{"tie goes to the first", 10, []int64{1, 1, 1}, []Money{4, 3, 3}},
		// 10 × 1/6 = 1.67, 10 × 2/6 = 3.33, 10 × 3/6 = 5: the largest remainder (.67) gets the øre.
		{"largest remainder wins", 10, []int64{1, 2, 3}, []Money{2, 3, 5}},
		{"zero weight gets nothing", 10, []int64{0, 1, 1}, []Money{0, 5, 5}},
		{"zero total", 0, []int64{3, 4}, []Money{0, 0}},
		// The annual cost by share, then a solution over quarters.
		{"2020 shares", 340_000_000, []int64{5, 5}, []Money{170_000_000, 170_000_000}},
		{"odd øre over quarters", 170_000_003, []int64{1, 1, 1, 1}, []Money{42_500_001, 42_500_001, 42_500_001, 42_500_000}},
	}
	for _, tt := range tests {
		got := apportion(tt.total, tt.weights)
		var sum Money
		for i, r := range got {
			sum += r.Amount()
			if r.Amount() != tt.want[i] {
				t.Errorf("%s: apportion(%d, %v)[%d] = %d, want %d", tt.name, tt.total, tt.weights, i, r.Amount(), tt.want[i])
			}
		}
		if sum != tt.total {
			t.Errorf("%s: apportion(%d, %v) sums to %d, want %d", tt.name, tt.total, tt.weights, sum, tt.total)
		}
	}
}

func TestAllocate(t *testing.T) {
	type want struct {
		number string
		q      Quarter
		amount Money
	}
	tests := []struct {
		name  string
		cost  Money
		ms    []Municipality
		lines []want // soknad lines, in output order
		unall Money
	}{
		{
			name:  "one municipality gets every pool",
			cost:  1000,
			ms:    []Municipality{{Number: "0301", Name: "Oslo", Population: 5}},
			lines: []want{{"0301", 1, 250}, {"0301", 2, 250}, {"0301", 3, 250}, {"0301", 4, 250}},
		},
		{
			// Each quarter's pool is 1 øre: equal remainders, equal
			// populations, so the lower number wins.
			name: "tie on population goes to the lower number",
			cost: 4,
			ms: []Municipality{
				{Number: "5001", Name: "B", Population: 10},
				{Number: "0301", Name: "A", Population: 10},
			},
			lines: []want{{"0301", 1, 1}, {"0301", 2, 1}, {"0301", 3, 1}, {"0301", 4, 1}, {"5001", 1, 0}, {"5001", 2, 0}, {"5001", 3, 0}, {"5001", 4, 0}},
		},
		{
			// Pool 1 øre over 2 and 1 inhabitants: remainders 2/3 and 1/3.
			// The larger remainder wins though its number is higher.
			name: "remainder before number",
			cost: 4,
			ms: []Municipality{
				{Number: "0301", Name: "A", Population: 1},
				{Number: "5001", Name: "B", Population: 2},
			},
			lines: []want{{"0301", 1, 0}, {"0301", 2, 0}, {"0301", 3, 0}, {"0301", 4, 0}, {"5001", 1, 1}, {"5001", 2, 1}, {"5001", 3, 1}, {"5001", 4, 1}},
		},
		{
			name: "zero population takes part but pays nothing",
			cost: 400,
			ms: []Municipality{
				{Number: "0301", Name: "A", Population: 0},
				{Number: "5001", Name: "B", Population: 3},
			},
			lines: []want{{"0301", 1, 0}, {"0301", 2, 0}, {"0301", 3, 0}, {"0301", 4, 0}, {"5001", 1, 100}, {"5001", 2, 100}, {"5001", 3, 100}, {"5001", 4, 100}},
		},
		{
			name:  "all populations zero: nothing allocated",
			cost:  400,
			ms:    []Municipality{{Number: "0301", Name: "A", Population: 0}},
			lines: []want{{"0301", 1, 0}, {"0301", 2, 0}, {"0301", 3, 0}, {"0301", 4, 0}},
			unall: 400,
		},
		{
			name: "a pool nobody takes part in is unallocated",
			cost: 400,
			ms: []Municipality{{Number: "0301", Name: "A", Population: 7,
				Starts: map[string]Start{"soknad": From(date("2020-04-01"))}}},
			lines: []want{{"0301", 2, 100}, {"0301", 3, 100}, {"0301", 4, 100}},
			unall: 100,
		},
		{
			name: "start dates before, on the last day of, and after a quarter",
			cost: 400,
			ms: []Municipality{
				{Number: "0001", Name: "Before", Population: 1, Starts: map[string]Start{"soknad": From(date("2019-12-31"))}},
				{Number: "0002", Name: "LastDay", Population: 1, Starts: map[string]Start{"soknad": From(date("2020-06-30"))}},
				{Number: "0003", Name: "After", Population: 1, Starts: map[string]Start{"soknad": From(date("2021-01-01"))}},
				{Number: "0004", Name: "Never", Population: 1, Starts: map[string]Start{"soknad": Never()}},
			},
			lines: []want{{"0001", 1, 100}, {"0001", 2, 50}, {"0001", 3, 50}, {"0001", 4, 50}, {"0002", 2, 50}, {"0002", 3, 50}, {"0002", 4, 50}},
		},
	}
	for _, tt := range tests {
		a, err := Allocate(smallTariff(tt.cost), tt.ms)
		if err != nil {
			t.Fatalf("%s: Allocate: %v", tt.name, err)
		}
		if len(a.Lines) != len(tt.lines) {
			t.Fatalf("%s: Allocate gave %d lines, want %d: %+v", tt.name, len(a.Lines), len(tt.lines), a.Lines)
		}
		for i, l := range a.Lines {
			w := tt.lines[i]
			if l.Number != w.number || l.Quarter != w.q || l.Amount != w.amount {
				t.Errorf("%s: line %d = %s Q%d %d, want %s Q%d %d", tt.name, i, l.Number, l.Quarter, l.Amount, w.number, w.q, w.amount)
			}
		}
		if a.Totals.Unallocated != tt.unall {
			t.Errorf("%s: unallocated = %d, want %d", tt.name, a.Totals.Unallocated, tt.unall)
		}
		if got := a.Totals.Invoiced + a.Totals.Waived + a.Totals.Unallocated; got != tt.cost {
			t.Errorf("%s: invoiced+waived+unallocated = %d, want %d", tt.name, got, tt.cost)
		}
	}
}

func TestAllocateWaiver(t *testing.T) {
	a, err := Allocate(tariff2020(), []Municipality{
		{Number: "0301", Name: "Oslo", Population: 693494},
		{Number: "4601", Name: "Bergen", Population: 283929},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range a.Lines {
		waived := l.Solution == "innsyn" && l.Quarter <= 2
		if waived && (l.Amount != 0 || l.Waived == 0) {
			t.Errorf("%s Q%d %s: amount %s waived %s, want the share waived", l.Number, l.Quarter, l.Solution, l.Amount, l.Waived)
		}
		if !waived && (l.Waived != 0 || l.Amount == 0) {
			t.Errorf("%s Q%d %s: amount %s waived %s, want the share invoiced", l.Number, l.Quarter, l.Solution, l.Amount, l.Waived)
		}
	}
	// innsyn Q1+Q2 is a quarter of the annual cost: 850,000.00.
	if a.Totals.Waived != 85_000_000 || a.Totals.Invoiced != 255_000_000 {
		t.Errorf("waived %s invoiced %s, want 850000.00 and 2550000.00", a.Totals.Waived, a.Totals.Invoiced)
	}
}

func TestAllocateRejects(t *testing.T) {
	tests := []struct {
		name string
		ms   []Municipality
		want error
	}{
		{"duplicate", []Municipality{{Number: "0301", Name: "A", Population: 1}, {Number: "0301", Name: "B", Population: 1}}, ErrDuplicateMunicipality},
		{"short number", []Municipality{{Number: "301", Name: "A", Population: 1}}, ErrMunicipalityNumber},
		{"negative population", []Municipality{{Number: "0301", Name: "A", Population: -1}}, ErrPopulation},
		{"empty name", []Municipality{{Number: "0301", Name: " ", Population: 1}}, ErrEmptyName},
		{"unknown solution", []Municipality{{Number: "0301", Name: "A", Population: 1, Starts: map[string]Start{"chat": Always()}}}, ErrUnknownSolution},
	}
	for _, tt := range tests {
		if _, err := Allocate(tariff2020(), tt.ms); !errors.Is(err, tt.want) {
			t.Errorf("%s: Allocate = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestTariffValidate(t *testing.T) {
	bad := func(f func(*Tariff)) Tariff { t := tariff2020(); f(&t); return t }
	tests := []struct {
		name  string
		t     Tariff
		field string
	}{
		{"shares sum to 0.9", bad(func(t *Tariff) { t.Shares[1].Ratio = decimal.RequireFromString("0.4") }), "shares"},
		{"negative cost", bad(func(t *Tariff) { t.AnnualCost = -1 }), "annual_cost"},
		{"quarter 5", bad(func(t *Tariff) { t.Waivers[0].Quarters = []Quarter{5} }), "waiver"},
		{"unknown solution", bad(func(t *Tariff) { t.Waivers[0].Solution = "chat" }), "waiver"},
		{"two shares for one solution", bad(func(t *Tariff) { t.Shares[1].Solution = "soknad" }), "shares"},
	}
	for _, tt := range tests {
		var te *TariffError
		if err := tt.t.Validate(); !errors.As(err, &te) || te.Field != tt.field {
			t.Errorf("%s: Validate() = %v, want a TariffError on %s", tt.name, err, tt.field)
		}
	}
	if err := tariff2020().Validate(); err != nil {
		t.Errorf("Validate() of the 2020 tariff = %v, want nil", err)
	}
}

func TestIndexCost(t *testing.T) {
	tests := []struct {
		prev     Money
		from, to string
		want     Money
	}{
		// 3,400,000.00 × 116.1 ÷ 112.2 = 3,518,181.8181… → 3,518,181.82
		{340_000_000, "112.2", "116.1", 351_818_182},
		{100, "3", "2", 67},  // 66.67 → 67
		{1, "2", "1", 1},     // 0.5 øre rounds away from zero
		{3, "2", "1", 2},     // 1.5 → 2
		{100, "1", "1", 100}, // no change
	}
	for _, tt := range tests {
		got, err := IndexCost(tt.prev, decimal.RequireFromString(tt.from), decimal.RequireFromString(tt.to))
		if err != nil || got != tt.want {
			t.Errorf("IndexCost(%d, %s, %s) = %d, %v, want %d", tt.prev, tt.from, tt.to, got, err, tt.want)
		}
	}
}

func TestMoney(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want string
	}{{0, "0.00"}, {5, "0.05"}, {5491021, "54910.21"}, {340_000_000, "3400000.00"},
		{-1, "-0.01"}, {-913939, "-9139.39"}, {math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"}} {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", tt.m, got, tt.want)
		}
	}
	if _, err := ParseMoney("1.005"); !errors.Is(err, ErrInvalidMoney) {
		t.Errorf("ParseMoney(1.005) = %v, want ErrInvalidMoney", err)
	}
}
