package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/format"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/textio"
	"digisos-invoice/internal/verify"
)

type verifyOptions struct {
	inputOptions
	ehfOptions
	issued   string
	chain    []string // every --issued, in order
	first    []byte   // a lone --issued correction record's bytes, read once
	manifest string
	stdout   io.Writer
}

func newVerifyCmd(stdout io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout}
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
			if len(opts.chain) > 1 {
				return runVerifyChain(opts)
			}
			opts.issued = opts.chain[0]
			is, err := readIssued(opts.issued)
			if err != nil {
				return err
			}
			if is.Files == nil && jsonio.IsCorrection(is.Data) {
				opts.first = is.Data
				return runVerifyChain(opts)
			}
			f, u := detect(filepath.Base(opts.issued), is)
			if !u.Parties {
				if err := refuseFlags(cmd.Flags(), "verify of a "+f.Name()+" file (they rebuild EHF invoices)", ehfFlags...); err != nil {
					return err
				}
			}
			return runVerify(opts, f, u, is)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	f.StringArrayVar(&opts.chain, "issued", nil, "the issued output: a CSV, JSON or xlsx file, or EHF invoices (a folder or one .xml file) (required); "+
		"or calculate's CSV or JSON, then each correction's record in order, to check the chain")
	f.StringVar(&opts.manifest, "manifest", "", "the manifest written with the issued output: its fields and hashes are compared too")
	f.StringVar(&opts.seller, "seller", "", "ehf: the seller TOML file calculate was given")
	f.StringVar(&opts.buyers, "buyers", "", "ehf: the buyers CSV file calculate was given")
	readsFiles(f, "issued", "manifest", "seller", "buyers")
	dateVar(f, &opts.issueDate, "issue-date", "ehf: the issue date calculate was given, YYYY-MM-DD")
	f.Var(newDecimalInt(&opts.dueDays, 30, 0, 365, 0, "30"), "due-days", "ehf: the days to the due date calculate was given, 0 to 365")
	f.BoolVar(&opts.noPDF, "no-pdf", false, "ehf: the invoices were written with --no-pdf, without the calculation basis")
	_ = cmd.MarkFlagRequired("year")
	_ = cmd.MarkFlagRequired("issued")
	return cmd
}

func runVerify(opts verifyOptions, f format.Format, u format.Use, is issued) error {
	if err := checkIssuedYear(f, is, opts.issued, opts.year); err != nil {
		return err
	}
	var p *parties
	if u.Parties {
		if opts.seller == "" || opts.buyers == "" || opts.issueDate.IsZero() {
			return usageError("verify of %s rebuilds them: give the --seller, --buyers and --issue-date (and --due-days) that calculate was given", u.Note)
		}
		if opts.dueDays < 0 {
			return usageError("--due-days %d: give 0 or more days", opts.dueDays)
		}
		var err error
		if p, err = readParties(opts.ehfOptions, opts.encoding); err != nil {
			return err
		}
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	p.addTo(r)
	if err := p.checkInvoiced(r); err != nil {
		return err
	}
	fr := &format.Run{Alloc: r.alloc, Meta: r.meta(), Parties: p.format(), Issue: opts.issueDate, DueDays: opts.dueDays, NoPDF: opts.noPDF}
	name := filepath.Base(opts.issued)
	var v *verify.Result
	if is.Files != nil {
		v, err = verify.Folder(f, name, is.Files, fr)
	} else {
		v, err = verify.File(f, name, is.Data, fr, opts.manifest != "")
	}
	if err != nil {
		return failure(err)
	}
	if opts.manifest != "" {
		data, err := readFile(opts.manifest)
		if err != nil {
			return err
		}
		if err := v.Manifest(data, filepath.Base(opts.manifest), r.meta()); err != nil {
			return failure(err)
		}
	}
	v.ReportProgram(version())
	return writeVerification(opts, v)
}

// issued is an issued output as read, once: the bytes of a file, or the
// files of a folder (Files non-nil).
type issued struct {
	Data  []byte
	Files []format.File
}

// readIssued reads the issued output at path: a folder's files (an entry
// that is not a regular file is kept with no data, to be reported), or a
// file's bytes.
func readIssued(path string) (issued, error) {
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		data, err := readFile(path)
		return issued{Data: data}, err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return issued{}, failure(fmt.Errorf("%s: %w", path, err))
	}
	out := []format.File{}
	total := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			out = append(out, format.File{Name: e.Name()})
			continue
		}
		data, err := readFile(filepath.Join(path, e.Name()))
		if err != nil {
			return issued{}, err
		}
		if total += len(data); total > maxFolderBytes {
			return issued{}, failure(fmt.Errorf("%s: its files hold more than %d MiB, the limit of an issued folder", path, maxFolderBytes>>20))
		}
		out = append(out, format.File{Name: e.Name(), Data: data})
	}
	return issued{Files: out}, nil
}

// detect returns the format of an issued output, and how it is verified:
// a folder's is the format that writes folders, a file's the one its
// bytes say (format.Sniff).
func detect(name string, is issued) (format.Format, format.Use) {
	vs := format.For(formats, format.Verify)
	for _, f := range vs {
		u, _ := f.Use(format.Verify)
		if is.Files != nil && u.Folder != nil || is.Files == nil && f.Sniff(name, is.Data) {
			return f, u
		}
	}
	u, _ := vs[0].Use(format.Verify)
	return vs[0], u
}

func writeVerification(opts verifyOptions, v *verify.Result) error {
	name := filepath.Base(opts.issued)
	t := textio.Verification{Year: opts.year, What: v.What, Issued: name, Report: v.Report}
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
	if !v.Report.Identical() {
		return &exitError{code: exitDiffers, err: fmt.Errorf("%s differs from a fresh computation of %d", name, opts.year)}
	}
	return nil
}
