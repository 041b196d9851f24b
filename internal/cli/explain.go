package cli

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/outfile"
)

type explainOptions struct {
	inputOptions
	municipality string
	format       string
	output       string
	force        bool
	issueDate    time.Time // pdf: the date printed on the basis
	issued       []string
	reads        []string // the files the flags name to read: none may be the output
	stdout       io.Writer
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	opts := explainOptions{stdout: stdout}
	cmd := &cobra.Command{
		Use:   "explain --year YEAR (--input FILE | --population FILE --participants FILE) --municipality NNNN [--format text|json|pdf] [--output FILE]",
		Short: "Show why a municipality owes what it owes: every pool, share, rounding and tie",
		Long: `explain recomputes the year as calculate does and shows, for each quarter and
solution of one municipality, the pool and how it was derived, the participants,
the exact share as a fraction and a decimal, the amount rounded down, whether it
received a leftover øre and its rank among the remainders (and who it tied
with), the final amount and any waiver.

--format pdf writes the same figures as the calculation basis in Norwegian
that each EHF invoice carries, byte for byte when given the invoices'
--issue-date.`,
		Example: `  digisos-invoice explain --year 2020 --input testdata/sample.csv --municipality 0301
  digisos-invoice explain --year 2020 --input testdata/sample.csv --municipality 0301 --format pdf --issue-date 2021-01-15 --output oslo.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if useOf(format.Explain, opts.format).Date == "" {
				if err := refuseFlags(cmd.Flags(), "explain --format "+opts.format+" (it dates the PDF)", "issue-date"); err != nil {
					return err
				}
			}
			opts.reads = filesRead(cmd.Flags())
			return runExplain(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVarP(&opts.municipality, "municipality", "m", "", "the municipality number (required)")
	f.StringVar(&opts.format, "format", format.For(formats, format.Explain)[0].Name(), format.List(formats, format.Explain, true))
	f.StringVarP(&opts.output, "output", "o", "-", "output file; - is stdout (not for pdf). An existing file is not replaced without --force")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file (atomically)")
	dateVar(f, &opts.issueDate, "issue-date", "pdf: the invoices' issue date, YYYY-MM-DD, printed on the basis")
	f.StringArrayVar(&opts.issued, "issued", nil, "what was issued: calculate's CSV or JSON, then each correction's record in order; adds the municipality's documents (text, json)")
	readsFiles(f, "issued")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("municipality")
	return cmd
}

func runExplain(opts explainOptions) error {
	f, issue, err := opts.check()
	if err != nil {
		return err
	}
	if err := checkOutputs(outfile.Set{Files: []outfile.File{{Path: opts.output}}, Force: opts.force, Inputs: opts.reads}); err != nil {
		return err
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	if _, err := billing.Explain(r.alloc, opts.municipality); err != nil {
		return failure(err)
	}
	var history *correction.History
	if len(opts.issued) > 0 {
		links, err := readChain(opts.issued, opts.year, nil)
		if err != nil {
			return err
		}
		h := correction.HistoryOf(links, opts.municipality)
		history = &h
	}
	out, err := f.Render(&format.Run{Alloc: r.alloc, Meta: r.meta(), Issue: issue, Only: []string{opts.municipality}, History: history})
	if err != nil {
		return failure(err)
	}
	set := outfile.Set{Files: []outfile.File{{Path: opts.output, Data: out.Data}}, Force: opts.force, Inputs: opts.reads}
	return writeOutputs(opts.stdout, set)
}

// check checks the flags and returns the format and the issue date it
// prints (a PDF's).
func (opts explainOptions) check() (format.Format, time.Time, error) {
	if _, err := billing.ParseMunicipalityNumber(opts.municipality); err != nil {
		return nil, time.Time{}, usageError("--municipality %v", err)
	}
	f, u, err := lookUp(format.Explain, opts.format)
	if err != nil {
		return nil, time.Time{}, err
	}
	issue, err := checkUse(u, opts.format, ehfOptions{issueDate: opts.issueDate}, opts.output, opts.year)
	return f, issue, err
}
