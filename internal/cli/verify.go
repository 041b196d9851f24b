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
			if len(opts.chain) > 1 {
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
	data, err := readFile(opts.issued)
	if err != nil {
		return err
	}
	name := filepath.Base(opts.issued)
	var issued []billing.IssuedLine
	var meta *jsonio.Meta
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		m, lines, err := jsonio.ReadDocument(bytes.NewReader(data), name)
		if err != nil {
			return inputError(err)
		}
		meta, issued = &m, lines
	} else if issued, err = csvio.ReadLines(bytes.NewReader(data), name); err != nil {
		return inputError(err)
	}
	if opts.manifest != "" {
		mdata, err := readFile(opts.manifest)
		if err != nil {
			return err
		}
		m, err := jsonio.ReadMeta(bytes.NewReader(mdata), filepath.Base(opts.manifest))
		if err != nil {
			return inputError(err)
		}
		if m.Output != nil && m.Output.SHA256 != sha256Hex(data) {
			return inputError(fmt.Errorf("%s: the manifest %s records output %s with sha256 %s, but this file's is %s: it is not the file the manifest describes",
				name, filepath.Base(opts.manifest), m.Output.Name, m.Output.SHA256, sha256Hex(data)))
		}
		meta = &m
	}
	for _, l := range issued {
		if l.Year != opts.year {
			return inputError(fmt.Errorf("%s: holds lines of %d, not %d", name, l.Year, opts.year))
		}
	}
	v := textio.Verification{Issued: name, Year: opts.year, IssuedLines: len(issued), Recomputed: len(r.alloc.Lines),
		Differences: billing.Compare(issued, r.alloc)}
	if meta != nil {
		v.Provenance = provenance(*meta, jsonio.NewMeta(r.alloc, version(), r.inputs))
	}
	var b bytes.Buffer
	if err := textio.WriteVerification(&b, v); err != nil {
		return inputError(err)
	}
	if err := commit(opts.stdout, false, pending{path: "-", data: b.Bytes()}); err != nil {
		return err
	}
	if !v.Identical() {
		return &exitError{code: exitDiffers, err: fmt.Errorf("%s differs from a fresh computation of %d", name, opts.year)}
	}
	return nil
}

// provenance compares what the issued run recorded with this run: the
// input files by role and hash, and the tariff.
func provenance(issued, now jsonio.Meta) []string {
	var out []string
	current := map[string]jsonio.Input{}
	for _, in := range now.Inputs {
		current[in.Role] = in
	}
	for _, was := range issued.Inputs {
		is, ok := current[was.Role]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("the issued run read a %s file %s (sha256 %s); this run read none", was.Role, was.Name, was.SHA256))
		case is.SHA256 != was.SHA256:
			out = append(out, fmt.Sprintf("the issued run read %s file %s with sha256 %s; this run read %s with sha256 %s", was.Role, was.Name, was.SHA256, is.Name, is.SHA256))
		}
		delete(current, was.Role)
	}
	for _, role := range []string{"municipalities", "tariff", "register", "renumbering"} {
		if is, ok := current[role]; ok {
			out = append(out, fmt.Sprintf("this run read a %s file %s (sha256 %s) that the issued run did not", role, is.Name, is.SHA256))
		}
	}
	if issued.Tariff.SourceSHA256 != now.Tariff.SourceSHA256 || issued.Tariff.AnnualCost != now.Tariff.AnnualCost {
		out = append(out, fmt.Sprintf("the issued run applied the tariff from %s (annual cost %s); this run applies %s (annual cost %s)",
			issued.Tariff.Source, issued.Tariff.AnnualCost, now.Tariff.Source, now.Tariff.AnnualCost))
	}
	return out
}
