package textio

import (
	"fmt"
	"io"
	"text/tabwriter"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// WriteVerification writes every difference and a summary.
func WriteVerification(w io.Writer, v record.Verification) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(v.Differences) > 0 {
		fmt.Fprintf(tw, "municipality\tquarter\tsolution\tfield\tissued\trecomputed\tdifference\n")
	}
	changed, missing, extra := 0, 0, 0
	for _, d := range v.Differences {
		issued, re := "missing", "missing"
		switch {
		case d.Issued == nil:
			missing++
		case d.Recomputed == nil:
			extra++
		default:
			changed++
		}
		if d.Issued != nil {
			issued = d.Issued.String()
		}
		if d.Recomputed != nil {
			re = d.Recomputed.String()
		}
		fmt.Fprintf(tw, "%s %s\tQ%d\t%s\t%s\t%s\t%s\t%s\n", d.Number, d.Name, d.Quarter, d.Solution, d.Field, issued, re, signed(d.Delta()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range v.Provenance {
		fmt.Fprintf(w, "provenance: %s\n", p)
	}
	if v.Identical() {
		_, err := fmt.Fprintf(w, "identical: the %d lines of %s match a fresh computation of %d to the øre\n", v.IssuedLines, v.Issued, v.Year)
		return err
	}
	_, err := fmt.Fprintf(w, "differs: %s has %d lines, a fresh computation of %d has %d: %d amounts differ, %d lines missing, %d lines extra, %d provenance differences\n",
		v.Issued, v.IssuedLines, v.Year, v.Recomputed, changed, missing, extra, len(v.Provenance))
	return err
}

func signed(m billing.Money) string {
	if m > 0 {
		return "+" + m.String()
	}
	return m.String()
}
