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
	"digisos-invoice/internal/refdata"
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
	popDate      time.Time // --population-date; zero when not given
}

func (o *inputOptions) bind(f *pflag.FlagSet) {
	yearVar(f, &o.year, "the year to invoice, four digits (required)")
	f.StringVar(&o.input, "input", "", "municipalities CSV file: numbers, names, populations, start dates and the day the populations count (population_date)")
	f.StringVar(&o.population, "population", "", "population table, plain CSV or an SSB 07459 export as downloaded (with --participants, instead of --input)")
	f.StringVar(&o.participants, "participants", "", "participation list: municipality_number and the *_from dates (with --population)")
	f.StringVar(&o.encoding, "encoding", "", "encoding of the input files: utf-8 (default), windows-1252 or iso-8859-1")
	f.StringVar(&o.tariff, "tariff", "", "tariff TOML file: adds years to the built-in tariffs or replaces them")
	f.StringVar(&o.register, "register", "", "SSB municipality register (KLASS 131 CSV) of the year, for a year not built in (2020-2024 are) or to replace it: every input number must be in it")
	f.StringVar(&o.renumbering, "renumbering", "", "SSB renumbering table (CSV) whose old numbers are named in errors, for a year not built in or to replace it")
	dateVar(f, &o.popDate, "population-date", "the day the input's populations count, YYYY-MM-DD, when the file does not state it (SSB's export and a population_date column do)")
	readsFiles(f, "input", "population", "participants", "tariff", "register", "renumbering")
}

func (o inputOptions) check() error {
	switch {
	case o.input != "" && (o.population != "" || o.participants != ""):
		return usageError("give --input, or --population with --participants, not both")
	case o.input == "" && o.population == "" && o.participants == "":
		return usageError("give --input FILE, or --population FILE with --participants FILE")
	case o.input == "" && (o.population == "" || o.participants == ""):
		return usageError("--population and --participants go together")
	case o.renumbering != "" && o.register == "" && !builtinRegister(o.year):
		return usageError("--renumbering needs --register for %d: the register says which numbers exist, and none is built in for it", o.year)
	}
	if err := csvio.CheckEncoding(o.encoding); err != nil {
		return usageError("--encoding %v", err)
	}
	return nil
}

// builtinRegister reports whether the program has the register of year.
func builtinRegister(year int) bool {
	_, _, ok := refdata.Register(year)
	return ok
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
// rows of several files are all reported together, in file and line order.
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
	ref, err := loadReference(o, opts)
	if err != nil {
		return nil, err
	}
	if o.input != "" {
		err = r.loadMunicipalities(o, opts, ref)
	} else {
		err = r.loadTwoFiles(o, opts, ref)
	}
	if err != nil {
		return nil, err
	}
	if ref.reg != nil {
		r.warnings = append(r.warnings, r.input.CheckNames(*ref.reg, ref.regName)...)
	}
	if tariffInput != nil {
		r.inputs = append(r.inputs, *tariffInput)
	}
	for _, in := range ref.inputs {
		r.add(in)
	}
	r.alloc, err = billing.Allocate(tariff, r.input.Municipalities)
	if err != nil {
		return nil, failure(err)
	}
	return r, nil
}

// dateCheck is what the input's population date is checked against.
func (r *run) dateCheck(o inputOptions) csvio.DateCheck {
	return csvio.DateCheck{Flag: o.popDate, Year: o.year, Want: r.tariff.PopulationDate, Totals: refdata.Totals()}
}

// loadMunicipalities reads a municipalities file, checks its numbers
// against the register and its population date.
func (r *run) loadMunicipalities(o inputOptions, opts csvio.Options, ref reference) error {
	in, rec, err := readInput("municipalities", o.input, func(rd io.Reader, name string) (*csvio.Input, error) {
		return csvio.ReadMunicipalities(rd, name, r.tariff.Solutions(), opts)
	}, func(in *csvio.Input) (int, []string) { return len(in.Municipalities), in.Notes })
	if in != nil {
		err = joinByLine(err, ref.checkNumbers(in))
	}
	if err != nil {
		return failure(err)
	}
	note, err := in.CheckDate(r.dateCheck(o))
	if err != nil {
		return failure(err)
	}
	if note != "" {
		rec.Notes = append(rec.Notes, note)
	}
	r.input = in
	r.add(rec)
	return nil
}

