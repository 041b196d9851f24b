package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

// warnUnallocated reports each pool that nobody could be billed for. It is
// printed even with --quiet: money that is not invoiced must be seen.
func warnUnallocated(w io.Writer, a billing.Allocation) {
	for _, p := range a.Pools {
		if p.Allocated {
			continue
		}
		why := "no municipality uses it"
		if p.Participants > 0 {
			why = fmt.Sprintf("its %s %s 0 inhabitants", count(p.Participants, "participant", "participants"), plural(p.Participants, "has", "have"))
		}
		fmt.Fprintf(w, "%s: warning: %d %s Q%d: %s NOK not allocated: %s\n", prog, a.Tariff.Year, p.Solution, p.Quarter, p.Amount, why)
	}
}

// printSummary writes the run's summary for the person who ran it.
func printSummary(w io.Writer, a billing.Allocation) {
	var pop int64
	for _, m := range a.Municipalities {
		pop += m.Population
	}
	t := a.Totals
	fmt.Fprintf(w, "%s: %d: %s (%d inhabitants), %s. Annual cost %s NOK: invoiced %s, waived %s, unallocated %s.\n",
		prog, a.Tariff.Year, count(len(a.Municipalities), "municipality", "municipalities"), pop, count(len(a.Lines), "line", "lines"), t.AnnualCost, t.Invoiced, t.Waived, t.Unallocated)
	var rates []string
	for _, p := range a.Pools {
		r := "-"
		if p.Allocated {
			r = p.Amount.Decimal().DivRound(decimal.NewFromInt(p.Population), 6).StringFixed(6)
		}
		if p.Waiver != nil {
			r += " waived"
		}
		rates = append(rates, fmt.Sprintf("%s Q%d %s", p.Solution, p.Quarter, r))
	}
	fmt.Fprintf(w, "%s: NOK per inhabitant (rounded to 6 decimals): %s.\n", prog, strings.Join(rates, ", "))
}

// count writes n with the noun in its number: "1 municipality", "7 municipalities".
func count(n int, one, many string) string { return strconv.Itoa(n) + " " + plural(n, one, many) }

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
