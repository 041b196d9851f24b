package cli

import (
	"fmt"
	"strings"
	"time"

	"digisos-invoice/internal/correction"
)

// correctEHFOptions are correct's flags for a format that writes invoices
// (EHF): calculate's, and the issue date of the invoices corrected where
// the record lacks it.
type correctEHFOptions struct {
	ehfOptions
	originalIssueDate time.Time // zero when not given
}

// checkDated requires the issue date of every invoice c corrects, which
// its documents refer to.
func checkDated(c correction.Correction) error {
	if undated := c.Undated(); len(undated) > 0 {
		return usageError("%s and %d more invoices corrected have no issue date in --issued: give it with --original-issue-date YYYY-MM-DD, as the invoices were sent",
			undated[0], len(undated)-1)
	}
	return nil
}

// checkCorrected requires a buyer for every municipality with a document:
// those of the input with their line, and those that left with none.
func (p *parties) checkCorrected(c correction.Correction, r *run) error {
	if p == nil {
		return nil
	}
	with := map[string]bool{}
	for _, d := range c.Documents {
		with[d.Number] = true
	}
	if err := p.buyers.Check(r.input, with); err != nil {
		return failure(err)
	}
	in := map[string]bool{}
	for _, m := range r.input.Municipalities {
		in[m.Number] = true
	}
	var gone []string
	for _, d := range c.Documents {
		if _, ok := p.buyers.Find(d.Number); !ok && !in[d.Number] {
			gone = append(gone, d.Number+" "+d.Name)
		}
	}
	if len(gone) > 0 {
		return failure(fmt.Errorf("%s: no row for %s, who left and is credited: add its organisation number, name and buyer reference", p.buyers.File, strings.Join(gone, ", ")))
	}
	return nil
}
