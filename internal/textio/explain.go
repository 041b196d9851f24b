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

// WriteExplanation writes, for people, why a municipality owes what it
// owes: for each of its lines the pool and how it was derived, the
// participants, the exact share as a fraction and a decimal, the rounding,
// the leftover øre and the ties, the final amount and any waiver.
func WriteExplanation(w io.Writer, e billing.Explanation) error {
	m, t := e.Municipality, e.Tariff
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s %s, invoice %s\n", m.Number, m.Name, e.InvoiceID)
	fmt.Fprintf(tw, "year %d, population %d on %s\n", t.Year, m.Population, t.PopulationDate.Format(time.DateOnly))
	fmt.Fprintf(tw, "tariff: annual cost %s NOK (%s), shares %s\n", t.AnnualCost, t.Source.Name, shares(t))
	fmt.Fprintf(tw, "total: amount %s NOK, waived %s NOK, over %d lines\n", m.Amount, m.Waived, len(e.Items))
	if len(e.Items) == 0 {
		fmt.Fprintf(tw, "\nno lines: the municipality uses no solution in %d\n", t.Year)
	}
	for _, it := range e.Items {
		l, p, r := it.Line, it.Pool, it.Rounding
		fmt.Fprintf(tw, "\nQ%d %s (%s)\n", l.Quarter, l.Solution, l.Start)
		ratio := ""
		for _, s := range t.Shares {
			if s.Solution == l.Solution {
				ratio = s.Ratio.String()
			}
		}
		fmt.Fprintf(tw, "  pool\t%s NOK: %s × %s = %s%s for %s; ÷ 4 = %s%s for Q%d\n", p.Amount,
			t.AnnualCost, ratio, exactNOK(p.SolutionSplit.Exact()), leftoverNote(p.SolutionSplit), l.Solution,
			exactNOK(p.QuarterSplit.Exact()), leftoverNote(p.QuarterSplit), l.Quarter)
		fmt.Fprintf(tw, "  participants\t%d municipalities, %d inhabitants\n", p.Participants, p.Population)
		if !p.Allocated {
			fmt.Fprintf(tw, "  not allocated\tthe participants have no inhabitants: the pool stays unallocated\n")
			fmt.Fprintf(tw, "  amount\t%s NOK\n", l.Amount)
			continue
		}
		exact := r.Exact()
		fmt.Fprintf(tw, "  exact share\t%s NOK × %d ÷ %d = %s øre = %s NOK\n", p.Amount, l.Population, p.Population, exact.RatString(), exactNOK(exact))
		rem := new(big.Rat).SetFrac64(r.Remainder, r.Denominator)
		fmt.Fprintf(tw, "  rounded down\t%s NOK, cutting off %s øre\n", r.Floor, decimalString(rem, 6))
		got := "no"
		if r.Leftover {
			got = "yes, +0.01 NOK"
		}
		fmt.Fprintf(tw, "  leftover øre\t%s: remainder rank %d of %d; the pool's %d leftover øre went to ranks 1-%d\n",
			got, r.Rank, p.Participants, it.Leftovers, it.Leftovers)
		if len(it.Ties) > 0 {
			var names []string
			for _, o := range it.Ties {
				names = append(names, fmt.Sprintf("%s %s (population %d, rank %d)", o.Number, o.Name, o.Population, o.Rank))
			}
			fmt.Fprintf(tw, "  tied with\t%s: equal remainders go to the larger population, then the lower number\n", strings.Join(names, "; "))
		}
		if l.Waived != 0 || p.Waiver != nil {
			fmt.Fprintf(tw, "  waived\t%s NOK: %s\n", l.Waived, p.Waiver.Reason)
		}
		fmt.Fprintf(tw, "  amount\t%s NOK\n", l.Amount)
	}
	return tw.Flush()
}

func shares(t billing.Tariff) string {
	var s []string
	for _, sh := range t.Shares {
		s = append(s, fmt.Sprintf("%s %s", sh.Solution, sh.Ratio))
	}
	return strings.Join(s, ", ")
}

func leftoverNote(r billing.Rounding) string {
	if r.Remainder == 0 {
		return ""
	}
	return fmt.Sprintf(" → %s", r.Amount())
}

// exactNOK writes an exact amount in øre as NOK, exactly when it has at
// most twelve decimals, else cut after twelve and followed by "…".
func exactNOK(ore *big.Rat) string {
	return decimalString(new(big.Rat).Quo(ore, big.NewRat(100, 1)), 12)
}

// decimalString writes r ≥ 0 with at least two and at most digits
// decimals, cut (not rounded), followed by "…" when cut.
func decimalString(r *big.Rat, digits int64) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(digits), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	q, rem := new(big.Int).QuoRem(n, r.Denom(), new(big.Int))
	s := new(big.Rat).SetFrac(q, scale).FloatString(int(digits))
	if rem.Sign() != 0 {
		return s + "…"
	}
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}
