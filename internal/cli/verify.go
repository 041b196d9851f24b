package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/textio"
)

type verifyOptions struct {
	inputOptions
	ehfOptions
	issued   string
	chain    []string // every --issued, in order
	manifest string
	workbook Workbook // nil: verify of a workbook runs digisos-invoice-xlsx
	stdout   io.Writer
}

func newVerifyCmd(wb Workbook, stdout io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout, workbook: wb}
	cmd := &cobra.Command{
		Use:   "verify --year YEAR (--input FILE | --population FILE --participants FILE) --issued ISSUED [--manifest FILE]",
		Short: "Recompute a year and compare everything an issued CSV, JSON, xlsx or EHF output states",
		Long: `verify recomputes the year from the input and compares everything the issued
output states with a fresh computation: every column of every CSV line (and of
the lines sheet of an xlsx workbook), every
value of the JSON document, every element and attribute of each EHF invoice
(--issued DIR, the folder calculate --format ehf wrote, or one FILE.xml; give the
--seller, --buyers, --issue-date, --due-days and --no-pdf calculate was given), and with
--manifest every field of the manifest and the issued bytes' SHA-256.

A way of writing the same content that calculate does not use (line order, a
byte-order mark, CRLF, quotes, ';', "185558.240") is a note; with --manifest the
bytes must match as well.

Exit status: 0 identical (notes allowed), 3 anything differs, 1 bad input.`,
		Example: "  digisos-invoice verify --year 2020 --input testdata/sample.csv --issued testdata/golden/sample-2020.csv --manifest testdata/golden/sample-2020.manifest.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.chain) > 1 || isCorrection(opts.chain[0]) {
				return runVerifyChain(opts)
			}
			opts.issued = opts.chain[0]
			if format, _, err := issuedFormat(opts.issued); err == nil && format != "ehf" {
				if err := refuseFlags(cmd.Flags(), "verify of a "+format+" file (they rebuild EHF invoices)", ehfFlags...); err != nil {
					return err
				}
			}
			return runVerify(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringArrayVar(&opts.chain, "issued", nil, "the issued output: a CSV, JSON or xlsx file, or EHF invoices (a folder or one .xml file) (required); "+
		"or calculate's CSV or JSON, then each correction's record in order, to check the chain")
	f.StringVar(&opts.manifest, "manifest", "", "the manifest written with the issued output: its fields and hashes are compared too")
	f.StringVar(&opts.seller, "seller", "", "ehf: the seller TOML file calculate was given")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: the buyers CSV file calculate was given")
	f.StringVar(&opts.issueDate, "issue-date", "", "ehf: the issue date calculate was given, YYYY-MM-DD")
	f.Var(newDecimalInt(&opts.dueDays, 30, 0, 365, 0, "30"), "due-days", "ehf: the days to the due date calculate was given, 0 to 365")
	f.BoolVar(&opts.noPDF, "no-pdf", false, "ehf: the invoices were written with --no-pdf, without the calculation basis")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("issued")
	return cmd
}

// verified is what comparing one issued output found.
type verified struct {
	report audit.Report
	what   string // for the summary: "the 35 lines of lines.csv"
	// now is the issued output as it is, and fresh the recomputed one:
	// name, format and hashes, as a manifest records them.
	now, fresh *record.Output
	single     bool // one invoice of an EHF folder
	// data and freshData are the bytes of a single-file output.
	data, freshData []byte
	// program and stamp are what the issued output records of its run.
	program *record.Program
	stamp   string
}

