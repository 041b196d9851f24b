package cli

import (
	"io"
	"path/filepath"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/tomlio"
)

// ehfOptions are the flags of a format that writes invoices (EHF): who
// issues them and to whom, their date and terms.
type ehfOptions struct {
	seller    string
	buyers    string
	issueDate time.Time
	dueDays   int
	noPDF     bool // leave out the calculation basis each invoice carries as a PDF
}

// parties are the seller and buyers files, read and checked before the
// computation, and their records.
type parties struct {
	seller billing.Seller
	buyers *csvio.Buyers
	inputs []record.Input
}

// readParties reads the seller and buyers files; the buyers file is read
// with the input files' encoding.
func readParties(o ehfOptions, encoding string) (*parties, error) {
	seller, sellerRec, err := readInput("seller", o.seller, tomlio.ReadSeller, func(billing.Seller) (int, []string) { return 1, nil })
	if err != nil {
		return nil, err
	}
	buyers, buyersRec, err := readInput("buyers", o.buyers, func(rd io.Reader, name string) (*csvio.Buyers, error) {
		return csvio.ReadBuyers(rd, name, csvio.Options{Encoding: encoding})
	}, func(b *csvio.Buyers) (int, []string) { return b.Len(), nil })
	if err != nil {
		return nil, err
	}
	return &parties{seller: seller, buyers: buyers, inputs: []record.Input{sellerRec, buyersRec}}, nil
}

// format returns the parties as a format renders them; nil gives none.
func (p *parties) format() format.Parties {
	if p == nil {
		return format.Parties{}
	}
	return format.Parties{Seller: p.seller, Buyer: func(n string) billing.Buyer { b, _ := p.buyers.Find(n); return b }}
}

// addTo records the parties' files as inputs of r, after the others.
func (p *parties) addTo(r *run) {
	if p == nil {
		return
	}
	for _, in := range p.inputs {
		r.add(in)
	}
}

// checkInvoiced requires a buyer for every municipality of the input that
// is invoiced in r's allocation.
func (p *parties) checkInvoiced(r *run) error {
	if p == nil {
		return nil
	}
	invoiced := map[string]bool{}
	for _, m := range r.alloc.Municipalities {
		invoiced[m.Number] = m.Amount != 0
	}
	if err := p.buyers.Check(r.input, invoiced); err != nil {
		return failure(err)
	}
	return nil
}

// folderOutput records a folder of files: each file's hash, and the hash
// of their listing as sha256sum prints it ("hash  name\n", by name).
func folderOutput(dir, format string, files []outfile.File) *record.Output {
	recs := make([]record.OutputFile, len(files))
	for i, f := range files {
		recs[i] = record.OutputFile{Name: f.Path, SHA256: record.Hash(f.Data)}
	}
	return record.NewFolderOutput(filepath.Base(dir), format, recs)
}
