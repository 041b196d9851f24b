package cli

import (
	"bytes"
	"io"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/textio"
)

type explainOptions struct {
	inputOptions
	municipality string
	format       string
	issued       []string
	stdout       io.Writer
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	opts := explainOptions{stdout: stdout}
	cmd := &cobra.Command{
		Use:   "explain --year YEAR (--input FILE | --population FILE --participants FILE) --municipality NNNN [--format text|json]",
		Short: "Show why a municipality owes what it owes: every pool, share, rounding and tie",
		Long: `explain recomputes the year as calculate does and shows, for each quarter and
solution of one municipality, the pool and how it was derived, the participants,
the exact share as a fraction and a decimal, the amount rounded down, whether it
received a leftover øre and its rank among the remainders (and who it tied
with), the final amount and any waiver.`,
		Example: "  digisos-invoice explain --year 2020 --input testdata/sample.csv --municipality 0301",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVarP(&opts.municipality, "municipality", "m", "", "the municipality number (required)")
	f.StringVar(&opts.format, "format", "text", "text or json")
	f.StringArrayVar(&opts.issued, "issued", nil, "what was issued: calculate's CSV or JSON, then each correction's record in order; adds the municipality's documents")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("municipality")
	return cmd
}

func runExplain(opts explainOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError("--format %q: use text or json", opts.format)
	}
	if _, err := billing.ParseMunicipalityNumber(opts.municipality); err != nil {
		return usageError("--municipality %v", err)
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	e, err := billing.Explain(r.alloc, opts.municipality)
	if err != nil {
		return failure(err)
	}
	var history *correction.History
	if len(opts.issued) > 0 {
		links, err := readChain(opts.issued, opts.year)
		if err != nil {
			return err
		}
		h := correction.HistoryOf(links, opts.municipality)
		history = &h
	}
	var b bytes.Buffer
	if opts.format == "json" {
		doc := jsonio.NewExplanation(e, r.meta())
		if history != nil {
			doc.Issued = jsonio.NewHistory(*history)
		}
		err = jsonio.Write(&b, doc)
	} else if err = textio.WriteExplanation(&b, e); err == nil && history != nil {
		err = textio.WriteHistory(&b, *history)
	}
	if err != nil {
		return failure(err)
	}
	return toStdout(opts.stdout, b.Bytes())
}
