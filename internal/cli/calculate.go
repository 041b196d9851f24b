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
	f.StringVar(&opts.format, "format", "csv", "output format: csv or json")
	f.StringVarP(&opts.output, "output", "o", "-", "output file; - is stdout. An existing file is not replaced without --force")
	f.StringVar(&opts.manifest, "manifest", "", "also write a JSON manifest of the run: program, rules, tariff, input and output hashes")
	f.BoolVar(&opts.force, "force", false, "replace existing output and manifest files (atomically)")
	f.BoolVar(&opts.stamp, "stamp", false, "record the time of the run in the metadata (re-runs then differ)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

func runCalculate(opts calculateOptions) error {
	if opts.format != "csv" && opts.format != "json" {
		return usageError("--format %q: use csv or json", opts.format)
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	a := r.alloc
	for _, w := range r.warnings {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, w)
	}

	meta := jsonio.NewMeta(a, version(), r.inputs)
	if opts.stamp {
		meta.Stamp = opts.now().UTC().Format(time.RFC3339)
	}
	var out bytes.Buffer
	if opts.format == "json" {
		err = jsonio.Write(&out, jsonio.NewDocument(a, meta))
	} else {
		err = csvio.WriteLines(&out, a)
	}
	if err != nil {
		return inputError(err)
	}
	outs := []pending{{path: opts.output, data: out.Bytes()}}
	if opts.manifest != "" {
		name := opts.output
		if name == "" || name == "-" {
			name = "-"
		} else {
			name = filepath.Base(name)
		}
		meta.Output = &jsonio.Output{Name: name, Format: opts.format, SHA256: sha256Hex(out.Bytes())}
		var m bytes.Buffer
		if err := jsonio.Write(&m, meta); err != nil {
			return inputError(err)
		}
		outs = append(outs, pending{path: opts.manifest, data: m.Bytes()})
	}
	if err := commit(opts.stdout, opts.force, outs...); err != nil {
		return err
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
