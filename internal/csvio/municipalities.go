// Package csvio reads and writes digisos-invoice's CSV files: the
// municipalities input, the population table and participation list that
// can stand in for it, SSB's register and renumbering tables, and the
// invoice lines.
package csvio

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
)

// Options are how a file is read.
type Options struct {
	// Encoding is "" or "utf-8" (the default: bytes must be valid UTF-8),
	// "windows-1252" or "iso-8859-1".
	Encoding string
}

// FromColumn returns the name of the input column holding the date from
// which a municipality uses solution: "soknad_from".
func FromColumn(solution string) string { return solution + "_from" }

// Input is a municipalities file as read: the municipalities in file order,
// and where each came from, so later checks can name the place.
type Input struct {
	File           string
	Municipalities []billing.Municipality
	// Notes say what was converted or skipped while reading, for the summary.
	Notes []string
	lines []int
	cols  map[string]int
	// nameAt is, for a list joined with a population table, where each
	// municipality's name was read ("pop.csv:12"); nil otherwise.
	nameAt []string
	// bad marks the rows whose number was found in error (malformed,
	// repeated, not in the register), left out of later checks of the
	// number so that each is reported once; nil when none is.
	bad  []bool
	date stated // the population_date column's date
}

// isBad reports whether row i was found in error.
func (in *Input) isBad(i int) bool { return i < len(in.bad) && in.bad[i] }

// markBad marks row i as found in error.
func (in *Input) markBad(i int) {
	if in.bad == nil {
		in.bad = make([]bool, len(in.Municipalities))
	}
	in.bad[i] = true
}

// Total returns the sum of the populations.
func (in *Input) Total() int64 {
	var t int64
	for _, m := range in.Municipalities {
		t += m.Population
	}
	return t
}

// CheckDate checks that the populations are of c.Want: see checkDate. A
// municipalities file states its date in a population_date column.
func (in *Input) CheckDate(c DateCheck) (note string, err error) {
	return checkDate(in.File, in.date, in.Total(), c)
}

// Errorf returns an error at the row of municipality i, in column col
// (a canonical column name; the whole row when the file lacks it).
func (in *Input) Errorf(i int, col string, format string, args ...any) *Error {
	c, ok := in.cols[col]
	if !ok {
		c = -1
	}
	return errorf(in.File, in.lines[i], c+1, format, args...)
}

// ReadMunicipalities reads the municipalities file named file. It accepts a
// <solution>_from column for each of solutions; an absent one means every
// municipality uses that solution the whole year, an empty cell that the
// municipality does not use it. An optional population_date column states
// the day the populations count, the same on every row. Every error found
// is returned, as Errors; with row errors, the rows read are returned too,
// those in error marked, so that a caller can check the others further
// and report every error at once.
func ReadMunicipalities(r io.Reader, file string, solutions []string, opts Options) (*Input, error) {
	return readMunicipal(r, file, solutions, opts, true)
}

// ReadParticipants reads a participation list: municipality_number, an
// optional municipality_name, and the <solution>_from columns, read as in
// ReadMunicipalities. The populations come from a population table: see Join.
func ReadParticipants(r io.Reader, file string, solutions []string, opts Options) (*Input, error) {
	return readMunicipal(r, file, solutions, opts, false)
}

func readMunicipal(r io.Reader, file string, solutions []string, opts Options, withPopulation bool) (*Input, error) {
	data, notes, err := readText(r, file, opts.Encoding)
	if err != nil {
		return nil, err
	}
	t, err := readTable(data, file, municipalColumns(solutions, withPopulation))
	if err != nil {
		return nil, err
	}
	// Cells are read by position: the columns are looked up once, not per
	// row through reflection.
	rr := newRowReader(t, solutions, withPopulation)
	out := make([]billing.Municipality, 0, len(t.rows))
	for i := range t.rows {
		out = append(out, rr.municipality(i))
	}
	notes = append(notes, rr.notes()...)
	notes = append(notes, t.notes...)
	in := &Input{File: file, Municipalities: out, Notes: notes, lines: t.lines, cols: t.present, bad: rr.bad, date: rr.date}
	if len(rr.errs) > 0 {
		return in, rr.errs
	}
	return in, nil
}

// municipalColumns are the columns of a municipalities file (with
// populations) or a participation list (without).
func municipalColumns(solutions []string, withPopulation bool) []column {
	cols := []column{
		{name: "municipality_number", aliases: []string{"kommunenummer"}, required: true},
		{name: "municipality_name", aliases: []string{"kommunenavn"}, required: withPopulation},
	}
	if withPopulation {
		cols = append(cols, column{name: "population", aliases: []string{"innbyggere"}, required: true})
	}
	for _, s := range solutions {
		cols = append(cols, column{name: FromColumn(s)})
	}
	if withPopulation {
		cols = append(cols, column{name: "population_date", aliases: []string{"befolkningsdato"}})
	}
	return cols
}

