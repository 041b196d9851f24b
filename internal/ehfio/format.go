package ehfio

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
)

// Format is the EHF format: calculate's invoices, one file per
// municipality with something to pay; correct's credit notes and
// supplementary invoices; and issued invoices for verify.
type Format struct {
	// Basis renders the calculation basis an invoice carries (a PDF),
	// dated the issue date; the command line gives pdfio's. Only a run
	// with NoPDF needs none.
	Basis func(e billing.Explanation, pools []billing.Pool, issue time.Time) (*Attachment, error)
}

// Name returns "ehf".
func (Format) Name() string { return "ehf" }

// Use says that EHF serves calculate, correct and verify: a folder of
// invoices, which needs the seller, the buyers and the issue date.
func (Format) Use(op format.Op) (format.Use, bool) {
	const date = "the invoices' date"
	switch op {
	case format.Calculate:
		return format.Use{Note: "one EHF invoice per municipality", Folder: IsFileName, Owns: Owns, Parties: true, Date: date}, true
	case format.Correct:
		return format.Use{Note: "one EHF credit note or invoice per document", Folder: IsFileName, Owns: Owns, Parties: true, Date: date, Dated: true}, true
	case format.Verify:
		return format.Use{Note: "EHF invoices", Folder: IsFileName, Owns: Owns, Parties: true, Date: date}, true
	}
	return format.Use{}, false
}

// Sniff reports whether an issued file is XML (see format.Sniff).
func (Format) Sniff(name string, data []byte) bool { return format.Sniff(name, data) == format.XML }

// Render writes one invoice per municipality with a non-zero total, or
// those of r.Only, each with its calculation basis unless r.NoPDF.
func (f Format) Render(r *format.Run) (format.Output, error) {
	ms := slices.DeleteFunc(Invoiced(r.Alloc), func(m billing.MunicipalityTotal) bool { return !r.Wants(m.Number) })
	if !r.NoPDF && f.Basis == nil {
		return format.Output{}, errors.New("ehfio.Format has no Basis to render the calculation basis with")
	}
	files, err := inParallel(ms, func(m billing.MunicipalityTotal) (format.File, error) {
		inv, err := InvoiceOf(r.Alloc, m, r.Parties.Seller, r.Parties.Buyer(m.Number), r.Issue, r.DueDays)
		if err == nil && r.Numbers != nil {
			err = inv.Renumber(r.Numbers[m.Number])
		}
		if err != nil {
			return format.File{}, err
		}
		if !r.NoPDF {
			if inv.Basis, err = f.Basis(inv.Explanation, r.Alloc.Pools, r.Issue); err != nil {
				return format.File{}, err
			}
		}
		var b bytes.Buffer
		b.Grow(invoiceBytes(inv)) // grown once, not by doubling past the PDF's base64
		if err := Write(&b, inv); err != nil {
			return format.File{}, err
		}
		return format.File{Name: inv.FileName(), Data: b.Bytes()}, nil
	})
	if err != nil {
		return format.Output{}, err
	}
	a := r.Alloc
	owe := len(a.Municipalities) - len(files)
	done := fmt.Sprintf("wrote %s to %s, payable %s NOK in all; %s %s nothing and %s no invoice",
		count(len(files), "EHF invoice", "EHF invoices"), r.Output, a.Totals.Invoiced, count(owe, "municipality", "municipalities"),
		plural(owe, "owes", "owe"), plural(owe, "gets", "get"))
	return format.Output{Files: files, Done: done}, nil
}

// RenderCorrection writes one credit note or supplementary invoice per
// document of the correction.
func (Format) RenderCorrection(c *format.Correction) (format.Output, error) {
	docs, err := CorrectionDocs(c.Correction, c.Parties.Seller, c.Parties.Buyer, c.DueDays)
	if err != nil {
		return format.Output{}, err
	}
	files := make([]format.File, 0, len(docs))
	for _, d := range docs {
		var b bytes.Buffer
		if err := WriteCorrectionDoc(&b, d); err != nil {
			return format.Output{}, err
		}
		files = append(files, format.File{Name: d.FileName(), Data: b.Bytes()})
	}
	return format.Output{Files: files}, nil
}

// Read reads an issued invoice element by element (see ReadTree).
func (Format) Read(data []byte, name string) (*format.Tree, error) {
	root, err := ReadTree(data, name)
	if err != nil {
		return nil, err
	}
	return &format.Tree{Root: root, Spec: audit.InvoiceSpec(name), Items: 1, What: "the invoice " + name + " matches", Notes: formNotes(data, name)}, nil
}

// invoiceBytes is about the size of inv's XML: some 16 KB of elements,
// and its calculation basis in base64.
func invoiceBytes(inv Invoice) int {
	n := 16 << 10
	if inv.Basis != nil {
		n += base64.StdEncoding.EncodedLen(len(inv.Basis.Data))
	}
	return n
}

// inParallel makes the invoice file of each municipality on as many
// goroutines as the process has processors, and returns the files in the
// municipalities' order; the error is that of the first one that failed.
// The invoices do not depend on each other, and a batch with its PDF
// bases spends most of its time here.
func inParallel(ms []billing.MunicipalityTotal, file func(billing.MunicipalityTotal) (format.File, error)) ([]format.File, error) {
	files := make([]format.File, len(ms))
	errs := make([]error, len(ms))
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, m := range ms {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			files[i], errs[i] = file(m)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func count(n int, one, many string) string { return fmt.Sprint(n) + " " + plural(n, one, many) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