func runVerify(opts verifyOptions) error {
	format, data, err := issuedFormat(opts.issued)
	if err != nil {
		return err
	}
	if err := checkIssuedYear(format, data, opts.issued, opts.year); err != nil {
		return err
	}
	if format == "xlsx" && opts.workbook == nil {
		return errNoWorkbook
	}
	var issue time.Time
	if format == "ehf" {
		if issue, err = opts.ehfOptions.checkVerify(); err != nil {
			return err
		}
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	var v *verified
	switch format {
	case "csv":
		v, err = verifyLines(opts.issued, data, r)
	case "json":
		v, err = verifyDocument(opts.issued, data, r)
	case "xlsx":
		v, err = verifyWorkbook(opts.workbook, opts.issued, data, r)
	default:
		v, err = verifyInvoices(opts, data, r, issue)
	}
	if err != nil {
		return err
	}
	layoutNote(v, filepath.Base(opts.issued))
	if opts.manifest != "" {
		if err := verifyManifest(opts.manifest, v, r); err != nil {
			return err
		}
	}
	reportProgram(v)
	return writeVerification(opts, v)
}

// issuedFormat says what the issued output is: a folder or an XML file of
// EHF invoices, a JSON document, or CSV lines; data is the file's bytes.
func issuedFormat(path string) (string, []byte, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return "ehf", nil, nil
	}
	data, err := readFile(path)
	if err != nil {
		return "", nil, err
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")): // a zip file: an xlsx workbook
		return "xlsx", data, nil
	case strings.EqualFold(filepath.Ext(path), ".xml") || bytes.HasPrefix(trimmed, []byte("<")):
		return "ehf", data, nil
	case bytes.HasPrefix(trimmed, []byte("{")) || strings.EqualFold(filepath.Ext(path), ".json"):
		return "json", data, nil
	}
	return "csv", data, nil
}

func (o ehfOptions) checkVerify() (time.Time, error) {
	if o.seller == "" || o.buyers == "" || o.issueDate == "" {
		return time.Time{}, usageError("verify of EHF invoices rebuilds them: give the --seller, --buyers and --issue-date (and --due-days) that calculate was given")
	}
	if o.dueDays < 0 {
		return time.Time{}, usageError("--due-days %d: give 0 or more days", o.dueDays)
	}
	d, err := time.Parse(time.DateOnly, o.issueDate)
	if err != nil {
		return time.Time{}, usageError("--issue-date %q: write YYYY-MM-DD", o.issueDate)
	}
	return d, nil
}

// layoutNote notes a single-file output whose bytes differ from the fresh
// one's although no value and no named form differs: whitespace,
// indentation, escapes, prefixes.
func layoutNote(v *verified, name string) {
	if v.data == nil || !v.report.Identical() || len(v.report.Notes) > 0 || bytes.Equal(v.data, v.freshData) {
		return
	}
	v.report.AddNote("layout", name+" is laid out otherwise than calculate writes it (whitespace, indentation, escapes or prefixes)")
}

// addProvenance compares the inputs and the tariff an issued run recorded
// with this run's (record.Compare): each difference counts, once.
func addProvenance(v *verified, issued record.Run, r *run) {
	for _, d := range record.Compare(issued, r.meta()) {
		if s := d.String(); !slices.Contains(v.report.Provenance, s) {
			v.report.Provenance = append(v.report.Provenance, s)
		}
	}
}

// reportProgram reports, without counting it, a program other than this
// one that made the issued run: a newer release may re-run an old year.
func reportProgram(v *verified) {
	if v.program != nil && *v.program != version() {
		v.report.Reported = append(v.report.Reported, fmt.Sprintf("the issued run was made by %s %s; this is %s %s",
			v.program.Name, v.program, prog, version()))
	}
	if v.stamp != "" {
		v.report.Reported = append(v.report.Reported, "the issued run was stamped "+v.stamp)
	}
}

func writeVerification(opts verifyOptions, v *verified) error {
	name := filepath.Base(opts.issued)
	t := textio.Verification{Year: opts.year, What: v.what, Issued: name, Report: v.report}
	if opts.manifest != "" {
		t.Manifest = filepath.Base(opts.manifest)
	}
	var b bytes.Buffer
	if err := textio.WriteVerification(&b, t); err != nil {
		return failure(err)
	}
	if err := toStdout(opts.stdout, b.Bytes()); err != nil {
		return err
	}
	if !v.report.Identical() {
		return &exitError{code: exitDiffers, err: fmt.Errorf("%s differs from a fresh computation of %d", name, opts.year)}
	}
	return nil
}
