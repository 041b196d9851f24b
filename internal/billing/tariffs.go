package billing

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Tariffs is the table of tariffs by year, kept in year order.
type Tariffs []Tariff

// For returns the tariff of year, or an error naming the years there are.
func (ts Tariffs) For(year int) (Tariff, error) {
	for _, t := range ts {
		if t.Year == year {
			return t, nil
		}
	}
	years := make([]string, len(ts))
	for i, t := range ts {
		years[i] = strconv.Itoa(t.Year)
	}
	return Tariff{}, fmt.Errorf("%d: %w (tariffs exist for %s)", year, ErrNoTariff, strings.Join(years, ", "))
}

// Merge returns the table of ts with the tariffs of add: a year of add
// replaces that year of ts, the other years of ts are kept. A tariff of add
// with an Index has its cost derived from the year before (of add, or else
// of ts); they are resolved in year order, so a chain 2022 ← 2021 ← 2020
// works and a cycle cannot be written. Every tariff of add must be valid,
// and a year may be in add once. Errors are *TariffError naming the year
// and field; the result is in year order.
func (ts Tariffs) Merge(add Tariffs) (Tariffs, error) {
	byYear := make(map[int]Tariff, len(ts)+len(add))
	for _, t := range ts {
		byYear[t.Year] = t
	}
	seen := map[int]bool{}
	for _, t := range add {
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if seen[t.Year] {
			return nil, t.fail("year", ErrTariffYearTwice, "year %d is defined twice", t.Year)
		}
		seen[t.Year] = true
		if t.Index == nil {
			byYear[t.Year] = t
		}
	}
	if err := resolveIndexed(byYear, add); err != nil {
		return nil, err
	}
	out := make(Tariffs, 0, len(byYear))
	for _, t := range byYear {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Tariff) int { return a.Year - b.Year })
	return out, nil
}

// resolveIndexed gives each index-regulated tariff of add its cost from the
// year before in byYear, in year order, and puts it in byYear.
func resolveIndexed(byYear map[int]Tariff, add Tariffs) error {
	var indexed Tariffs
	for _, t := range add {
		if t.Index != nil {
			indexed = append(indexed, t)
		}
	}
	slices.SortFunc(indexed, func(a, b Tariff) int { return a.Year - b.Year })
	for _, t := range indexed {
		prev, ok := byYear[t.Year-1]
		if !ok {
			return t.fail("index", ErrTariff, "year %d is index-regulated from %d, which has no cost", t.Year, t.Year-1)
		}
		cost, err := IndexCost(prev.AnnualCost, t.Index.From, t.Index.To)
		if err != nil {
			return t.fail("index", ErrTariff, "%v", err)
		}
		index := *t.Index
		index.PreviousCost = prev.AnnualCost
		t.Index, t.AnnualCost = &index, cost
		byYear[t.Year] = t
	}
	return nil
}
