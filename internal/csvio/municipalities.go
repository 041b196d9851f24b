// Package csvio reads and writes digisos-invoice's CSV files: the
// municipalities input and the invoice lines output.
package csvio

import (
	"errors"
	"fmt"
	"io"
	"time"

	"digisos-invoice/internal/billing"
)

// municipalityRecord is one input row's fixed columns; the <solution>_from
// columns depend on the tariff and are read by position.
type municipalityRecord struct {
	Number     string `csv:"municipality_number"`
	Name       string `csv:"municipality_name"`
	Population string `csv:"population"`
}

// FromColumn returns the name of the input column holding the date from
// which a municipality uses solution: "soknad_from".
func FromColumn(solution string) string { return solution + "_from" }

// Input is a municipalities file as read: the municipalities in file order,
// and where each came from, so later checks can name the place.
type Input struct {
	File           string
	Municipalities []billing.Municipality
	lines          []int
	cols           map[string]int
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
// municipality does not use it. Every error found is returned, as Errors.
func ReadMunicipalities(r io.Reader, file string, solutions []string) (*Input, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Errors{errorf(file, 0, 0, "%v", err)}
	}
	cols := []column{
		{name: "municipality_number", aliases: []string{"kommunenummer"}, required: true},
		{name: "municipality_name", aliases: []string{"kommunenavn"}, required: true},
		{name: "population", aliases: []string{"innbyggere"}, required: true},
	}
	for _, s := range solutions {
		cols = append(cols, column{name: FromColumn(s)})
	}
	t, err := readTable(data, file, cols)
	if err != nil {
		return nil, err
	}
	recs, err := decode[municipalityRecord](t)
	if err != nil {
		return nil, err
	}

	var errs Errors
	out := make([]billing.Municipality, 0, len(recs))
	firstLine := map[string]int{}
	for i, rec := range recs {
		line := t.lines[i]
		at := func(col string, err error) {
			errs = append(errs, &Error{File: file, Line: line, Column: t.col(col), Err: err})
		}
		m := billing.Municipality{Name: rec.Name}
		if n, err := billing.ParseMunicipalityNumber(rec.Number); err != nil {
			at("municipality_number", fmt.Errorf("municipality_number %w", err))
		} else if prev, dup := firstLine[n]; dup {
			at("municipality_number", &billing.Problem{Kind: billing.ErrDuplicateMunicipality,
				Msg: fmt.Sprintf("municipality_number %q appears twice: also on line %d; keep one row per municipality", n, prev)})
		} else {
			firstLine[n] = line
			m.Number = n
		}
		if rec.Name == "" {
			at("municipality_name", &billing.Problem{Kind: billing.ErrEmptyName, Msg: "municipality_name is empty"})
		}
		if p, err := billing.ParsePopulation(rec.Population); err != nil {
			at("population", fmt.Errorf("population %w", err))
		} else {
			m.Population = p
		}
		for _, s := range solutions {
			col := t.col(FromColumn(s))
			if col == 0 {
				continue
			}
			start, err := parseStart(t.rows[i][col-1])
			if err != nil {
				at(FromColumn(s), fmt.Errorf("%s %w", FromColumn(s), err))
				continue
			}
			if m.Starts == nil {
				m.Starts = map[string]billing.Start{}
			}
			m.Starts[s] = start
		}
		out = append(out, m)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &Input{File: file, Municipalities: out, lines: t.lines, cols: t.present}, nil
}

// errDate is wrapped by date errors.
var errDate = errors.New("not a date")

// parseStart reads a <solution>_from cell: empty means never, else a date
// written YYYY-MM-DD.
func parseStart(s string) (billing.Start, error) {
	if s == "" {
		return billing.Never(), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return billing.Start{}, fmt.Errorf("%q: %w: write YYYY-MM-DD, e.g. 2020-07-01", s, errDate)
	}
	return billing.From(d), nil
}

// CheckRegister checks the input against SSB's register of the year: a
// number the register lacks is an error, with a hint from rn (when given)
// saying what an old number became; a name that differs from the
// register's is a warning naming both spellings.
func (in *Input) CheckRegister(reg billing.Register, regFile string, rn *billing.Renumbering) (warnings []string, err error) {
	var errs Errors
	for i, m := range in.Municipalities {
		name, ok := reg.Name(m.Number)
		if !ok {
			msg := fmt.Sprintf("municipality_number %q is not in the register %s", m.Number, regFile)
			if rn != nil {
				if hint := rn.Hint(m.Number); hint != "" {
					msg += "; hint: " + hint
				}
			}
			errs = append(errs, in.Errorf(i, "municipality_number", "%s", msg))
			continue
		}
		if name != m.Name {
			warnings = append(warnings, in.Errorf(i, "municipality_name",
				"warning: municipality_name %q differs from %q in the register %s (invoiced as %q)", m.Name, name, regFile, m.Name).Error())
		}
	}
	if len(errs) > 0 {
		return warnings, errs
	}
	return warnings, nil
}
