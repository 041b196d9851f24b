package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/format"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
)

type calculateOptions struct {
	inputOptions
	ehfOptions
	format   string
	output   string
	manifest string
	reads    []string // the files the flags name to read: none may be an output
	force    bool
	stamp    bool
	quiet    bool
	now      func() time.Time

	stdout, stderr io.Writer
}

func newCalculateCmd(stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	opts := calculateOptions{stdout: stdout, stderr: stderr, now: now}
	cmd := &cobra.Command{
		Use:   "calculate --year YEAR (--input FILE | --population FILE --participants FILE) [--format csv|json|ehf|xlsx] [--output FILE]",
		Short: "Compute the year's invoice lines per municipality, quarter and solution",
		Long: `calculate reads the participating municipalities with their populations,
applies the year's tariff and writes one invoice line per municipality, quarter
and solution it uses. A summary goes to stderr unless --quiet.`,
		Example: `  digisos-invoice calculate --year 2020 --input testdata/sample.csv
  digisos-invoice calculate --year 2020 --input testdata/sample.csv --format json --output lines.json
  digisos-invoice calculate --year 2020 --input testdata/sample.csv --format xlsx --output lines-2020.xlsx
  digisos-invoice calculate --year 2020 --population testdata/ssb-07459-sample.csv --participants testdata/participants.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkEffect(cmd.Flags(), opts.format, opts.manifest); err != nil {
				return err
			}
			opts.reads = filesRead(cmd.Flags())
			return runCalculate(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVar(&opts.format, "format", format.For(formats, format.Calculate)[0].Name(), "output format: "+format.List(formats, format.Calculate, true))
	f.StringVarP(&opts.output, "output", "o", "-", "output file (a folder for ehf); - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.seller, "seller", "", "ehf: seller TOML file (name, organisation number, address, account, KID scheme, VAT)")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: buyers CSV file (municipality_number, organisation_number, name, buyer_reference)")
	dateVar(f, &opts.issueDate, "issue-date", "ehf: the invoices' issue date, YYYY-MM-DD")
	f.Var(newDecimalInt(&opts.dueDays, 30, 0, 365, 0, "30"), "due-days", "ehf: days from the issue date to the due date, 0 to 365")
	f.BoolVar(&opts.noPDF, "no-pdf", false, "ehf: leave out the calculation basis (a PDF) each invoice carries")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run: program, rules, tariff, input and output hashes")
	f.BoolVar(&opts.force, "force", false, "replace existing output and manifest files (atomically)")
	readsFiles(f, "seller", "buyers")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

func runCalculate(opts calculateOptions) error {
	f, u, err := lookUp(format.Calculate, opts.format)
	if err != nil {
		return err
	}
	issue, err := checkUse(u, opts.format, opts.ehfOptions, opts.output, opts.year)
	if err != nil {
		return err
	}
	if u.Parties {
		if err := warnIssueDate(opts.stderr, issue, opts.year); err != nil {
			return err
		}
	}
	if err := checkOutputs(targets(opts, u.Owns)); err != nil {
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
	p.addTo(r)
	if err := p.checkInvoiced(r); err != nil {
		return err
	}
	if opts.stamp {
		r.stamp = opts.now().UTC().Format(time.RFC3339)
	}
	out, err := f.Render(&format.Run{Alloc: r.alloc, Meta: r.meta(), Parties: p.format(), Issue: issue,
		DueDays: opts.dueDays, NoPDF: opts.noPDF, Output: opts.output})
	if err != nil {
		return failure(err)
	}
	return writeCalculation(opts, r, out)
}

// writeCalculation writes calculate's output and manifest, and says what
// it did on stderr.
func writeCalculation(opts calculateOptions, r *run, out format.Output) error {
	set, err := outputs(opts, r, out)
	if err != nil {
		return err
	}
	unchanged := reportTo(&set, opts.stderr, opts.quiet)
	if err := writeOutputs(opts.stdout, set); err != nil {
		return err
	}
	if out.Done != "" && !opts.quiet && !unchanged(opts.output) {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, out.Done)
	}
	warnUnallocated(opts.stderr, r.alloc)
	if !opts.quiet {
		printSummary(opts.stderr, r.alloc)
		for _, n := range r.notes {
			fmt.Fprintf(opts.stderr, "%s: note: %s\n", prog, n)
		}
	}
	return nil
}

// warnIssueDate applies checkIssueDate: a date before the year starts is
// an error, one before it ends a warning on stderr.
func warnIssueDate(stderr io.Writer, issue time.Time, year int) error {
	warning, err := checkIssueDate(issue, year)
	if warning != "" {
		fmt.Fprintf(stderr, "%s: %s\n", prog, warning)
	}
	return err
}

// targets is where calculate writes, without the bytes: the output, a file
// or a folder (whose files are its own when folder owns them), and the manifest. They are
// checked before anything is read.
func targets(opts calculateOptions, folder func(string, []byte) bool) outfile.Set {
	set := outfile.Set{Force: opts.force, Inputs: opts.reads}
	if folder != nil {
		set.Folders = []outfile.Folder{{Path: opts.output, Owns: folder}}
	} else {
		set.Files = []outfile.File{{Path: opts.output}}
	}
	if opts.manifest != "" {
		set.Files = append(set.Files, outfile.File{Path: opts.manifest})
	}
	return set
}

// outputs is what calculate writes: the rendered output, as a file or a
// folder, and the manifest that records it when asked for.
func outputs(opts calculateOptions, r *run, out format.Output) (outfile.Set, error) {
	set := targets(opts, useOf(format.Calculate, opts.format).Owns)
	meta := r.meta()
	if out.Files != nil {
		set.Folders[0].Files = files(out)
		meta.Output = folderOutput(opts.output, opts.format, set.Folders[0].Files)
	} else {
		set.Files[0].Data = out.Data
		name := "-"
		if !set.Files[0].ToStdout() {
			name = filepath.Base(opts.output)
		}
		meta.Output = record.NewOutput(name, opts.format, out.Data)
	}
	if opts.manifest != "" {
		var m bytes.Buffer
		if err := jsonio.Write(&m, meta); err != nil {
			return outfile.Set{}, failure(err)
		}
		set.Files[len(set.Files)-1].Data = m.Bytes()
	}
	return set, nil
}
