package cli

import (
	"bytes"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/textio"
	"digisos-invoice/internal/xlsxio"
)

// formats are the output formats, each command's default first among
// those it takes. A new format is a Format in its adapter package and a
// line here.
var formats = []format.Format{
	textio.Format{},
	csvio.Format{},
	jsonio.Format{},
	pdfio.Format{},
	ehfio.Format{Basis: basisAttachment},
	xlsxio.Format{},
}

// lookUp returns the format named name that serves op, and how; an
// unknown name is a usage error listing those that serve op.
func lookUp(op format.Op, name string) (format.Format, format.Use, error) {
	f, ok := format.Named(formats, op, name)
	if !ok {
		return nil, format.Use{}, usageError("--format %q: use %s", name, format.List(formats, op, false))
	}
	u, _ := f.Use(op)
	return f, u, nil
}

// useOf is how the format named name serves op; the zero Use when no
// format of that name does (lookUp then says so).
func useOf(op format.Op, name string) format.Use {
	if f, ok := format.Named(formats, op, name); ok {
		u, _ := f.Use(op)
		return u
	}
	return format.Use{}
}

// partyFormats names the formats of op that write invoices ("ehf"), for
// the message refusing their flags with another format.
func partyFormats(op format.Op) string {
	var names []string
	for _, f := range format.For(formats, op) {
		if u, _ := f.Use(op); u.Parties {
			names = append(names, "--format "+f.Name())
		}
	}
	return joinOr(names)
}

func joinOr(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// checkUse checks, before anything is read, the flags that format name
// needs as u says: where its output goes, the seller and buyers, the issue
// date. It returns the issue date.
func checkUse(u format.Use, name string, o ehfOptions, output string, year int) (time.Time, error) {
	switch {
	case u.Folder != nil && (output == "" || output == "-"):
		return time.Time{}, usageError("--format %s writes one file per municipality: name a folder with --output DIR", name)
	case u.ToFile != nil && (outfile.File{Path: output}).ToStdout():
		return time.Time{}, usageError("%s", u.ToFile(year))
	case u.Parties && o.seller == "":
		return time.Time{}, usageError("--format %s needs --seller FILE: who issues the invoices and the account they are paid to", name)
	case u.Parties && o.buyers == "":
		return time.Time{}, usageError("--format %s needs --buyers FILE: each municipality's organisation number, name and buyer reference", name)
	case u.Date != "" && o.issueDate.IsZero():
		return time.Time{}, usageError("--format %s needs --issue-date YYYY-MM-DD: %s is never taken from the clock", name, u.Date)
	case u.Parties && o.dueDays < 0:
		return time.Time{}, usageError("--due-days %d: give 0 or more days", o.dueDays)
	}
	return o.issueDate, nil
}

// files are a folder output's files, to write.
func files(out format.Output) []outfile.File {
	fs := make([]outfile.File, len(out.Files))
	for i, f := range out.Files {
		fs[i] = outfile.File{Path: f.Name, Data: f.Data}
	}
	return fs
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
