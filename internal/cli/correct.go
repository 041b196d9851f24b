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
		Use:   "correct --year YEAR --issued RECORD (--input FILE | --population FILE --participants FILE) [--min-difference NOK] [--format csv|json] [--output FILE]",
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
	f.StringVar(&opts.format, "format", "csv", "output format: csv (the changed lines) or json (the new record, for the next correction)")
	f.StringVarP(&opts.output, "output", "o", "-", "output file; - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.record, "record", "", "also write the JSON record (what --format json writes), e.g. beside a CSV output")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run")
	f.BoolVar(&opts.force, "force", false, "replace existing output, record and manifest files (atomically)")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("issued")
	return cmd
}

func runCorrect(opts correctOptions) error {
	threshold, err := correction.ParseThreshold(opts.minDifference)
	if err != nil {
		return usageError("--min-difference: %v", err)
	}
	if opts.format != "csv" && opts.format != "json" {
		return usageError("--format %q: use csv or json", opts.format)
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
	c, err := correction.Correct(prev.record, r.alloc, correction.Params{Threshold: threshold})
	if err != nil {
		return inputError(fmt.Errorf("%s: %w", prev.name, err))
	}
	if c.Empty() {
		fmt.Fprintf(opts.stderr, "%s: nothing to correct: a fresh computation of %d matches what stands invoiced in %s; no files written\n", prog, opts.year, prev.name)
		return nil
	}
	meta := jsonio.CorrectionMeta{Meta: jsonio.NewMeta(r.alloc, version(), r.inputs), Previous: jsonio.Previous{Name: prev.name, SHA256: prev.sha256}}
	if opts.stamp {
		meta.Stamp = opts.now().UTC().Format(time.RFC3339)
	}
	outs, err := renderCorrection(opts, c, meta)
	if err != nil {
		return err
	}
	if err := commit(opts.stdout, opts.force, outs...); err != nil {
		return err
	}
	warnUnallocated(opts.stderr, r.alloc)
	if !opts.quiet {
		printCorrection(opts.stderr, c, prev.name)
	}
	return nil
}

// standing is what stands invoiced, as read from --issued.
type standing struct {
	name, sha256 string
	record       correction.Record
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
		s.record = in.Record
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
	}
	if s.record.Year != year {
		return standing{}, inputError(fmt.Errorf("%s: a record of %d, not of %d: give what stands invoiced for the year you correct", s.name, s.record.Year, year))
	}
	return s, nil
}

// renderCorrection renders the correction in its format, and the record
// and manifest when asked for.
func renderCorrection(opts correctOptions, c correction.Correction, meta jsonio.CorrectionMeta) ([]pending, error) {
	var rec bytes.Buffer
	if err := jsonio.Write(&rec, jsonio.NewCorrectionRecord(c, meta)); err != nil {
		return nil, inputError(err)
	}
	out := rec
	if opts.format == "csv" {
		out = bytes.Buffer{}
		if err := csvio.WriteCorrection(&out, c); err != nil {
			return nil, inputError(err)
		}
	}
	outs := []pending{{path: opts.output, data: out.Bytes()}}
	if opts.record != "" {
		outs = append(outs, pending{path: opts.record, data: rec.Bytes()})
	}
	if opts.manifest != "" {
		name := "-"
		if !outs[0].toStdout() {
			name = filepath.Base(opts.output)
		}
		meta.Output = &jsonio.Output{Name: name, Format: opts.format, SHA256: sha256Hex(out.Bytes())}
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
