package csvio

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"digisos-invoice/internal/billing"
)

// Population is a population table as read: each municipality's number,
// name and population, sorted by number, from a plain table or an SSB
// StatBank export.
type Population struct {
	File string
	Rows []PopulationRow
	// Notes say what was converted or skipped while reading.
	Notes []string
	// Year is the year the table says it counts ("Persons 2021" in SSB's
	// header, or a year column; a plain table's population_date column),
	// 0 when it says none.
	Year int
	date stated
	ssb  bool // read from an SSB export, whose region labels may be cut
}

// PopulationRow is one municipality of a population table.
type PopulationRow struct {
	Number, Name string
	Population   int64
	Line         int // the first line it was read from
}

// Total returns the sum of the populations.
func (p *Population) Total() int64 {
	var t int64
	for _, r := range p.Rows {
		t += r.Population
	}
	return t
}

// CheckDate checks that the table counts the population on c.Want (see
// checkDate). SSB's "Persons 2021" counts it on 1 January 2021; a plain
// table states its date in a population_date column.
func (p *Population) CheckDate(c DateCheck) (note string, err error) {
	return checkDate(p.File, p.date, p.Total(), c)
}

// CorrectNames gives the municipalities of an SSB export the names of
// reg, the register of the table's year, where SSB's region labels cut or
// spell them otherwise ("K-5006 teinkj" is 5006 Steinkjer), and returns a
// note saying so; "" when no name changed or p is not SSB's export.
func (p *Population) CorrectNames(reg billing.Register, regName string) string {
	if !p.ssb {
		return ""
	}
	var changed []string
	for i, r := range p.Rows {
		name, ok := reg.Name(r.Number)
		if !ok || name == r.Name {
			continue
		}
		changed = append(changed, fmt.Sprintf("%s %s → %s", r.Number, quote(r.Name), quote(name)))
		p.Rows[i].Name = name
	}
	if len(changed) == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s in SSB's region labels corrected from the register %s: %s",
		len(changed), plural(len(changed), "name", "names"), regName, strings.Join(changed, ", "))
}

// Find returns the row of number.
func (p *Population) Find(number string) (PopulationRow, bool) {
	i, ok := slices.BinarySearchFunc(p.Rows, number, func(r PopulationRow, n string) int { return cmp.Compare(r.Number, n) })
	if !ok {
		return PopulationRow{}, false
	}
	return p.Rows[i], true
}

// ReadPopulation reads a population table: either a plain CSV with the
// columns municipality_number, municipality_name and population (or their
// Norwegian aliases), or an SSB StatBank export of table 07459 as
// downloaded (see readSSB).
func ReadPopulation(r io.Reader, file string, opts Options) (*Population, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, Errors{errorf(file, 0, 0, "%v", err)}
	}
	probe := raw
	if bytes.HasPrefix(raw, utf16LE) || bytes.HasPrefix(raw, utf16BE) {
		probe, _, _ = decodeText(raw, file, "")
	}
	if _, ok := ssbHeader(probe); ok {
		return readSSB(raw, file, opts)
	}
	in, err := ReadMunicipalities(bytes.NewReader(raw), file, nil, opts)
	if err != nil {
		return nil, err
	}
	p := &Population{File: file, Notes: in.Notes, date: in.date, Year: in.date.date.Year()}
	if in.date.date.IsZero() {
		p.Year = 0
	}
	for i, m := range in.Municipalities {
		p.Rows = append(p.Rows, PopulationRow{Number: m.Number, Name: m.Name, Population: m.Population, Line: in.lines[i]})
	}
	slices.SortFunc(p.Rows, func(a, b PopulationRow) int { return cmp.Compare(a.Number, b.Number) })
	return p, nil
}

// WritePopulation writes p as a plain CSV table:
// municipality_number,municipality_name,population, sorted by number.
func WritePopulation(w io.Writer, p *Population) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"municipality_number", "municipality_name", "population"}); err != nil {
		return err
	}
	for _, r := range p.Rows {
		if err := cw.Write([]string{r.Number, Defuse(r.Name), strconv.FormatInt(r.Population, 10)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Join gives each participant its population and name from pop. A
// participant missing from pop is an error at its line; a name that
// differs between the files is a warning naming both (the population
// table's name, SSB's, is kept). pop may hold non-participants. Rows of
// part found in error before are skipped.
func Join(pop *Population, part *Input) (*Input, []string, error) {
	out := *part
	out.Municipalities = slices.Clone(part.Municipalities)
	var errs Errors
	var warnings []string
	for i, m := range out.Municipalities {
		if part.isBad(i) {
			continue
		}
		row, ok := pop.Find(m.Number)
		if !ok {
			errs = append(errs, part.Errorf(i, "municipality_number", "municipality_number %s is not in the population table %s", quote(m.Number), pop.File))
			continue
		}
		if m.Name != "" && m.Name != row.Name {
			warnings = append(warnings, part.Errorf(i, "municipality_name", "warning: municipality_name %s differs from %s in %s:%d (invoiced as %s)",
				quote(m.Name), quote(row.Name), pop.File, row.Line, quote(row.Name)).Error())
		}
		out.Municipalities[i].Name = row.Name
		out.Municipalities[i].Population = row.Population
		if out.nameAt == nil {
			out.nameAt = make([]string, len(out.Municipalities))
		}
		out.nameAt[i] = fmt.Sprintf("%s:%d", pop.File, row.Line)
	}
	if len(errs) > 0 {
		return nil, warnings, errs
	}
	if n := len(pop.Rows) - len(part.Municipalities); n > 0 {
		out.Notes = append(slices.Clone(out.Notes), fmt.Sprintf("%s holds %d %s that %s not in %s; %s not billed", pop.File, n, plural(n, "municipality", "municipalities"), plural(n, "is", "are"), part.File, plural(n, "it is", "they are")))
	}
	return &out, warnings, nil
}
