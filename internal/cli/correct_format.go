package cli

import (
	"bytes"
	"strings"
	"time"

	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/xlsxio"
)

// correctFormat is one value of correct's --format: a check of its flags
// before anything is read, which returns the documents' issue date, and a
// renderer.
type correctFormat struct {
	name   string
	note   string
	check  func(opts correctOptions) (time.Time, error)
	render func(opts correctOptions, cr *correctRun) (rendered, error)
}

// correctFormats are correct's output formats, the default first.
var correctFormats = []correctFormat{
	{name: "csv", note: "the changed lines", check: optionalIssueDate, render: renderCorrectionCSV},
	{name: "json", note: "the new record, for the next correction", check: optionalIssueDate, render: renderCorrectionJSON},
	{name: "ehf", note: "one EHF credit note or invoice per document", check: func(o correctOptions) (time.Time, error) { return o.ehfOptions.check(o.output) },
		render: renderCorrectionEHF},
	{name: "xlsx", note: "a workbook of the changed lines and the documents, for review", check: func(o correctOptions) (time.Time, error) {
		if (outfile.File{Path: o.output}).ToStdout() {
			return time.Time{}, usageError("--format xlsx writes a binary workbook: name the file with --output, e.g. --output correction-%d.xlsx", o.year)
		}
		return optionalIssueDate(o)
	}, render: renderCorrectionXLSX},
}

func correctFormatNamed(name string) (correctFormat, bool) {
	for _, f := range correctFormats {
		if f.name == name {
			return f, true
		}
	}
	return correctFormat{}, false
}

// correctFormatList lists the formats as "csv, json or ehf", with their
// notes when withNotes.
func correctFormatList(withNotes bool) string {
	names := make([]string, len(correctFormats))
	for i, f := range correctFormats {
		names[i] = f.name
		if withNotes && f.note != "" {
			names[i] += " (" + f.note + ")"
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func renderCorrectionCSV(_ correctOptions, cr *correctRun) (rendered, error) {
	var b bytes.Buffer
	if err := csvio.WriteCorrection(&b, cr.correction); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}

func renderCorrectionJSON(_ correctOptions, cr *correctRun) (rendered, error) {
	rec, err := cr.record()
	return rendered{data: rec}, err
}

func renderCorrectionXLSX(_ correctOptions, cr *correctRun) (rendered, error) {
	var b bytes.Buffer
	if err := xlsxio.WriteCorrection(&b, cr.correction); err != nil {
		return rendered{}, failure(err)
	}
	return rendered{data: b.Bytes()}, nil
}

func renderCorrectionEHF(opts correctOptions, cr *correctRun) (rendered, error) {
	files, err := correctionEHF(opts.correctEHFOptions, cr.correction, cr.run, opts.encoding)
	return rendered{folder: files}, err
}
