package textio

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
)

// Verification is what verify found when it compared an issued file (or
// folder) with a fresh computation.
type Verification struct {
	Year int
	// What names what was compared, with its verb, for the summary: "the
	// 35 lines of lines.csv match", "the invoice DIGISOS-2020-0301.xml matches".
	What string
	// Manifest names the manifest compared too, if any.
	Manifest string
	// Issued names the issued file or folder.
	Issued string
	Report audit.Report
}

// WriteVerification writes every difference (where in the issued file,
// what it belongs to, the field, the issued and the recomputed value, and
// for amounts the difference), what is reported but not counted, the notes
// of form, and a summary.
func WriteVerification(w io.Writer, v Verification) error {
	r := v.Report
	if len(r.Differences) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "where\tsubject\tfield\tissued\trecomputed\tdifference")
		for _, d := range r.Differences {
			fmt.Fprintln(tw, strings.Join(row(d), "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, p := range r.Provenance {
		fmt.Fprintf(w, "provenance: %s\n", p)
	}
	for _, s := range r.Reported {
		fmt.Fprintf(w, "reported: %s\n", s)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	var err error
	if r.Identical() {
		also := ""
		if v.Manifest != "" {
			also = ", and so does the manifest " + v.Manifest
		}
		_, err = fmt.Fprintf(w, "identical: %s a fresh computation of %d to the øre%s\n", v.What, v.Year, also)
	} else {
		_, err = fmt.Fprintf(w, "differs: %s against a fresh computation of %d: %s\n", v.Issued, v.Year, r.Counts())
	}
	return err
}

// row is one difference as table cells; a side that lacks the item says
// "missing".
func row(d audit.Difference) []string {
	field := d.Path
	if field == "" {
		field = d.Item
	}
	issued, re := d.Issued, d.Recomputed
	switch d.Change {
	case audit.Missing:
		issued = "missing"
	case audit.Extra:
		re = "missing"
	}
	return []string{orDash(d.Where), orDash(d.Subject), orDash(field), orDash(issued), orDash(re), delta(d)}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// delta is issued − recomputed for two amounts written with two decimals,
// "" otherwise.
func delta(d audit.Difference) string {
	if d.Change != audit.Changed || !strings.Contains(d.Issued, ".") || !strings.Contains(d.Recomputed, ".") {
		return ""
	}
	is, err1 := billing.ParseMoney(d.Issued)
	re, err2 := billing.ParseMoney(d.Recomputed)
	if err1 != nil || err2 != nil {
		return ""
	}
	return signed(is - re)
}

func signed(m billing.Money) string {
	if m > 0 {
		return "+" + m.String()
	}
	return m.String()
}
