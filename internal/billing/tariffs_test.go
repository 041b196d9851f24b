package billing

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// indexed returns a tariff of year regulated by to ÷ from from the year before.
func indexed(year int, from, to string) Tariff {
	t := tariff2020()
	t.Year, t.AnnualCost, t.Waivers = year, 0, nil
	t.PopulationDate = date("2020-01-01").AddDate(year-2020, 0, 0)
	t.Index = &Index{Name: "KPI", From: decimal.RequireFromString(from), To: decimal.RequireFromString(to)}
	return t
}

func given(year int, cost Money) Tariff {
	t := indexed(year, "1", "1")
	t.Index, t.AnnualCost = nil, cost
	return t
}

func TestTariffsMerge(t *testing.T) {
	base := Tariffs{tariff2020()}
	tests := []struct {
		name string
		add  Tariffs
		want map[int]Money // year → cost; every year of the result
	}{
		{"a year added", Tariffs{given(2022, 100)}, map[int]Money{2020: 340_000_000, 2022: 100}},
		{"a year replaced", Tariffs{given(2020, 100)}, map[int]Money{2020: 100}},
		// 3,400,000.00 × 116.1 ÷ 112.2 = 3,518,181.8181… → 3,518,181.82
		{"indexed from the base", Tariffs{indexed(2021, "112.2", "116.1")}, map[int]Money{2020: 340_000_000, 2021: 351_818_182}},
		// Written out of order: 2022 from 2021 from the replaced 2020.
		{"a chain over a replaced year", Tariffs{indexed(2022, "2", "3"), given(2020, 10_000), indexed(2021, "112.2", "116.1")},
			map[int]Money{2020: 10_000, 2021: 10_348, 2022: 15_522}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := base.Merge(tt.add)
			if err != nil {
				t.Fatalf("Merge = %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Merge gave %d years, want %d", len(got), len(tt.want))
			}
			for i, tf := range got {
				if i > 0 && got[i-1].Year >= tf.Year {
					t.Errorf("years out of order: %d before %d", got[i-1].Year, tf.Year)
				}
				if tf.AnnualCost != tt.want[tf.Year] {
					t.Errorf("%d: cost %s, want %s", tf.Year, tf.AnnualCost, tt.want[tf.Year])
				}
				if tf.Index != nil && tf.Index.PreviousCost != tt.want[tf.Year-1] {
					t.Errorf("%d: previous cost %s, want %s", tf.Year, tf.Index.PreviousCost, tt.want[tf.Year-1])
				}
			}
		})
	}
	if len(base) != 1 || base[0].AnnualCost != 340_000_000 {
		t.Errorf("Merge changed the table it was called on: %+v", base)
	}
}

func TestTariffsMergeErrors(t *testing.T) {
	bad := given(2022, 100)
	bad.Shares = bad.Shares[:1]
	tests := []struct {
		name  string
		add   Tariffs
		year  int
		field string
		kind  error
		msg   string
	}{
		{"no year before", Tariffs{indexed(2023, "1", "2")}, 2023, "index", ErrTariff, "year 2023 is index-regulated from 2022, which has no cost"},
		{"a year twice", Tariffs{given(2022, 1), given(2022, 2)}, 2022, "year", ErrTariffYearTwice, "year 2022 is defined twice"},
		{"an invalid tariff", Tariffs{bad}, 2022, "shares", ErrTariff, "shares sum to 0.5, not 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Tariffs{tariff2020()}.Merge(tt.add)
			var te *TariffError
			if !errors.As(err, &te) || te.Year != tt.year || te.Field != tt.field || !errors.Is(err, tt.kind) || te.Msg != tt.msg {
				t.Errorf("Merge = %#v, want year %d field %s %v %q", err, tt.year, tt.field, tt.kind, tt.msg)
			}
		})
	}
}

func TestTariffValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Tariff)
		field  string
		msg    string // the message starts with it
	}{
		{"the built-in year is valid", func(*Tariff) {}, "", ""},
		{"an unknown solution in the shares", func(t *Tariff) { t.Shares[1].Solution = "insyn" }, "shares", `unknown solution "insyn" (the solutions are soknad, innsyn)`},
		{"an unknown solution in a waiver", func(t *Tariff) { t.Waivers[0].Solution = "chat" }, "waiver", `unknown solution "chat"`},
		{"a quarter waived twice", func(t *Tariff) { t.Waivers[0].Quarters = []Quarter{1, 1} }, "waiver", "waiver for innsyn: quarter 1 is waived twice"},
		{"a quarter in two waivers", func(t *Tariff) {
			t.Waivers = append(t.Waivers, Waiver{Solution: "innsyn", Quarters: []Quarter{2}, Reason: "r"})
		},
			"waiver", "waiver for innsyn: quarter 2 is waived twice"},
		{"a waiver without a reason", func(t *Tariff) { t.Waivers[0].Reason = " " }, "waiver", "waiver for innsyn has no reason"},
		{"a population date two years before", func(t *Tariff) { t.PopulationDate = date("2018-01-01") }, "population_date", "2018-01-01 is not in 2019 or 2020"},
		{"a population date after the year", func(t *Tariff) { t.PopulationDate = date("2021-01-01") }, "population_date", "2021-01-01 is not in 2019 or 2020"},
		{"a population date the year before", func(t *Tariff) { t.PopulationDate = date("2019-12-31") }, "", ""},
		{"a year of five digits", func(t *Tariff) { t.Year = 20200 }, "year", "year 20200 is not a four-digit year"},
		{"an index without a name", func(t *Tariff) { t.Index = &Index{From: decimal.NewFromInt(1), To: decimal.NewFromInt(2)} }, "index", "name the index"},
		{"a long solution name is cut", func(t *Tariff) { t.Shares[0].Solution = strings.Repeat("x", 100) }, "shares",
			`unknown solution "` + strings.Repeat("x", 40) + `"… (`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tf := tariff2020()
			tf.Waivers = []Waiver{{Solution: "innsyn", Quarters: []Quarter{1, 2}, Reason: "pilot delayed"}}
			tt.change(&tf)
			err := tf.Validate()
			var te *TariffError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.field != "" && (!errors.As(err, &te) || te.Field != tt.field || !strings.HasPrefix(te.Msg, tt.msg)):
				t.Errorf("Validate = %v, want %s: %s…", err, tt.field, tt.msg)
			}
		})
	}
}

func TestTariffWarnings(t *testing.T) {
	tf := tariff2020()
	if w := tf.Warnings(); len(w) != 0 {
		t.Errorf("Warnings() on 1 January = %q, want none", w)
	}
	tf.PopulationDate = date("2020-07-01")
	if w := tf.Warnings(); len(w) != 1 || !strings.Contains(w[0], "2020-07-01 is not 1 January") {
		t.Errorf("Warnings() on 1 July = %q, want one naming the date", w)
	}
}
