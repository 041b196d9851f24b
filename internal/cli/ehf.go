package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/tomlio"
)

// ehfOptions are calculate's flags for --format ehf.
type ehfOptions struct {
	seller    string
	buyers    string
	issueDate time.Time
	dueDays   int
	noPDF     bool // leave out the calculation basis each invoice carries as a PDF
}

func (o ehfOptions) check(output string) (time.Time, error) {
	switch {
	case output == "" || output == "-":
		return time.Time{}, usageError("--format ehf writes one file per municipality: name a folder with --output DIR")
	case o.seller == "":
		return time.Time{}, usageError("--format ehf needs --seller FILE: who issues the invoices and the account they are paid to")
	case o.buyers == "":
		return time.Time{}, usageError("--format ehf needs --buyers FILE: each municipality's organisation number, name and buyer reference")
	case o.issueDate.IsZero():
		return time.Time{}, usageError("--format ehf needs --issue-date YYYY-MM-DD: the invoices' date is never taken from the clock")
	case o.dueDays < 0:
		return time.Time{}, usageError("--due-days %d: give 0 or more days", o.dueDays)
	}
	return o.issueDate, nil
}

// ehfRenderer writes one EHF invoice per municipality with something to
// pay, into a folder.
type ehfRenderer struct {
	ehfOptions
	issue  time.Time
	output string
	csv    csvio.Options
}

func newEHFRenderer(o calculateOptions) (renderer, error) {
	issue, err := o.ehfOptions.check(o.output)
	if err != nil {
		return nil, err
	}
	warning, err := checkIssueDate(issue, o.year)
	if err != nil {
		return nil, err
	}
	if warning != "" {
		fmt.Fprintf(o.stderr, "%s: %s\n", prog, warning)
	}
	return ehfRenderer{ehfOptions: o.ehfOptions, issue: issue, output: o.output, csv: csvio.Options{Encoding: o.encoding}}, nil
}

func (e ehfRenderer) render(r *run) (rendered, error) {
	files, err := buildEHF(e.ehfOptions, e.issue, r, e.csv, nil)
	if err != nil {
		return rendered{}, err
	}
	a := r.alloc
	owe := len(a.Municipalities) - len(files)
	done := fmt.Sprintf("wrote %s to %s, payable %s NOK in all; %s %s nothing and %s no invoice",
		count(len(files), "EHF invoice", "EHF invoices"), e.output, a.Totals.Invoiced, count(owe, "municipality", "municipalities"), plural(owe, "owes", "owe"), plural(owe, "gets", "get"))
	return rendered{folder: files, done: done}, nil
}

// buildEHF makes one EHF invoice per municipality with a non-zero total,
// or, when only is not nil, those of the file names it accepts: their
// calculation basis is all that costs. The buyers file is read with the
// input files' encoding (opts).
func buildEHF(o ehfOptions, issue time.Time, r *run, opts csvio.Options, only func(file string) bool) ([]outfile.File, error) {
	seller, rec, err := readInput("seller", o.seller, tomlio.ReadSeller, func(billing.Seller) (int, []string) { return 1, nil })
	if err != nil {
		return nil, err
	}
	r.add(rec)
	buyers, rec, err := readInput("buyers", o.buyers, func(rd io.Reader, name string) (*csvio.Buyers, error) {
		return csvio.ReadBuyers(rd, name, opts)
	}, func(b *csvio.Buyers) (int, []string) { return b.Len(), nil })
	if err != nil {
		return nil, err
	}
	r.add(rec)
	invoiced := map[string]bool{}
	for _, m := range r.alloc.Municipalities {
		invoiced[m.Number] = m.Amount != 0
	}
	if err := buyers.Check(r.input, invoiced); err != nil {
		return nil, failure(err)
	}
	invs, err := ehfio.Invoices(r.alloc, seller, func(n string) billing.Buyer { b, _ := buyers.Find(n); return b }, issue, o.dueDays)
	if err != nil {
		return nil, failure(err)
	}
	files := make([]outfile.File, 0, len(invs))
	for _, inv := range invs {
		if only != nil && !only(inv.FileName()) {
			continue
		}
		if !o.noPDF {
			if inv.Basis, err = basisAttachment(inv.Explanation, r.alloc.Pools, issue); err != nil {
				return nil, failure(err)
			}
		}
		var b bytes.Buffer
		if err := ehfio.Write(&b, inv); err != nil {
			return nil, failure(err)
		}
		files = append(files, outfile.File{Path: inv.FileName(), Data: b.Bytes()})
	}
	return files, nil
}

// basisAttachment renders a municipality's calculation basis as the PDF
// its invoice carries, dated the issue date.
func basisAttachment(e billing.Explanation, pools []billing.Pool, issue time.Time) (*ehfio.Attachment, error) {
	var b bytes.Buffer
	if err := pdfio.Write(&b, pdfio.Basis{Explanation: e, Pools: pools, Date: issue}); err != nil {
		return nil, err
	}
	return &ehfio.Attachment{ID: "Beregningsgrunnlag", Description: "Beregningsgrunnlag: slik er beløpet regnet ut",
		FileName: pdfio.FileName(e), MimeCode: pdfio.MimeCode, Data: b.Bytes()}, nil
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
