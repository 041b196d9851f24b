package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/textio"
)

type verifyOptions struct {
	inputOptions
	issued   string
	chain    []string // every --issued, in order
	manifest string
	stdout   io.Writer
}

func newVerifyCmd(stdout io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout}
	cmd := &cobra.Command{
		Use:   "verify --year YEAR (--input FILE | --population FILE --participants FILE) --issued ISSUED [--manifest FILE]",
		Short: "Recompute a year and compare it with an issued CSV or JSON file, to the øre",
		Long: `verify recomputes the year from the input and compares every line with an
issued file that calculate wrote (CSV or JSON). It prints each difference and a
summary, and reports when the issued file was produced from other input files
(their SHA-256 in the JSON metadata, or in the manifest given with --manifest).

Exit status: 0 identical, 3 anything differs, 1 bad input.`,
		Example: "  digisos-invoice verify --year 2020 --input testdata/sample.csv --issued testdata/golden/sample-2020.csv --manifest testdata/golden/sample-2020.manifest.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.chain) > 1 || isCorrection(opts.chain[0]) {
				return runVerifyChain(opts)
			}
			opts.issued = opts.chain[0]
			return runVerify(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringArrayVar(&opts.chain, "issued", nil, "the issued lines, CSV or JSON as calculate wrote them (required); again for each correction's record, in order, to check the chain")
	f.StringVar(&opts.manifest, "manifest", "", "the manifest written with the issued file, to compare the inputs it records")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("issued")
	return cmd
}

func runVerify(opts verifyOptions) error {
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	issued, data, err := parseFile(opts.issued, readIssued)
	if err != nil {
		return err
	}
	name := filepath.Base(opts.issued)
	if opts.manifest != "" {
		m, _, err := parseFile(opts.manifest, jsonio.ReadMeta)
		if err != nil {
			return err
		}
		if h := record.Hash(data); m.Output != nil && m.Output.SHA256 != h {
			return failure(fmt.Errorf("%s: the manifest %s records output %s with sha256 %s, but this file's is %s: it is not the file the manifest describes",
				name, filepath.Base(opts.manifest), m.Output.Name, m.Output.SHA256, h))
		}
		issued.meta = &m
	}
	for _, l := range issued.lines {
		if l.Year != opts.year {
			return failure(fmt.Errorf("%s: holds lines of %d, not %d", name, l.Year, opts.year))
		}
	}
	v := record.Verification{Issued: name, Year: opts.year, IssuedLines: len(issued.lines), Recomputed: len(r.alloc.Lines),
		Differences: billing.Compare(issued.lines, r.alloc)}
	if issued.meta != nil {
		v.Provenance = record.Compare(*issued.meta, r.meta())
	}
	var b bytes.Buffer
	if err := textio.WriteVerification(&b, v); err != nil {
		return failure(err)
	}
	if err := toStdout(opts.stdout, b.Bytes()); err != nil {
		return err
	}
	if !v.Identical() {
		return &exitError{code: exitDiffers, err: fmt.Errorf("%s differs from a fresh computation of %d", name, opts.year)}
	}
	return nil
}

// issuedFile is an issued file as read: its lines, and the record of the
// run that wrote it when it holds one (JSON, or the manifest given).
type issuedFile struct {
	meta  *record.Run
	lines []billing.IssuedLine
}

// readIssued reads the lines of an issued file, JSON or CSV as calculate
// wrote them.
func readIssued(rd io.Reader, name string) (issuedFile, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return issuedFile{}, err
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		m, lines, err := jsonio.ReadDocument(bytes.NewReader(data), name)
		return issuedFile{meta: &m, lines: lines}, err
	}
	lines, err := csvio.ReadLines(bytes.NewReader(data), name)
	return issuedFile{lines: lines}, err
}
