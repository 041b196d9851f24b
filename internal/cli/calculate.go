package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/jsonio"
)

type calculateOptions struct {
	inputOptions
	ehfOptions
	format   string
	output   string
	manifest string
	force    bool
	stamp    bool
	quiet    bool
	now      func() time.Time

	stdout, stderr io.Writer
}

func newCalculateCmd(stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	opts := calculateOptions{stdout: stdout, stderr: stderr, now: now}
	cmd := &cobra.Command{
		Use:   "calculate --year YEAR (--input FILE | --population FILE --participants FILE) [--format csv|json] [--output FILE]",
		Short: "Compute the year's invoice lines per municipality, quarter and solution",
		Long: `calculate reads the participating municipalities with their populations,
applies the year's tariff and writes one invoice line per municipality, quarter
and solution it uses. A summary goes to stderr unless --quiet.`,
		Example: `  digisos-invoice calculate --year 2020 --input testdata/sample.csv
  digisos-invoice calculate --year 2020 --input testdata/sample.csv --format json --output lines.json
  digisos-invoice calculate --year 2020 --population testdata/ssb-07459-sample.csv --participants testdata/participants.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCalculate(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVar(&opts.format, "format", "csv", "output format: csv, json or ehf (one EHF invoice per municipality)")
	f.StringVarP(&opts.output, "output", "o", "-", "output file (a folder for ehf); - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.seller, "seller", "", "ehf: seller TOML file (name, organisation number, address, account, KID scheme, VAT)")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: buyers CSV file (municipality_number, organisation_number, name, buyer_reference)")
	f.StringVar(&opts.issueDate, "issue-date", "", "ehf: the invoices' issue date, YYYY-MM-DD")
	f.IntVar(&opts.dueDays, "due-days", 30, "ehf: days from the issue date to the due date")
	f.BoolVar(&opts.noPDF, "no-pdf", false, "ehf: leave out the calculation basis (a PDF) each invoice carries")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run: program, rules, tariff, input and output hashes")
	f.BoolVar(&opts.force, "force", false, "replace existing output and manifest files (atomically)")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

func runCalculate(opts calculateOptions) error {
	var issue time.Time
	switch opts.format {
	case "csv", "json":
	case "ehf":
		var err error
		if issue, err = opts.ehfOptions.check(opts.output); err != nil {
			return err
		}
	default:
		return usageError("--format %q: use csv, json or ehf", opts.format)
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	a := r.alloc
	for _, w := range r.warnings {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, w)
	}

	// EHF reads the seller and buyers files first, so that the metadata
	// records them too.
	var files []file
	if opts.format == "ehf" {
		if files, err = buildEHF(opts.ehfOptions, issue, r, csvio.Options{Encoding: opts.encoding}); err != nil {
			return err
		}
	}
	meta := jsonio.NewMeta(a, version(), r.inputs)
	if opts.stamp {
		meta.Stamp = opts.now().UTC().Format(time.RFC3339)
	}
	var outs []pending
	if opts.format == "ehf" {
		meta.Output = folderOutput(opts.output, opts.format, files)
	} else {
		var out bytes.Buffer
		if opts.format == "json" {
			err = jsonio.Write(&out, jsonio.NewDocument(a, meta))
		} else {
			err = csvio.WriteLines(&out, a)
		}
		if err != nil {
			return inputError(err)
		}
		outs = append(outs, pending{path: opts.output, data: out.Bytes()})
		name := "-"
		if opts.output != "" && opts.output != "-" {
			name = filepath.Base(opts.output)
		}
		meta.Output = &jsonio.Output{Name: name, Format: opts.format, SHA256: sha256Hex(out.Bytes())}
	}
	if opts.manifest != "" {
		var m bytes.Buffer
		if err := jsonio.Write(&m, meta); err != nil {
			return inputError(err)
		}
		outs = append(outs, pending{path: opts.manifest, data: m.Bytes()})
	}
	if opts.format == "ehf" {
		if err := checkFree(opts.force, outs...); err != nil {
			return err
		}
		if err := commitDir(opts.output, opts.force, files); err != nil {
			return err
		}
	}
	if err := commit(opts.stdout, opts.force, outs...); err != nil {
		return err
	}
	if opts.format == "ehf" && !opts.quiet {
		fmt.Fprintf(opts.stderr, "%s: wrote %d EHF invoices to %s, payable %s NOK in all; %d municipalities owe nothing and get no invoice\n",
			prog, len(files), opts.output, a.Totals.Invoiced, len(a.Municipalities)-len(files))
	}
	warnUnallocated(opts.stderr, a)
	if !opts.quiet {
		printSummary(opts.stderr, a)
		for _, n := range r.notes {
			fmt.Fprintf(opts.stderr, "%s: note: %s\n", prog, n)
		}
	}
	return nil
}

func inputError(err error) error {
	return &exitError{code: exitInput, err: err}
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
