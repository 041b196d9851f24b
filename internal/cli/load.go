package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/record"
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
	inputs   []record.Input // every file read, for the record
	warnings []string
	notes    []string // conversions, "file: note"
	alloc    billing.Allocation
	stamp    string // the time of the run, only with --stamp
}

// meta is the record of the run, without its output.
func (r *run) meta() record.Run {
	m := record.New(r.alloc, version(), r.inputs)
	m.Stamp = r.stamp
	return m
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
		return nil, &exitError{code: exitFailure, err: err, hint: "give the year's tariff in a file with --tariff FILE (see docs/tariffs.md)"}
	}
	r := &run{tariff: tariff, warnings: tariff.Warnings()}
	opts := csvio.Options{Encoding: o.encoding}
	if o.input != "" {
		in, rec, err := readInput("municipalities", o.input, func(rd io.Reader, name string) (*csvio.Input, error) {
			return csvio.ReadMunicipalities(rd, name, tariff.Solutions(), opts)
		}, func(in *csvio.Input) (int, []string) { return len(in.Municipalities), in.Notes })
		if err != nil {
			return nil, err
		}
		r.input = in
		// A municipalities file states no year: say that it could not be
		// checked, as for a population table without one.
		rec.Notes = append(rec.Notes, fmt.Sprintf("the file states no year: could not check that its populations are of %d, the year of the tariff's population date %s",
			tariff.PopulationDate.Year(), tariff.PopulationDate.Format(time.DateOnly)))
		r.add(rec)
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
		return nil, failure(err)
	}
	return r, nil
}

// loadTwoFiles reads a population table and a participation list and
// joins them; the errors of both files are reported together.
func (r *run) loadTwoFiles(o inputOptions, opts csvio.Options) error {
	pop, popRec, popErr := readInput("population", o.population, func(rd io.Reader, name string) (*csvio.Population, error) {
		return csvio.ReadPopulation(rd, name, opts)
	}, func(p *csvio.Population) (int, []string) { return len(p.Rows), p.Notes })
	part, partRec, partErr := readInput("participants", o.participants, func(rd io.Reader, name string) (*csvio.Input, error) {
		return csvio.ReadParticipants(rd, name, r.tariff.Solutions(), opts)
	}, func(in *csvio.Input) (int, []string) { return len(in.Municipalities), nil })
	if err := joinErrors(popErr, partErr); err != nil {
		return failure(err)
	}
	note, err := pop.CheckYear(r.tariff.PopulationDate)
	if err != nil {
		return failure(err)
	}
	if note != "" {
		popRec.Notes = append(popRec.Notes, note)
	}
	joined, warnings, err := csvio.Join(pop, part)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return failure(err)
	}
	r.input = joined
	partRec.Notes = joined.Notes
	r.add(popRec)
	r.add(partRec)
	return nil
}

// checkRegister checks every input number against the register, naming
// what an old number became when a renumbering table is given.
func (r *run) checkRegister(o inputOptions, opts csvio.Options) error {
	reg, rec, err := readInput("register", o.register, func(rd io.Reader, name string) (billing.Register, error) {
		return csvio.ReadRegister(rd, name, opts)
	}, func(reg billing.Register) (int, []string) { return reg.Len(), nil })
	if err != nil {
		return err
	}
	if checked, err := reg.CheckYear(o.year); err != nil {
		return failure(fmt.Errorf("%s: %w", rec.Name, err))
	} else if !checked {
		rec.Notes = append(rec.Notes, fmt.Sprintf("the register states no validity (no validFrom column, no year in its name): could not check that it is of %d", o.year))
	}
	r.add(rec)
	var rn *billing.Renumbering
	if o.renumbering != "" {
		table, rec, err := readInput("renumbering", o.renumbering, func(rd io.Reader, name string) (billing.Renumbering, error) {
			return csvio.ReadRenumbering(rd, name, opts)
		}, func(t billing.Renumbering) (int, []string) { return t.Len(), nil })
		if err != nil {
			return err
		}
		if err := table.CheckYear(o.year); err != nil {
			return failure(fmt.Errorf("%s: %w", rec.Name, err))
		}
		rn = &table
		r.add(rec)
	}
	warnings, err := r.input.CheckRegister(reg, filepath.Base(o.register), rn)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return failure(err)
	}
	return nil
}

// add records an input file of the run, and its notes for the summary.
func (r *run) add(in record.Input) {
	r.inputs = append(r.inputs, in)
	for _, n := range in.Notes {
		r.notes = append(r.notes, in.Name+": "+n)
	}
}

// tariffFile is a tariff file as read: the table merged with the built-in
// years, and the years the file defines (its rows, for the record).
type tariffFile struct {
	tariffs billing.Tariffs
	rows    int
}

// loadTariffs returns the built-in tariffs, with those of file added or
// replacing them when file is not empty, and the file's record.
func loadTariffs(file string) (billing.Tariffs, *record.Input, error) {
	if file == "" {
		return tomlio.Builtin(), nil, nil
	}
	f, rec, err := readInput("tariff", file, func(rd io.Reader, name string) (tariffFile, error) {
		ts, rows, err := tomlio.ReadTariffs(rd, name, tomlio.Builtin())
		return tariffFile{ts, rows}, err
	}, func(f tariffFile) (int, []string) { return f.rows, nil })
	if err != nil {
		return nil, nil, err
	}
	return f.tariffs, &rec, nil
}
