package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/tomlio"
)

// inputOptions are the flags that say what a run reads; calculate, explain
// and verify share them, so that they compute the same way.
type inputOptions struct {
	year        int
	input       string
	tariff      string
	register    string
	renumbering string
}

func (o *inputOptions) bind(f *pflag.FlagSet) {
	f.IntVar(&o.year, "year", 0, "the year to invoice (required)")
	f.StringVar(&o.input, "input", "", "municipalities CSV file (required)")
	f.StringVar(&o.tariff, "tariff", "", "tariff TOML file: adds years to the built-in tariffs or replaces them")
	f.StringVar(&o.register, "register", "", "SSB municipality register (KLASS 131 CSV) of the year: every input number must be in it")
	f.StringVar(&o.renumbering, "renumbering", "", "SSB renumbering table (CSV) whose old numbers are named in errors (needs --register)")
}

// run is everything read and computed for one year.
type run struct {
	tariff   billing.Tariff
	input    *csvio.Input
	inputs   []jsonio.Input // every file read, for the record
	warnings []string
	alloc    billing.Allocation
}

// load reads the files named by o and allocates the year.
func load(o inputOptions) (*run, error) {
	if o.renumbering != "" && o.register == "" {
		return nil, usageError("--renumbering needs --register: the register says which numbers exist")
	}
	ts, tariffInput, err := loadTariffs(o.tariff)
	if err != nil {
		return nil, err
	}
	tariff, err := ts.For(o.year)
	if err != nil {
		return nil, inputError(err)
	}
	r := &run{tariff: tariff}
	data, err := readFile(o.input)
	if err != nil {
		return nil, err
	}
	r.input, err = csvio.ReadMunicipalities(bytes.NewReader(data), filepath.Base(o.input), tariff.Solutions())
	if err != nil {
		return nil, inputError(err)
	}
	r.inputs = append(r.inputs, fileInput("municipalities", o.input, data, len(r.input.Municipalities)))
	if tariffInput != nil {
		r.inputs = append(r.inputs, *tariffInput)
	}
	if o.register != "" {
		if err := r.checkRegister(o); err != nil {
			return nil, err
		}
	}
	r.alloc, err = billing.Allocate(tariff, r.input.Municipalities)
	if err != nil {
		return nil, inputError(err)
	}
	return r, nil
}

func (r *run) checkRegister(o inputOptions) error {
	data, err := readFile(o.register)
	if err != nil {
		return err
	}
	reg, err := csvio.ReadRegister(bytes.NewReader(data), filepath.Base(o.register))
	if err != nil {
		return inputError(err)
	}
	r.inputs = append(r.inputs, fileInput("register", o.register, data, reg.Len()))
	var rn *billing.Renumbering
	if o.renumbering != "" {
		data, err := readFile(o.renumbering)
		if err != nil {
			return err
		}
		table, err := csvio.ReadRenumbering(bytes.NewReader(data), filepath.Base(o.renumbering))
		if err != nil {
			return inputError(err)
		}
		rn = &table
		r.inputs = append(r.inputs, fileInput("renumbering", o.renumbering, data, 0))
	}
	warnings, err := r.input.CheckRegister(reg, filepath.Base(o.register), rn)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return inputError(err)
	}
	return nil
}

// loadTariffs returns the built-in tariffs, with those of file added or
// replacing them when file is not empty, and the file's record.
func loadTariffs(file string) (billing.Tariffs, *jsonio.Input, error) {
	if file == "" {
		return tomlio.Builtin(), nil, nil
	}
	data, err := readFile(file)
	if err != nil {
		return nil, nil, err
	}
	ts, err := tomlio.ReadTariffs(bytes.NewReader(data), filepath.Base(file), tomlio.Builtin())
	if err != nil {
		return nil, nil, inputError(err)
	}
	in := fileInput("tariff", file, data, len(ts))
	return ts, &in, nil
}

func readFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = errors.New(path + ": " + pe.Err.Error())
		}
		return nil, inputError(err)
	}
	return data, nil
}

func fileInput(role, path string, data []byte, rows int) jsonio.Input {
	return jsonio.Input{Role: role, Name: filepath.Base(path), SHA256: sha256Hex(data), Rows: rows}
}
