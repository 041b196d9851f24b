package billing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

// Three municipalities share a cost of 1,000.00 NOK for one solution.
// Each quarter's pool of 250.00 is split by population: 250 × 1/3 =
// 83.333… for each, rounded down to 83.33; the øre left over go to the
// largest remainders, and equal remainders to the larger population, then
// the lower number. Vik starts in the third quarter.
func ExampleAllocate() {
	tariff := billing.Tariff{
		Year:       2020,
		AnnualCost: 100_000, // øre
		Shares:     []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}},
	}
	ms := []billing.Municipality{
		{Number: "0002", Name: "Dal", Population: 100},
		{Number: "0001", Name: "Ås", Population: 100},
		{Number: "0003", Name: "Vik", Population: 100, Starts: map[string]billing.Start{
			"soknad": billing.From(time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC)),
		}},
	}
	a, err := billing.Allocate(tariff, ms)
	if err != nil {
		panic(err)
	}
	for _, l := range a.Lines {
		pool, _ := a.Pool(l.Solution, l.Quarter)
		fmt.Printf("Q%d %s %-3s %7s  leftover øre: %v\n", l.Quarter, l.Number, l.Name, l.Amount, pool.Rounding(l).Leftover)
	}
	fmt.Println("invoiced", a.Totals.Invoiced)
	// Output:
	// Q1 0001 Ås   125.00  leftover øre: false
	// Q2 0001 Ås   125.00  leftover øre: false
	// Q3 0001 Ås    83.34  leftover øre: true
	// Q4 0001 Ås    83.34  leftover øre: true
	// Q1 0002 Dal  125.00  leftover øre: false
	// Q2 0002 Dal  125.00  leftover øre: false
	// Q3 0002 Dal   83.33  leftover øre: false
	// Q4 0002 Dal   83.33  leftover øre: false
	// Q3 0003 Vik   83.33  leftover øre: false
	// Q4 0003 Vik   83.33  leftover øre: false
	// invoiced 1000.00
}
