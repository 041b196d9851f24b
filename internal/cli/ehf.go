package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/tomlio"
)

// ehfOptions are calculate's flags for --format ehf.
type ehfOptions struct {
	seller    string
	buyers    string
	issueDate string
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
	case o.issueDate == "":
		return time.Time{}, usageError("--format ehf needs --issue-date YYYY-MM-DD: the invoices' date is never taken from the clock")
	case o.dueDays < 0:
		return time.Time{}, usageError("--due-days %d: give 0 or more days", o.dueDays)
	}
	d, err := time.Parse(time.DateOnly, o.issueDate)
	if err != nil {
		return time.Time{}, usageError("--issue-date %q: write YYYY-MM-DD", o.issueDate)
	}
	return d, nil
}

// file is one file of an output folder.
type file struct {
	name string
	data []byte
}

// buildEHF makes one EHF invoice per municipality with a non-zero total.
// The buyers file is read with the input files' encoding (opts).
func buildEHF(o ehfOptions, issue time.Time, r *run, opts csvio.Options) ([]file, error) {
	data, err := readFile(o.seller)
	if err != nil {
		return nil, err
	}
	seller, err := tomlio.ReadSeller(bytes.NewReader(data), filepath.Base(o.seller))
	if err != nil {
		return nil, inputError(err)
	}
	r.record("seller", o.seller, data, 1, nil)
	data, err = readFile(o.buyers)
	if err != nil {
		return nil, err
	}
	buyers, err := csvio.ReadBuyers(bytes.NewReader(data), filepath.Base(o.buyers), opts)
	if err != nil {
		return nil, inputError(err)
	}
	r.record("buyers", o.buyers, data, 0, nil)
	invoiced := map[string]bool{}
	for _, m := range r.alloc.Municipalities {
		invoiced[m.Number] = m.Amount != 0
	}
	if err := buyers.Check(r.input, invoiced); err != nil {
		return nil, inputError(err)
	}
	invs, err := ehfio.Invoices(r.alloc, seller, func(n string) billing.Buyer { b, _ := buyers.Find(n); return b }, issue, o.dueDays)
	if err != nil {
		return nil, inputError(err)
	}
	files := make([]file, 0, len(invs))
	for _, inv := range invs {
		if !o.noPDF {
			if inv.Basis, err = basisAttachment(inv.Explanation, r.alloc.Pools, issue); err != nil {
				return nil, inputError(err)
			}
		}
		var b bytes.Buffer
		if err := ehfio.Write(&b, inv); err != nil {
			return nil, inputError(err)
		}
		files = append(files, file{name: inv.FileName(), data: b.Bytes()})
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
func folderOutput(dir, format string, files []file) *jsonio.Output {
	out := &jsonio.Output{Name: filepath.Base(dir), Format: format}
	var listing bytes.Buffer
	for _, f := range files {
		h := sha256Hex(f.data)
		out.Files = append(out.Files, jsonio.OutputFile{Name: f.name, SHA256: h})
		fmt.Fprintf(&listing, "%s  %s\n", h, f.name)
	}
	out.SHA256 = sha256Hex(listing.Bytes())
	return out
}

// commitDir writes files into dir, all or nothing: into a temporary
// folder beside dir, renamed to dir when every file is written. An existing
// dir that is not empty is not replaced without force (exit 4); with force
// it is replaced as a whole, so it holds the new files and nothing else.
func commitDir(dir string, force bool, files []file) error {
	entries, statErr := os.ReadDir(dir)
	exists := statErr == nil
	if exists && len(entries) > 0 && !force {
		return errExists(dir)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return inputError(fmt.Errorf("%s: cannot write the output folder: %w", dir, unwrapPath(err)))
	}
	defer os.RemoveAll(tmp) // gone once renamed
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return inputError(err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return inputError(err)
	}
	if exists {
		old, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.old")
		if err != nil {
			return inputError(err)
		}
		defer os.RemoveAll(old)
		if err := os.Rename(dir, filepath.Join(old, "dir")); err != nil {
			return inputError(err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(filepath.Join(old, "dir"), dir) // put the old folder back
			return inputError(err)
		}
		return nil
	}
	if err := os.Rename(tmp, dir); err != nil {
		return inputError(err)
	}
	return nil
}
