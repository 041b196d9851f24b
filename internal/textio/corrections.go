package textio

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

// ChainCheck is what verify found when it checked a chain of records of a
// year and its end against a fresh computation.
type ChainCheck struct {
	Year  int
	Files []string // in chain order
	// Problems are the broken links, in words.
	Problems []string
	// Unrecorded are the lines where what stands invoiced at the end plus
	// its unsettled difference is not the fresh computation: Issued is
	// that sum, Corrected the fresh amount.
	Unrecorded []correction.Change
	Lines      int               // lines of the last record
	Totals     correction.Totals // of the last record
}

// OK reports whether the chain holds and accounts for the computation.
func (v ChainCheck) OK() bool { return len(v.Problems) == 0 && len(v.Unrecorded) == 0 }

// WriteChain writes every broken link and unrecorded difference, and a
// summary.
func WriteChain(w io.Writer, v ChainCheck) error {
	for _, p := range v.Problems {
		fmt.Fprintf(w, "broken: %s\n", p)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(v.Unrecorded) > 0 {
		fmt.Fprintf(tw, "municipality\tquarter\tsolution\tstands + unsettled\trecomputed\tdifference\n")
	}
	for _, d := range v.Unrecorded {
		fmt.Fprintf(tw, "%s %s\tQ%d\t%s\t%s\t%s\t%s\n", d.Number, d.Name, d.Quarter, d.Solution, d.Issued, d.Corrected, plus(d.Difference()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	chain := strings.Join(v.Files, " → ")
	if v.OK() {
		_, err := fmt.Fprintf(w, "identical: the chain %s holds, and its %d lines (%s NOK invoiced + %s NOK unsettled on %d lines) match a fresh computation of %d to the øre\n",
			chain, v.Lines, v.Totals.Invoiced, v.Totals.Unsettled, v.Totals.UnsettledLines, v.Year)
		return err
	}
	_, err := fmt.Fprintf(w, "differs: the chain %s: %d broken links, %d lines not accounted for by a fresh computation of %d\n",
		chain, len(v.Problems), len(v.Unrecorded), v.Year)
	return err
}

// WriteHistory writes, for people, the documents of one municipality in a
// chain of records and what stands invoiced to it now.
func WriteHistory(w io.Writer, h correction.History) error {
	fmt.Fprintf(w, "\nissued: invoice %s, %d correction documents\n", orNone(h.Invoice), len(h.Documents))
	for _, d := range h.Documents {
		date := "no date"
		if !d.IssueDate.IsZero() {
			date = d.IssueDate.Format(time.DateOnly)
		}
		fmt.Fprintf(w, "  %s  %s of correction %d, %s, corrects %s: %s NOK (%s)\n",
			d.ID, strings.ReplaceAll(string(d.Kind), "_", " "), d.Correction, date, orNone(d.Corrects), plus(d.Total()), strings.Join(d.Notes, "; "))
		for _, c := range d.Lines {
			fmt.Fprintf(w, "    Q%d %s  %s → %s  %s\n", c.Quarter, c.Solution, c.Issued, c.Corrected, plus(c.Difference()))
		}
	}
	var unsettled billing.Money
	for _, l := range h.Lines {
		unsettled += l.Unsettled()
	}
	_, err := fmt.Fprintf(w, "stands invoiced: %s NOK over %d lines; unsettled %s NOK\n", h.Invoiced(), len(h.Lines), unsettled)
	return err
}

// plus writes m with its sign: "+0.01", "-0.01", "0.00".
func plus(m billing.Money) string {
	if m > 0 {
		return "+" + m.String()
	}
	return m.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
