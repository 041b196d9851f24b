package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/refdata"
)

type populationOptions struct {
	ssb      string
	encoding string
	output   string
	reads    []string // the files the flags name to read: none may be the output
	force    bool
	quiet    bool

	stdout, stderr io.Writer
}

func newPopulationCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := populationOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "population --ssb FILE [--encoding ENC] [--output FILE]",
		Short: "Print the population table read from an SSB StatBank export, normalised",
		Long: `population reads a population table, typically SSB's table 07459 exactly as
downloaded from StatBank, and prints what was read as a plain CSV table
(municipality_number, municipality_name, population), so you can check it
before billing. SSB's region labels are corrected from the register of the
table's year where they cut a name ("K-5006 teinkj" is 5006 Steinkjer).
What was converted or skipped is said on stderr.`,
		Example: "  digisos-invoice population --ssb testdata/ssb-07459-sample.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.reads = filesRead(cmd.Flags())
			return runPopulation(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.ssb, "ssb", "", "the population table: an SSB 07459 export as downloaded, or a plain CSV (required)")
	f.StringVar(&opts.encoding, "encoding", "", "encoding of the file: utf-8, windows-1252 or iso-8859-1 (SSB's exports are read as ISO-8859-1 when not UTF-8)")
	f.StringVarP(&opts.output, "output", "o", "-", "output file; - is stdout. An existing file is not replaced without --force")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file (atomically)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr")
	readsFiles(f, "ssb")
	_ = cmd.MarkFlagRequired("ssb")
	return cmd
}

func runPopulation(opts populationOptions) error {
	if err := csvio.CheckEncoding(opts.encoding); err != nil {
		return usageError("--encoding %v", err)
	}
	out := outfile.Set{Files: []outfile.File{{Path: opts.output}}, Force: opts.force, Inputs: opts.reads}
	if err := checkOutputs(out); err != nil {
		return err
	}
	name := filepath.Base(opts.ssb)
	pop, _, err := parseFile(opts.ssb, func(rd io.Reader, name string) (*csvio.Population, error) {
		return csvio.ReadPopulation(rd, name, csvio.Options{Encoding: opts.encoding})
	})
	if err != nil {
		return err
	}
	if reg, regName, ok := refdata.Register(pop.Year); ok {
		if note := pop.CorrectNames(reg, regName); note != "" {
			pop.Notes = append(pop.Notes, note)
		}
	}
	var b bytes.Buffer
	if err := csvio.WritePopulation(&b, pop); err != nil {
		return failure(err)
	}
	out.Files[0].Data = b.Bytes()
	reportTo(&out, opts.stderr, opts.quiet)
	if err := writeOutputs(opts.stdout, out); err != nil {
		return err
	}
	if !opts.quiet {
		fmt.Fprintf(opts.stderr, "%s: %s: %s, %d inhabitants\n", prog, name, count(len(pop.Rows), "municipality", "municipalities"), pop.Total())
		for _, n := range pop.Notes {
			fmt.Fprintf(opts.stderr, "%s: note: %s: %s\n", prog, name, n)
		}
	}
	return nil
}