// rowReader turns the rows of a municipalities table into municipalities,
// collecting every error and counting the conversions it makes.
type rowReader struct {
	t              *table
	solutions      []string
	withPopulation bool
	// The 1-based positions of the columns (0 when absent), looked up once:
	// number, name, population, and the <solution>_from column of each of
	// solutions, named in fromNames.
	number, name, population int
	from                     []int
	fromNames                []string
	firstLine                map[string]int // the line each number was first read on
	grouped                  int            // populations written with digit groups
	dotted                   int            // dates written DD.MM.YYYY
	errs                     Errors
	bad                      []bool // rows whose number is in error
	popDate                  int    // the population_date column, 0 when absent
	date                     stated // the date it states
}

func newRowReader(t *table, solutions []string, withPopulation bool) *rowReader {
	rr := &rowReader{t: t, solutions: solutions, withPopulation: withPopulation,
		number: t.col("municipality_number"), name: t.col("municipality_name"), population: t.col("population"),
		popDate: t.col("population_date")}
	for _, s := range solutions {
		rr.fromNames = append(rr.fromNames, FromColumn(s))
		rr.from = append(rr.from, t.col(FromColumn(s)))
	}
	rr.firstLine = make(map[string]int, len(t.rows))
	return rr
}

// at records err at row i, in the column at 1-based position col. An
// error in the number marks the row bad: later checks of the number skip
// it. An error in another cell leaves the number to be checked, so that
// an old number on a row with a bad date is reported in the same run.
func (rr *rowReader) at(i int, col int, err error) {
	rr.errs = append(rr.errs, &Error{File: rr.t.file, Line: rr.t.lines[i], Column: col, Err: err})
	if col != rr.number {
		return
	}
	if rr.bad == nil {
		rr.bad = make([]bool, len(rr.t.rows))
	}
	rr.bad[i] = true
}

// cell returns row i's cell in the column at 1-based position col; "" when
// the column is absent (0).
func (rr *rowReader) cell(i int, col int) string {
	if col > 0 {
		return rr.t.rows[i][col-1]
	}
	return ""
}

// municipality reads row i.
func (rr *rowReader) municipality(i int) billing.Municipality {
	m := billing.Municipality{Name: rr.cell(i, rr.name)}
	if n, err := billing.ParseMunicipalityNumber(rr.cell(i, rr.number)); err != nil {
		rr.at(i, rr.number, fmt.Errorf("municipality_number %w", err))
	} else if prev, dup := rr.firstLine[n]; dup {
		rr.at(i, rr.number, &billing.Problem{Kind: billing.ErrDuplicateMunicipality,
			Msg: fmt.Sprintf("municipality_number %q appears twice: also on line %d; keep one row per municipality", n, prev)})
	} else {
		rr.firstLine[n] = rr.t.lines[i]
		m.Number = n
	}
	if rr.withPopulation {
		if m.Name == "" {
			rr.at(i, rr.name, &billing.Problem{Kind: billing.ErrEmptyName, Msg: "municipality_name is empty"})
		}
		p, grouped, err := parsePopulation(rr.cell(i, rr.population))
		if err != nil {
			rr.at(i, rr.population, fmt.Errorf("population %w", err))
		}
		m.Population = p
		if grouped {
			rr.grouped++
		}
		rr.populationDate(i)
	}
	m.Starts = rr.starts(i)
	return m
}

// populationDate reads row i's population_date cell: a date, the same
// on every row.
func (rr *rowReader) populationDate(i int) {
	if rr.popDate == 0 {
		return
	}
	v := rr.cell(i, rr.popDate)
	start, _, err := parseStart(v)
	d, _ := start.Date()
	switch {
	case v == "":
		rr.at(i, rr.popDate, errors.New("population_date is empty: write the day the populations count, as 2020-01-01"))
	case err != nil:
		rr.at(i, rr.popDate, fmt.Errorf("population_date %w", err))
	case rr.date.date.IsZero():
		rr.date = stated{date: d, line: rr.t.lines[i], col: rr.popDate, text: v}
	case !d.Equal(rr.date.date):
		rr.at(i, rr.popDate, fmt.Errorf("population_date %s differs from %s on line %d: a table counts its populations on one day", quote(v), quote(rr.date.text), rr.date.line))
	}
}

// starts reads row i's <solution>_from cells; nil when the file has none.
func (rr *rowReader) starts(i int) map[string]billing.Start {
	var out map[string]billing.Start
	for k, s := range rr.solutions {
		col := rr.from[k]
		if col == 0 {
			continue
		}
		start, dotted, err := parseStart(rr.cell(i, col))
		if err != nil {
			rr.at(i, col, fmt.Errorf("%s %w", rr.fromNames[k], err))
			continue
		}
		if dotted {
			rr.dotted++
		}
		if out == nil {
			out = map[string]billing.Start{}
		}
		out[s] = start
	}
	return out
}

