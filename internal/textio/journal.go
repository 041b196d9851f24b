package textio

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"digisos-invoice/internal/format"
)

// RenderDocuments writes the journal's documents as a table, a dash for
// a missing due date or reference, and the chain's head after it.
func (Format) RenderDocuments(l *format.Listing) (format.Output, error) {
	var b bytes.Buffer
	writeDocuments(&b, l.Documents)
	fmt.Fprintln(&b, l.HeadLine())
	return format.Output{Data: b.Bytes()}, nil
}

func writeDocuments(w io.Writer, docs []format.Document) {
	if len(docs) == 0 {
		fmt.Fprintln(w, "no documents")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(format.DocumentColumns, "\t")))
	for _, d := range docs {
		row := d.Fields()
		for _, i := range []int{6, 9} { // due date, references
			if row[i] == "" {
				row[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

// RenderBalances writes the balances as a table, the amounts aligned
// right.
func (Format) RenderBalances(bs []format.Balance) (format.Output, error) {
	var b bytes.Buffer
	if len(bs) == 0 {
		fmt.Fprintln(&b, "nothing invoiced")
		return format.Output{Data: b.Bytes()}, nil
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(format.BalanceColumns, "\t"))+"\t")
	for _, x := range bs {
		fmt.Fprintln(tw, strings.Join(x.Fields(), "\t")+"\t")
	}
	tw.Flush()
	return format.Output{Data: b.Bytes()}, nil
}
