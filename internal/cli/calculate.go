package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/jsonio"
)

type calculateOptions struct {
	inputOptions
	format string
	output string
	quiet  bool

	stdout, stderr io.Writer
}

func newCalculateCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := calculateOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "calculate --year YEAR --input FILE [--format csv|json] [--output FILE]",
		Short: "Compute the year's invoice lines per municipality, quarter and solution",
		Long: `calculate reads the participating municipalities with their populations,
applies the year's tariff and writes one invoice line per municipality, quarter
and solution it uses. A summary goes to stderr unless --quiet.`,
		Example: `  digisos-invoice calculate --year 2020 --input testdata/sample.csv
  digisos-invoice calculate --year 2020 --input testdata/sample.csv --format json --output lines.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCalculate(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringVar(&opts.format, "format", "csv", "output format: csv or json")
	f.StringVarP(&opts.output, "output", "o", "-", "output file; - is stdout")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("input")
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

	err = writeOutput(opts.output, opts.stdout, func(w io.Writer) error {
		if opts.format == "json" {
			return jsonio.Write(w, jsonio.NewDocument(a, jsonio.NewMeta(a, version(), r.inputs)))
		}
		return csvio.WriteLines(w, a)
	})
	if err != nil {
		return inputError(err)
	}
	warnUnallocated(opts.stderr, a)
	if !opts.quiet {
		printSummary(opts.stderr, a)
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

// writeOutput writes what write produces to path, or to stdout for "-".
// Nothing is written unless write succeeds: a file is written to a
// temporary file in the same folder and renamed over path at the end.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: cannot write the output file: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
