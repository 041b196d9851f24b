package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/tomlio"
)

// correctEHFOptions are correct's flags for --format ehf: calculate's, and
// the issue date of the invoices corrected where the record lacks it.
type correctEHFOptions struct {
	ehfOptions
	originalIssueDate time.Time // zero when not given
}

// correctionEHF writes one EHF document per document of c: its buyers
// come from the buyers file, and a document that corrects an invoice
// refers to it with its issue date.
func correctionEHF(o correctEHFOptions, c correction.Correction, r *run, encoding string) ([]outfile.File, error) {
	if undated := c.Undated(); len(undated) > 0 {
		return nil, usageError("%s and %d more invoices corrected have no issue date in --issued: give it with --original-issue-date YYYY-MM-DD, as the invoices were sent",
			undated[0], len(undated)-1)
	}
	seller, buyers, err := readParties(o.ehfOptions, r, encoding)
	if err != nil {
		return nil, err
	}
	if err := checkBuyers(buyers, c, r); err != nil {
		return nil, err
	}
	docs, err := ehfio.CorrectionDocs(c, seller, func(n string) billing.Buyer { b, _ := buyers.Find(n); return b }, o.dueDays)
	if err != nil {
		return nil, failure(err)
	}
	files := make([]outfile.File, 0, len(docs))
	for _, d := range docs {
		var b bytes.Buffer
		if err := ehfio.WriteCorrectionDoc(&b, d); err != nil {
			return nil, failure(err)
		}
		files = append(files, outfile.File{Path: d.FileName(), Data: b.Bytes()})
	}
	return files, nil
}

// readParties reads the seller and buyers files, recording them in r.
func readParties(o ehfOptions, r *run, encoding string) (billing.Seller, *csvio.Buyers, error) {
	seller, rec, err := readInput("seller", o.seller, tomlio.ReadSeller, func(billing.Seller) (int, []string) { return 1, nil })
	if err != nil {
		return billing.Seller{}, nil, err
	}
	r.add(rec)
	buyers, rec, err := readInput("buyers", o.buyers, func(rd io.Reader, name string) (*csvio.Buyers, error) {
		return csvio.ReadBuyers(rd, name, csvio.Options{Encoding: encoding})
	}, func(b *csvio.Buyers) (int, []string) { return b.Len(), nil })
	if err != nil {
		return billing.Seller{}, nil, err
	}
	r.add(rec)
	return seller, buyers, nil
}

// checkBuyers requires a buyer for every municipality with a document:
// those of the input with their line, and those that left with none.
func checkBuyers(buyers *csvio.Buyers, c correction.Correction, r *run) error {
	with := map[string]bool{}
	for _, d := range c.Documents {
		with[d.Number] = true
	}
	if err := buyers.Check(r.input, with); err != nil {
		return failure(err)
	}
	in := map[string]bool{}
	for _, m := range r.input.Municipalities {
		in[m.Number] = true
	}
	var gone []string
	for _, d := range c.Documents {
		if _, ok := buyers.Find(d.Number); !ok && !in[d.Number] {
			gone = append(gone, d.Number+" "+d.Name)
		}
	}
	if len(gone) > 0 {
		return failure(fmt.Errorf("%s: no row for %s, who left and is credited: add its organisation number, name and buyer reference", buyers.File, strings.Join(gone, ", ")))
	}
	return nil
}