// notes says what was converted.
func (rr *rowReader) notes() []string {
	var notes []string
	if rr.grouped > 0 {
		notes = append(notes, fmt.Sprintf("%d populations written with digit groups (693 494) read as whole numbers", rr.grouped))
	}
	if rr.dotted > 0 {
		notes = append(notes, fmt.Sprintf("%d dates written DD.MM.YYYY read as day.month.year", rr.dotted))
	}
	return notes
}

// groupedNumber is a whole number written with digit groups of three,
// separated by a space, a no-break space or a narrow no-break space, as
// Norwegian spreadsheets write 693 494.
var groupedNumber = regexp.MustCompile("^[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+$")

// parsePopulation reads a population, plain or with digit groups, and
// says whether it had groups.
func parsePopulation(s string) (int64, bool, error) {
	grouped := false
	if strings.ContainsAny(s, " \u00a0\u202f") {
		if !groupedNumber.MatchString(s) {
			return 0, false, &billing.Problem{Kind: billing.ErrPopulation,
				Msg: fmt.Sprintf("%s: digit groups must be of three digits, as in 693 494", quote(s))}
		}
		s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
		grouped = true
	}
	p, err := billing.ParsePopulation(s)
	return p, grouped, err
}

// errDate is wrapped by date errors.
var errDate = errors.New("not a date")

var dottedDate = regexp.MustCompile(`^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$`)

// parseStart reads a <solution>_from cell: empty means never, else a date
// written YYYY-MM-DD or, as Norwegian spreadsheets write it, DD.MM.YYYY.
// It says whether the date was written DD.MM.YYYY.
func parseStart(s string) (billing.Start, bool, error) {
	if s == "" {
		return billing.Never(), false, nil
	}
	if m := dottedDate.FindStringSubmatch(s); m != nil {
		d, err := time.Parse("2.1.2006", m[1]+"."+m[2]+"."+m[3])
		if err == nil {
			return billing.From(d), true, nil
		}
	} else if d, err := time.Parse(time.DateOnly, s); err == nil {
		return billing.From(d), false, nil
	}
	return billing.Start{}, false, fmt.Errorf("%s: %w: write YYYY-MM-DD or DD.MM.YYYY, e.g. 2020-07-01 or 01.07.2020", quote(s), errDate)
}

// CheckRegister checks the input against SSB's register of the year: see
// CheckNumbers and CheckNames.
func (in *Input) CheckRegister(reg billing.Register, regFile string, rn *billing.Renumbering) (warnings []string, err error) {
	if errs := in.CheckNumbers(reg, regFile, rn); len(errs) > 0 {
		return nil, errs
	}
	return in.CheckNames(reg, regFile), nil
}

// CheckNumbers returns an error for each number the register lacks, with
// a hint from rn (when given) saying what an old number became. Rows
// already in error are skipped, and the rows it finds in error are marked
// so that later checks (Join) skip them.
func (in *Input) CheckNumbers(reg billing.Register, regFile string, rn *billing.Renumbering) Errors {
	var errs Errors
	for i, m := range in.Municipalities {
		if in.isBad(i) {
			continue
		}
		if _, ok := reg.Name(m.Number); ok {
			continue
		}
		msg := fmt.Sprintf("municipality_number %q is not in the register %s", m.Number, regFile)
		if rn != nil {
			if hint := rn.Hint(m.Number, reg); hint != "" {
				msg += "; hint: " + hint
			}
		}
		errs = append(errs, in.Errorf(i, "municipality_number", "%s", msg))
		in.markBad(i)
	}
	return errs
}

// Unknown reports whether a row not in error has a number reg lacks: a
// caller reads a renumbering table for its hints only then.
func (in *Input) Unknown(reg billing.Register) bool {
	for i, m := range in.Municipalities {
		if _, ok := reg.Name(m.Number); !ok && !in.isBad(i) {
			return true
		}
	}
	return false
}

// CheckNames returns a warning for each name that differs from the
// register's, naming both spellings; the register's name is the one
// invoiced.
func (in *Input) CheckNames(reg billing.Register, regFile string) (warnings []string) {
	for i, m := range in.Municipalities {
		name, ok := reg.Name(m.Number)
		if !ok || name == m.Name {
			continue
		}
		msg := fmt.Sprintf("warning: municipality_name %s differs from %s in the register %s (invoiced as %s)", quote(m.Name), quote(name), regFile, quote(name))
		if i < len(in.nameAt) && in.nameAt[i] != "" { // the name came from the population table
			warnings = append(warnings, in.nameAt[i]+": "+msg)
		} else {
			warnings = append(warnings, in.Errorf(i, "municipality_name", "%s", msg).Error())
		}
		in.Municipalities[i].Name = name
	}
	return warnings
}
