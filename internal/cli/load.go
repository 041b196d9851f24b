package cli

import (
	"bytes"
	"errors"
	"fmt"
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
	year         int
	input        string
	population   string
	participants string
	encoding     string
	tariff       string
	register     string
	renumbering  string
}

func (o *inputOptions) bind(f *pflag.FlagSet) {
	yearVar(f, &o.year, "the year to invoice, four digits (required)")
	f.StringVar(&o.input, "input", "", "municipalities CSV file: numbers, names, populations and start dates")
	f.StringVar(&o.population, "population", "", "population table, plain CSV or an SSB 07459 export as downloaded (with --participants, instead of --input)")
	f.StringVar(&o.participants, "participants", "", "participation list: municipality_number and the *_from dates (with --population)")
	f.StringVar(&o.encoding, "encoding", "", "encoding of the input files: utf-8 (default), windows-1252 or iso-8859-1")
	f.StringVar(&o.tariff, "tariff", "", "tariff TOML file: adds years to the built-in tariffs or replaces them")
	f.StringVar(&o.register, "register", "", "SSB municipality register (KLASS 131 CSV) of the year: every input number must be in it")
	f.StringVar(&o.renumbering, "renumbering", "", "SSB renumbering table (CSV) whose old numbers are named in errors (needs --register)")
}

func (o inputOptions) check() error {
	switch {
	case o.input != "" && (o.population != "" || o.participants != ""):
		return usageError("give --input, or --population with --participants, not both")
	case o.input == "" && o.population == "" && o.participants == "":
		return usageError("give --input FILE, or --population FILE with --participants FILE")
	case o.input == "" && (o.population == "" || o.participants == ""):
		return usageError("--population and --participants go together")
	case o.renumbering != "" && o.register == "":
		return usageError("--renumbering needs --register: the register says which numbers exist")
	}
	if err := csvio.CheckEncoding(o.encoding); err != nil {
		return usageError("--encoding %v", err)
	}
	return nil
}

// run is everything read and computed for one year.
type run struct {
	tariff   billing.Tariff
	input    *csvio.Input
	inputs   []jsonio.Input // every file read, for the record
	warnings []string
	notes    []string // conversions, "file: note"
	alloc    billing.Allocation
}

// load reads the files named by o and allocates the year. Errors in the
// rows of several files are all reported together.
func load(o inputOptions) (*run, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	ts, tariffInput, err := loadTariffs(o.tariff)
	if err != nil {
		return nil, err
	}
	tariff, err := ts.For(o.year)
	if err != nil {
		return nil, &exitError{code: exitInput, err: err, hint: "give the year's tariff in a file with --tariff FILE (see the README's Tariffs)"}
	}
	r := &run{tariff: tariff, warnings: tariff.Warnings()}
	opts := csvio.Options{Encoding: o.encoding}
	if o.input != "" {
		data, err := readFile(o.input)
		if err != nil {
			return nil, err
		}
		r.input, err = csvio.ReadMunicipalities(bytes.NewReader(data), filepath.Base(o.input), tariff.Solutions(), opts)
		if err != nil {
			return nil, inputError(err)
		}
		r.record("municipalities", o.input, data, len(r.input.Municipalities), r.input.Notes)
	} else if err := r.loadTwoFiles(o, opts); err != nil {
		return nil, err
	}
	if tariffInput != nil {
		r.inputs = append(r.inputs, *tariffInput)
	}
	if o.register != "" {
		if err := r.checkRegister(o, opts); err != nil {
			return nil, err
		}
	}
	r.alloc, err = billing.Allocate(tariff, r.input.Municipalities)
	if err != nil {
		return nil, inputError(err)
	}
	return r, nil
}

// loadTwoFiles reads a population table and a participation list and
// joins them; the errors of both files are reported together.
func (r *run) loadTwoFiles(o inputOptions, opts csvio.Options) error {
	popData, err := readFile(o.population)
	if err != nil {
		return err
	}
	partData, err := readFile(o.participants)
	if err != nil {
		return err
	}
	pop, popErr := csvio.ReadPopulation(bytes.NewReader(popData), filepath.Base(o.population), opts)
	part, partErr := csvio.ReadParticipants(bytes.NewReader(partData), filepath.Base(o.participants), r.tariff.Solutions(), opts)
	if err := joinErrors(popErr, partErr); err != nil {
		return inputError(err)
	}
	note, err := pop.CheckYear(r.tariff.PopulationDate)
	if err != nil {
		return inputError(err)
	}
	if note != "" {
		pop.Notes = append(pop.Notes, note)
	}
	joined, warnings, err := csvio.Join(pop, part)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return inputError(err)
	}
	r.input = joined
	r.record("population", o.population, popData, len(pop.Rows), pop.Notes)
	r.record("participants", o.participants, partData, len(part.Municipalities), joined.Notes)
	return nil
}

// joinErrors puts the row errors of several files into one list, so they
// are printed together; any other error is returned as it is.
func joinErrors(errs ...error) error {
	var all csvio.Errors
	for _, err := range errs {
		var list csvio.Errors
		switch {
		case err == nil:
		case errors.As(err, &list):
			all = append(all, list...)
		default:
			return err
		}
	}
	if len(all) == 0 {
		return nil
	}
	return all
}

func (r *run) checkRegister(o inputOptions, opts csvio.Options) error {
	data, err := readFile(o.register)
	if err != nil {
		return err
	}
	reg, err := csvio.ReadRegister(bytes.NewReader(data), filepath.Base(o.register), opts)
	if err != nil {
		return inputError(err)
	}
	var regNotes []string
	if checked, err := reg.CheckYear(o.year); err != nil {
		return inputError(fmt.Errorf("%s: %w", filepath.Base(o.register), err))
	} else if !checked {
		regNotes = append(regNotes, fmt.Sprintf("the register states no validity (no validFrom column, no year in its name): could not check that it is of %d", o.year))
	}
	r.record("register", o.register, data, reg.Len(), regNotes)
	var rn *billing.Renumbering
	if o.renumbering != "" {
		data, err := readFile(o.renumbering)
		if err != nil {
			return err
		}
		table, err := csvio.ReadRenumbering(bytes.NewReader(data), filepath.Base(o.renumbering), opts)
		if err != nil {
			return inputError(err)
		}
		if err := table.CheckYear(o.year); err != nil {
			return inputError(fmt.Errorf("%s: %w", filepath.Base(o.renumbering), err))
		}
		rn = &table
		r.record("renumbering", o.renumbering, data, 0, nil)
	}
	warnings, err := r.input.CheckRegister(reg, filepath.Base(o.register), rn)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return inputError(err)
	}
	return nil
}

// record notes a file read, with its hash and what was converted in it.
func (r *run) record(role, path string, data []byte, rows int, notes []string) {
	in := fileInput(role, path, data, rows)
	in.Notes = notes
	r.inputs = append(r.inputs, in)
	for _, n := range notes {
		r.notes = append(r.notes, in.Name+": "+n)
	}
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
	ts, rows, err := tomlio.ReadTariffs(bytes.NewReader(data), filepath.Base(file), tomlio.Builtin())
	if err != nil {
		return nil, nil, inputError(err)
	}
	in := fileInput("tariff", file, data, rows)
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
