package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/tomlio"
)

// correctEHFOptions are correct's flags for --format ehf: calculate's, and
// the issue date of the invoices corrected where the record lacks it.
type correctEHFOptions struct {
	ehfOptions
	originalIssueDate string
}

// originalDate parses --original-issue-date; zero when not given.
func (o correctEHFOptions) originalDate() (time.Time, error) {
	if o.originalIssueDate == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, o.originalIssueDate)
	if err != nil {
		return time.Time{}, usageError("--original-issue-date %q: write YYYY-MM-DD", o.originalIssueDate)
	}
	return d, nil
}

// correctionEHF writes one EHF document per document of c: its buyers
// come from the buyers file, and a document that corrects an invoice
// refers to it with its issue date.
func correctionEHF(o correctEHFOptions, c correction.Correction, r *run, encoding string) ([]file, error) {
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
		return nil, inputError(err)
	}
	files := make([]file, 0, len(docs))
	for _, d := range docs {
		var b bytes.Buffer
		if err := ehfio.WriteCorrectionDoc(&b, d); err != nil {
			return nil, inputError(err)
		}
		files = append(files, file{name: d.FileName(), data: b.Bytes()})
	}
	return files, nil
}

// readParties reads the seller and buyers files, recording them in r.
func readParties(o ehfOptions, r *run, encoding string) (billing.Seller, *csvio.Buyers, error) {
	data, err := readFile(o.seller)
	if err != nil {
		return billing.Seller{}, nil, err
	}
	seller, err := tomlio.ReadSeller(bytes.NewReader(data), filepath.Base(o.seller))
	if err != nil {
		return billing.Seller{}, nil, inputError(err)
	}
	r.record("seller", o.seller, data, 1, nil)
	if data, err = readFile(o.buyers); err != nil {
		return billing.Seller{}, nil, err
	}
	buyers, err := csvio.ReadBuyers(bytes.NewReader(data), filepath.Base(o.buyers), csvio.Options{Encoding: encoding})
	if err != nil {
		return billing.Seller{}, nil, inputError(err)
	}
	r.record("buyers", o.buyers, data, 0, nil)
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
		return inputError(err)
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
		return inputError(fmt.Errorf("%s: no row for %s, who left and is credited: add its organisation number, name and buyer reference", buyers.File, strings.Join(gone, ", ")))
	}
	return nil
}
