package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
)

type correctOptions struct {
	inputOptions
	correctEHFOptions
	issued        string
	journal       string
	minDifference string
	format        string
	output        string
	record        string
	manifest      string
	reads         []string // the files the flags name to read: none may be an output
	force         bool
	stamp         bool
	quiet         bool
	now           func() time.Time

	stdout, stderr io.Writer
}

func newCorrectCmd(stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	opts := correctOptions{stdout: stdout, stderr: stderr, now: now}
	cmd := &cobra.Command{
		Use:   "correct --year YEAR --issued RECORD (--input FILE | --population FILE --participants FILE) [--min-difference NOK] [--format csv|json|ehf|xlsx] [--output FILE]",
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
			opts.reads = filesRead(cmd.Flags())
			switch {
			case opts.journal != "" && opts.issued != "":
				return usageError("give --journal or --issued, not both: with a journal, what stands invoiced is read from it")
			case opts.journal != "":
				return runCorrectJournal(cmd.Flags(), opts)
			case opts.issued == "":
				return usageError("give --journal FILE (what the journal records as issued), or --issued FILE")
			}
			if err := checkCorrectEffect(cmd.Flags(), opts); err != nil {
				return err
			}
			return runCorrect(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVar(&opts.issued, "issued", "", "what stands invoiced: calculate's CSV or JSON, or the JSON record of the last correction (without --journal)")
	journalPathFlag(f, &opts.journal)
	f.StringVar(&opts.minDifference, "min-difference", "0.01", "the smallest difference in a municipality's total, in NOK, that gets a document")
	f.StringVar(&opts.format, "format", format.For(formats, format.Correct)[0].Name(), "output format: "+format.List(formats, format.Correct, true))
	f.StringVarP(&opts.output, "output", "o", "-", "output file (a folder for ehf); - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.record, "record", "", "also write the JSON record (what --format json writes), e.g. beside a CSV or EHF output")
	f.StringVar(&opts.seller, "seller", "", "ehf: seller TOML file")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: buyers CSV file")
	dateVar(f, &opts.issueDate, "issue-date", "the documents' issue date, YYYY-MM-DD (required for ehf; recorded in the JSON record)")
	f.Var(newDecimalInt(&opts.dueDays, 30, 0, 365, 0, "30"), "due-days", "ehf: days from the issue date to a supplementary invoice's due date, 0 to 365")
	dateVar(f, &opts.originalIssueDate, "original-issue-date", "the issue date of calculate's invoices, YYYY-MM-DD, when --issued does not record it (ehf refers to it)")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run")
	f.BoolVar(&opts.force, "force", false, "replace existing output, record and manifest files (atomically)")
	readsFiles(f, "issued", "seller", "buyers")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

// checkFlags checks the flags before anything is read: the threshold, the
// format and its flags, the dates.
func (opts correctOptions) checkFlags() (format.Format, format.Use, correction.Params, error) {
	var p correction.Params
	var err error
	if p.Threshold, err = correction.ParseThreshold(opts.minDifference); err != nil {
		return nil, format.Use{}, p, usageError("--min-difference: %v", err)
	}
	f, u, err := lookUp(format.Correct, opts.format)
	if err != nil {
		return nil, u, p, err
	}
	p.IssueDate, err = checkUse(u, opts.format, opts.ehfOptions, opts.output, opts.year)
	return f, u, p, err
}

// checkCorrectEffect refuses flags that would change nothing: the seller,
// buyers and due days with a format that writes no invoices, and --stamp
// with nothing to record the time in.
func checkCorrectEffect(f *pflag.FlagSet, opts correctOptions) error {
	u := useOf(format.Correct, opts.format)
	if !u.Parties {
		for _, name := range []string{"seller", "buyers", "due-days"} {
			if f.Changed(name) {
				return usageError("--%s is for %s; with --format %s it would do nothing", name, partyFormats(format.Correct), opts.format)
			}
		}
	}
	if f.Changed("stamp") && !u.Stamp && opts.record == "" && opts.manifest == "" {
		return usageError("--stamp records the time in the JSON record or the manifest; with --format %s and no --record or --manifest there is nothing to record it in", opts.format)
	}
	return nil
}

func runCorrect(opts correctOptions) error {
	f, u, params, err := opts.checkFlags()
	if err != nil {
		return err
	}
	if err := checkOutputs(correctTargets(opts, u.Owns)); err != nil {
		return err
	}
	var p *parties
	if u.Parties {
		if p, err = readParties(opts.ehfOptions, opts.encoding); err != nil {
			return err
		}
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	for _, w := range r.warnings {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, w)
	}
	cr, err := correctYear(opts, r, params)
	if err != nil || cr == nil {
		return err
	}
	if u.Dated {
		if err := checkDated(cr.correction); err != nil {
			return err
		}
	}
	p.addTo(r)
	if err := p.checkCorrected(cr.correction, r); err != nil {
		return err
	}
	out, err := f.RenderCorrection(cr.format(p, opts.dueDays))
	if err != nil {
		return failure(err)
	}
	set, err := correctOutputs(opts, cr, out)
	if err != nil {
		return err
	}
	if err := writeOutputs(opts.stdout, set); err != nil {
		return err
	}
	warnUnallocated(opts.stderr, r.alloc)
	if !opts.quiet {
		printCorrection(opts.stderr, cr.correction, cr.previous.name)
	}
	return nil
}

// correctYear corrects what stands invoiced (--issued) by the fresh
// computation r; nil, and a line on stderr, when there is nothing to
// correct.
func correctYear(opts correctOptions, r *run, params correction.Params) (*correctRun, error) {
	prev, err := readStanding(opts.issued, opts.year)
	if err != nil {
		return nil, err
	}
	if !opts.originalIssueDate.IsZero() {
		prev.record = prev.record.Dated(opts.originalIssueDate)
	}
	c, err := correction.Correct(prev.record, r.alloc, params)
	if err != nil {
		return nil, failure(fmt.Errorf("%s: %w", prev.name, err))
	}
	if c.Empty() {
		fmt.Fprintf(opts.stderr, "%s: nothing to correct: a fresh computation of %d matches what stands invoiced in %s; no files written\n", prog, opts.year, prev.name)
		return nil, nil
	}
	if opts.stamp {
		r.stamp = opts.now().UTC().Format(time.RFC3339)
	}
	return &correctRun{run: r, correction: c, previous: prev}, nil
}

// correctRun is a correction made, ready to render.
type correctRun struct {
	run        *run
	correction correction.Correction
	previous   standing
}

// meta is the correction's record of the run: calculate's, plus the record
// it corrects, its number and its threshold.
func (cr *correctRun) meta() jsonio.CorrectionMeta {
	return jsonio.CorrectionMeta{Run: cr.run.meta(), Correction: cr.correction.Number,
		Previous: jsonio.Previous{Name: cr.previous.name, SHA256: cr.previous.sha256}, MinDifference: cr.correction.Threshold.String()}
}

// format is the correction as a format renders it.
func (cr *correctRun) format(p *parties, dueDays int) *format.Correction {
	return &format.Correction{Correction: cr.correction, Meta: cr.run.meta(), PreviousName: cr.previous.name,
		PreviousSHA256: cr.previous.sha256, Parties: p.format(), DueDays: dueDays}
}

// record renders the correction's JSON record.
func (cr *correctRun) record() ([]byte, error) {
	var b bytes.Buffer
	if err := jsonio.Write(&b, jsonio.NewCorrectionRecord(cr.correction, cr.meta())); err != nil {
		return nil, failure(err)
	}
	return b.Bytes(), nil
}

// correctTargets is where correct writes: the output (a folder, whose
// files are its own when folder owns them, for a format of one file per document), the record
// and the manifest; none may be a file it reads, --issued above all.
func correctTargets(opts correctOptions, folder func(string, []byte) bool) outfile.Set {
	set := outfile.Set{Force: opts.force, Inputs: opts.reads}
	if folder != nil {
		set.Folders = []outfile.Folder{{Path: opts.output, Owns: folder}}
	} else {
		set.Files = []outfile.File{{Path: opts.output}}
	}
	for _, p := range []string{opts.record, opts.manifest} {
		if p != "" {
			set.Files = append(set.Files, outfile.File{Path: p})
		}
	}
	return set
}

// correctOutputs is what correct writes: the rendered output, the record
// and the manifest when asked for.
func correctOutputs(opts correctOptions, cr *correctRun, out format.Output) (outfile.Set, error) {
	set := correctTargets(opts, useOf(format.Correct, opts.format).Owns)
	data := map[string][]byte{} // by path; Check made them distinct
	meta := cr.meta()
	if out.Files != nil {
		set.Folders[0].Files = files(out)
		meta.Output = folderOutput(opts.output, opts.format, set.Folders[0].Files)
	} else {
		data[opts.output] = out.Data
		name := "-"
		if !set.Files[0].ToStdout() {
			name = filepath.Base(opts.output)
		}
		meta.Output = record.NewOutput(name, opts.format, out.Data)
	}
	if opts.record != "" {
		rec, err := cr.record()
		if err != nil {
			return outfile.Set{}, err
		}
		data[opts.record] = rec
	}
	if opts.manifest != "" {
		var m bytes.Buffer
		if err := jsonio.Write(&m, meta); err != nil {
			return outfile.Set{}, failure(err)
		}
		data[opts.manifest] = m.Bytes()
	}
	for i, f := range set.Files {
		set.Files[i].Data = data[f.Path]
	}
	return set, nil
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
	return parseStanding(path, data, year)
}

// parseStanding is readStanding of the file's bytes, data.
func parseStanding(path string, data []byte, year int) (standing, error) {
	s := standing{name: filepath.Base(path), sha256: record.Hash(data)}
	kind := format.Sniff(s.name, data)
	if kind == format.Zip { // a workbook
		return standing{}, &exitError{code: exitFailure, hint: hintStanding,
			err: fmt.Errorf("%s: an Excel workbook, written for review: what stands invoiced is read from a CSV or JSON file", s.name)}
	}
	if kind == format.JSON {
		in, err := jsonio.ReadIssued(data, s.name)
		if err != nil {
			return standing{}, &exitError{code: exitFailure, err: err, hint: hintStanding}
		}
		s.record, s.link = in.Record, in.Link(s.name, s.sha256)
	} else {
		lines, err := csvio.ReadOriginal(bytes.NewReader(data), s.name)
		if err != nil {
			return standing{}, &exitError{code: exitFailure, err: err, hint: hintStanding}
		}
		recYear := year
		if len(lines) > 0 {
			recYear = lines[0].Year // Original checks that every line has it
		}
		if s.record, err = correction.Original(recYear, lines, time.Time{}); err != nil {
			return standing{}, failure(fmt.Errorf("%s: %w", s.name, err))
		}
		s.link = correction.Link{Name: s.name, SHA256: s.sha256, Record: s.record}
	}
	if s.record.Year != year {
		return standing{}, failure(&otherYearError{name: s.name, got: s.record.Year, want: year})
	}
	return s, nil
}

// otherYearError is a record of another year than the one asked for.
type otherYearError struct {
	name      string
	got, want int
}

// Error says it as correct needs it said; verify says it its own way
// (see readChain).
func (e *otherYearError) Error() string {
	return fmt.Sprintf("%s: a record of %d, not of %d: give what stands invoiced for the year you correct", e.name, e.got, e.want)
}

// printCorrection writes the correction's summary for the person who ran it.
func printCorrection(w io.Writer, c correction.Correction, prevName string) {
	t, rt := c.Totals(), c.Record.Totals()
	fmt.Fprintf(w, "%s: correction %d of %d, of %s: %s crediting %s NOK, %s invoicing %s NOK, net %s NOK.\n",
		prog, c.Number, c.Year, prevName, count(t.CreditNotes, "credit note", "credit notes"), t.Credited,
		count(t.Invoices, "supplementary invoice", "supplementary invoices"), t.Invoiced, t.Invoiced-t.Credited)
	fmt.Fprintf(w, "%s: unsettled below %s NOK: %s, %s NOK in all. Stands invoiced %s NOK; computed %s NOK.\n",
		prog, c.Threshold, count(t.UnsettledLines, "line", "lines"), t.Unsettled, rt.Invoiced, rt.Computed)
}
