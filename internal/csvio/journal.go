package csvio

import (
	"bytes"
	"encoding/csv"

	"digisos-invoice/internal/format"
)

// RenderDocuments writes the journal's documents, for accounting to
// import or reconcile against; the chain's head is said on stderr.
func (Format) RenderDocuments(l *format.Listing) (format.Output, error) {
	rows := make([][]string, len(l.Documents))
	for i, d := range l.Documents {
		rows[i] = d.Fields()
	}
	data, err := writeRows(format.DocumentColumns, rows)
	return format.Output{Data: data, Done: l.Journal + ": " + l.HeadLine()}, err
}

// RenderBalances writes the balances.
func (Format) RenderBalances(bs []format.Balance) (format.Output, error) {
	rows := make([][]string, len(bs))
	for i, b := range bs {
		rows[i] = b.Fields()
	}
	data, err := writeRows(format.BalanceColumns, rows)
	return format.Output{Data: data}, err
}

// writeRows writes a header and rows with encoding/csv.
func writeRows(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(header)
	err := cw.WriteAll(rows) // flushes, and says the first error
	return b.Bytes(), err
}
