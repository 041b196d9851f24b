// Package textio writes reports for people to read: the tariff table and,
// for auditors, the explanation of a municipality's lines and verify's
// report of how an issued file differs from a fresh computation.
package textio

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	"digisos-invoice/internal/billing"
)

// WriteTariffs writes the effective tariff table: for each year the annual
// cost and how it was derived (given, or the index arithmetic step by
// step), the shares, the waivers and the population date.
func WriteTariffs(w io.Writer, ts billing.Tariffs) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, t := range ts {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%d\n", t.Year)
		fmt.Fprintf(tw, "  source\t%s (sha256 %s)\n", t.Source.Name, t.Source.SHA256)
		fmt.Fprintf(tw, "  annual cost\t%s NOK\n", t.AnnualCost)
		if ix := t.Index; ix != nil {
			exact := new(big.Rat).Mul(ix.PreviousCost.Decimal().Rat(), ix.To.Rat())
			exact.Quo(exact, ix.From.Rat())
			fmt.Fprintf(tw, "  derived\tindex-regulated by %s: cost of %d × %s ÷ %s\n", ix.Name, t.Year-1, ix.To, ix.From)
			fmt.Fprintf(tw, "\t= %s × %s ÷ %s\n", ix.PreviousCost, ix.To, ix.From)
			fmt.Fprintf(tw, "\t= %s\n", exactString(exact))
			fmt.Fprintf(tw, "\t→ %s (rounded half away from zero to whole øre)\n", t.AnnualCost)
		} else {
			fmt.Fprintf(tw, "  derived\tgiven\n")
		}
		var shares []string
		for _, s := range t.Shares {
			shares = append(shares, fmt.Sprintf("%s %s", s.Solution, s.Ratio))
		}
		fmt.Fprintf(tw, "  shares\t%s\n", strings.Join(shares, ", "))
		if len(t.Waivers) == 0 {
			fmt.Fprintf(tw, "  waivers\tnone\n")
		}
		for j, wv := range t.Waivers {
			label := "  waivers"
			if j > 0 {
				label = ""
			}
			qs := make([]string, len(wv.Quarters))
			for k, q := range wv.Quarters {
				qs[k] = fmt.Sprintf("Q%d", q)
			}
			fmt.Fprintf(tw, "%s\t%s %s: %s\n", label, wv.Solution, strings.Join(qs, ", "), wv.Reason)
		}
		fmt.Fprintf(tw, "  population date\t%s\n", t.PopulationDate.Format(time.DateOnly))
		if t.Note != "" {
			fmt.Fprintf(tw, "  note\t%s\n", t.Note)
		}
	}
	return tw.Flush()
}

// exactString writes r ≥ 0 with up to ten decimals, cut and followed by
// "…" when it has more.
func exactString(r *big.Rat) string {
	return strings.TrimSuffix(decimalString(r, 10), ".00")
}
