package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/jsonio"
)

type correctOptions struct {
	inputOptions
	correctEHFOptions
	issued        string
	minDifference string
	format        string
	output        string
	record        string
	manifest      string
	force         bool
	stamp         bool
	quiet         bool
	now           func() time.Time

	stdout, stderr io.Writer
}

func newCorrectCmd(stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	opts := correctOptions{stdout: stdout, stderr: stderr, now: now}
	cmd := &cobra.Command{
		Use:   "correct --year YEAR --issued RECORD (--input FILE | --population FILE --participants FILE) [--min-difference NOK] [--format csv|json|ehf] [--output FILE]",
		Short: "Correct an issued year with credit notes and supplementary invoices",
		Long: `correct recomputes the year from corrected inputs and compares it, line by line,
with what stands invoiced: the CSV or JSON calculate wrote, or the JSON record
of the last correction. Each municipality whose total differs by at least
--min-difference gets one new document: a credit note when it owes less, a
supplementary invoice when it owes more. Smaller differences are recorded as
unsettled. Nothing to correct: exit 0, one line, no files.`,
		Example: `  digisos-invoice calculate --year 2020 --input testdata/sample.csv --format json --output issued-2020.json
  digisos-invoice correct --year 2020 --input testdata/sample-corrected.csv --issued issued-2020.json
  digisos-invoice correct --year 2020 --input testdata/sample-corrected.csv --issued issued-2020.json --format json --output correction-1.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCorrect(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVar(&opts.issued, "issued", "", "what stands invoiced: calculate's CSV or JSON, or the JSON record of the last correction (required)")
	f.StringVar(&opts.minDifference, "min-difference", "0.01", "the smallest difference in a municipality's total, in NOK, that gets a document")
	f.StringVar(&opts.format, "format", "csv", "output format: csv (the changed lines), json (the new record, for the next correction) or ehf (one EHF document each)")
	f.StringVarP(&opts.output, "output", "o", "-", "output file (a folder for ehf); - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.record, "record", "", "also write the JSON record (what --format json writes), e.g. beside a CSV or EHF output")
	f.StringVar(&opts.seller, "seller", "", "ehf: seller TOML file")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: buyers CSV file")
	f.StringVar(&opts.issueDate, "issue-date", "", "the documents' issue date, YYYY-MM-DD (required for ehf; recorded in the JSON record)")
	f.IntVar(&opts.dueDays, "due-days", 30, "ehf: days from the issue date to a supplementary invoice's due date")
	f.StringVar(&opts.originalIssueDate, "original-issue-date", "", "the issue date of calculate's invoices, YYYY-MM-DD, when --issued does not record it (ehf refers to it)")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run")
	f.BoolVar(&opts.force, "force", false, "replace existing output, record and manifest files (atomically)")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("issued")
	return cmd
}

// checkFlags checks the flags before anything is read: the threshold, the
// format and its flags, the dates.
func (opts correctOptions) checkFlags() (correction.Params, time.Time, error) {
	var p correction.Params
	var err error
	if p.Threshold, err = correction.ParseThreshold(opts.minDifference); err != nil {
		return p, time.Time{}, usageError("--min-difference: %v", err)
	}
	switch opts.format {
	case "csv", "json":
		if opts.issueDate != "" {
			if p.IssueDate, err = time.Parse(time.DateOnly, opts.issueDate); err != nil {
				return p, time.Time{}, usageError("--issue-date %q: write YYYY-MM-DD", opts.issueDate)
			}
		}
	case "ehf":
		if p.IssueDate, err = opts.ehfOptions.check(opts.output); err != nil {
			return p, time.Time{}, err
		}
	default:
		return p, time.Time{}, usageError("--format %q: use csv, json or ehf", opts.format)
	}
	orig, err := opts.originalDate()
	return p, orig, err
}

func runCorrect(opts correctOptions) error {
	params, orig, err := opts.checkFlags()
	if err != nil {
		return err
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	for _, w := range r.warnings {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, w)
	}
	prev, err := readStanding(opts.issued, opts.year)
	if err != nil {
		return err
	}
	if !orig.IsZero() {
		prev.record = prev.record.Dated(orig)
	}
	c, err := correction.Correct(prev.record, r.alloc, params)
	if err != nil {
		return inputError(fmt.Errorf("%s: %w", prev.name, err))
	}
	if c.Empty() {
		fmt.Fprintf(opts.stderr, "%s: nothing to correct: a fresh computation of %d matches what stands invoiced in %s; no files written\n", prog, opts.year, prev.name)
		return nil
	}
	if err := writeCorrection(opts, c, r, prev); err != nil {
		return err
	}
	warnUnallocated(opts.stderr, r.alloc)
	if !opts.quiet {
		printCorrection(opts.stderr, c, prev.name)
	}
	return nil
}

// writeCorrection renders the correction in its format, with the record
// and manifest when asked for, and writes them all or nothing.
func writeCorrection(opts correctOptions, c correction.Correction, r *run, prev standing) error {
	var files []file
	if opts.format == "ehf" {
		var err error
		if files, err = correctionEHF(opts.correctEHFOptions, c, r, opts.encoding); err != nil {
			return err
		}
	}
	meta := jsonio.CorrectionMeta{Meta: jsonio.NewMeta(r.alloc, version(), r.inputs), Previous: jsonio.Previous{Name: prev.name, SHA256: prev.sha256}}
	if opts.stamp {
		meta.Stamp = opts.now().UTC().Format(time.RFC3339)
	}
	outs, err := renderCorrection(opts, c, meta, files)
	if err != nil {
		return err
	}
	if opts.format == "ehf" {
		if err := checkFree(opts.force, outs...); err != nil {
			return err
		}
		if err := commitDir(opts.output, opts.force, files); err != nil {
			return err
		}
	}
	return commit(opts.stdout, opts.force, outs...)
}

// standing is what stands invoiced, as read from --issued.
type standing struct {
	name, sha256 string
	record       correction.Record
	link         correction.Link // the file as a link of a chain
}

const hintStanding = "--issued takes the lines CSV or JSON that calculate wrote, or the JSON record of the year's last correction"

// readStanding reads the record of what stands invoiced: calculate's CSV
// or JSON, or a correction's JSON record, of year.
func readStanding(path string, year int) (standing, error) {
	data, err := readFile(path)
	if err != nil {
		return standing{}, err
	}
	s := standing{name: filepath.Base(path), sha256: sha256Hex(data)}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		in, err := jsonio.ReadIssued(data, s.name)
		if err != nil {
			return standing{}, &exitError{code: exitInput, err: err, hint: hintStanding}
		}
		s.record, s.link = in.Record, in.Link(s.name, s.sha256)
	} else {
		lines, err := csvio.ReadOriginal(bytes.NewReader(data), s.name)
		if err != nil {
			return standing{}, &exitError{code: exitInput, err: err, hint: hintStanding}
		}
		recYear := year
		if len(lines) > 0 {
			recYear = lines[0].Year // Original checks that every line has it
		}
		if s.record, err = correction.Original(recYear, lines, time.Time{}); err != nil {
			return standing{}, inputError(fmt.Errorf("%s: %w", s.name, err))
		}
		s.link = correction.Link{Name: s.name, SHA256: s.sha256, Record: s.record}
	}
	if s.record.Year != year {
		return standing{}, inputError(fmt.Errorf("%s: a record of %d, not of %d: give what stands invoiced for the year you correct", s.name, s.record.Year, year))
	}
	return s, nil
}

// renderCorrection renders the correction as CSV or as its JSON record,
// or records the EHF files; and the record and manifest when asked for.
func renderCorrection(opts correctOptions, c correction.Correction, meta jsonio.CorrectionMeta, files []file) ([]pending, error) {
	var rec, out bytes.Buffer
	if err := jsonio.Write(&rec, jsonio.NewCorrectionRecord(c, meta)); err != nil {
		return nil, inputError(err)
	}
	var outs []pending
	switch opts.format {
	case "ehf":
		meta.Output = folderOutput(opts.output, opts.format, files)
	case "csv":
		if err := csvio.WriteCorrection(&out, c); err != nil {
			return nil, inputError(err)
		}
	case "json":
		out = rec
	}
	if opts.format != "ehf" {
		outs = append(outs, pending{path: opts.output, data: out.Bytes()})
		name := "-"
		if !outs[0].toStdout() {
			name = filepath.Base(opts.output)
		}
		meta.Output = &jsonio.Output{Name: name, Format: opts.format, SHA256: sha256Hex(out.Bytes())}
	}
	if opts.record != "" {
		outs = append(outs, pending{path: opts.record, data: rec.Bytes()})
	}
	if opts.manifest != "" {
		meta.Correction, meta.MinDifference = c.Number, c.Threshold.String()
		var m bytes.Buffer
		if err := jsonio.Write(&m, meta); err != nil {
			return nil, inputError(err)
		}
		outs = append(outs, pending{path: opts.manifest, data: m.Bytes()})
	}
	return outs, nil
}

// printCorrection writes the correction's summary for the person who ran it.
func printCorrection(w io.Writer, c correction.Correction, prevName string) {
	t, rt := c.Totals(), c.Record.Totals()
	fmt.Fprintf(w, "%s: correction %d of %d, of %s: %d credit notes crediting %s NOK, %d supplementary invoices invoicing %s NOK, net %s NOK.\n",
		prog, c.Number, c.Year, prevName, t.CreditNotes, t.Credited, t.Invoices, t.Invoiced, t.Invoiced-t.Credited)
	fmt.Fprintf(w, "%s: unsettled below %s NOK: %d lines, %s NOK in all. Stands invoiced %s NOK; computed %s NOK.\n",
		prog, c.Threshold, t.UnsettledLines, t.Unsettled, rt.Invoiced, rt.Computed)
}