// loadTwoFiles reads a population table and a participation list and
// joins them; the errors of both files are reported together.
func (r *run) loadTwoFiles(o inputOptions, opts csvio.Options, ref reference) error {
	pop, popRec, popErr := readInput("population", o.population, func(rd io.Reader, name string) (*csvio.Population, error) {
		return csvio.ReadPopulation(rd, name, opts)
	}, func(p *csvio.Population) (int, []string) { return len(p.Rows), p.Notes })
	part, partRec, partErr := readInput("participants", o.participants, func(rd io.Reader, name string) (*csvio.Input, error) {
		return csvio.ReadParticipants(rd, name, r.tariff.Solutions(), opts)
	}, func(in *csvio.Input) (int, []string) { return len(in.Municipalities), nil })
	if popErr == nil {
		var note string
		if note, popErr = pop.CheckDate(r.dateCheck(o)); note != "" {
			popRec.Notes = append(popRec.Notes, note)
		}
		if ref.reg != nil {
			if note := pop.CorrectNames(*ref.reg, ref.regName); note != "" {
				popRec.Notes = append(popRec.Notes, note)
			}
		}
	}
	var joined *csvio.Input
	if part != nil {
		partErr = joinByLine(partErr, ref.checkNumbers(part))
		if pop != nil {
			var warnings []string
			var err error
			joined, warnings, err = csvio.Join(pop, part)
			r.warnings = append(r.warnings, warnings...)
			partErr = joinByLine(partErr, err)
		}
	}
	if err := joinErrors(popErr, partErr); err != nil {
		return failure(err)
	}
	r.input = joined
	partRec.Notes = joined.Notes
	r.add(popRec)
	r.add(partRec)
	return nil
}

// reference is the register and renumbering table a run checks its
// numbers against: given by flags, or built in for the year.
type reference struct {
	reg     *billing.Register
	regName string
	rn      *billing.Renumbering
	year    int            // for the built-in renumbering table, read only when a number is unknown
	inputs  []record.Input // the files given, for the record
}

// checkNumbers checks in's numbers against the register; nil when there is
// none or every number is in it.
func (ref reference) checkNumbers(in *csvio.Input) error {
	if ref.reg == nil {
		return nil
	}
	rn := ref.rn
	if rn == nil && ref.year != 0 && in.Unknown(*ref.reg) {
		if table, _, ok := refdata.Renumbering(ref.year); ok {
			rn = &table
		}
	}
	if errs := in.CheckNumbers(*ref.reg, ref.regName, rn); len(errs) > 0 {
		return errs
	}
	return nil
}

// loadReference reads the register and renumbering table the flags name,
// or takes those built in for the year.
func loadReference(o inputOptions, opts csvio.Options) (reference, error) {
	var ref reference
	if o.register != "" {
		reg, rec, err := readInput("register", o.register, func(rd io.Reader, name string) (billing.Register, error) {
			return csvio.ReadRegister(rd, name, opts)
		}, func(reg billing.Register) (int, []string) { return reg.Len(), nil })
		if err != nil {
			return ref, err
		}
		if checked, err := reg.CheckYear(o.year); err != nil {
			return ref, failure(fmt.Errorf("%s: %w", rec.Name, err))
		} else if !checked {
			rec.Notes = append(rec.Notes, fmt.Sprintf("the register states no validity (no validFrom column, no year in its name): could not check that it is of %d", o.year))
		}
		ref.reg, ref.regName = &reg, filepath.Base(o.register)
		ref.inputs = append(ref.inputs, rec)
	} else if reg, name, ok := refdata.Register(o.year); ok {
		ref.reg, ref.regName = &reg, name
	}
	if o.renumbering != "" {
		table, rec, err := readInput("renumbering", o.renumbering, func(rd io.Reader, name string) (billing.Renumbering, error) {
			return csvio.ReadRenumbering(rd, name, opts)
		}, func(t billing.Renumbering) (int, []string) { return t.Len(), nil })
		if err != nil {
			return ref, err
		}
		if err := table.CheckYear(o.year); err != nil {
			return ref, failure(fmt.Errorf("%s: %w", rec.Name, err))
		}
		ref.rn = &table
		ref.inputs = append(ref.inputs, rec)
	} else {
		ref.year = o.year
	}
	return ref, nil
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
