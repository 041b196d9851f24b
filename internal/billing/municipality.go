package billing

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxPopulation bounds a municipality's population. It is far above any real
// municipality and keeps every sum of populations well inside int64.
const MaxPopulation = 1_000_000_000

// Municipality is one participating municipality as read from the input.
type Municipality struct {
	// Number is SSB's municipality number, four digits kept as text ("0301").
	Number string
	// Name is the municipality's name as given in the input.
	Name string
	// Population is SSB's count of inhabitants on the tariff's population date.
	Population int64
	// Starts holds, per solution, from when the municipality uses it. A
	// solution without an entry is used the whole year: the input had no
	// column for it.
	Starts map[string]Start
}

// Start says from when a municipality uses a solution. It is one day
// number, not a time.Time, so a Line stays small: the engine holds one per
// line. The zero Start is Always.
type Start struct {
	// code is 0 for always, startNever for never, and for a start date its
	// day number (days since 1970-01-01) plus startDated.
	code int32
}

const (
	startNever = 1
	// startDated lifts the day numbers of years 1 to 9999 (−719,162 to
	// 2,932,896) clear of 0 and startNever.
	startDated = 1 << 30
)

// Always is the Start of a solution used the whole year.
func Always() Start { return Start{} }

// Never is the Start of a solution not used at all.
func Never() Start { return Start{code: startNever} }

// From is the Start of a solution used from day d (d's date where d is;
// the time of day does not count).
func From(d time.Time) Start {
	civil := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if civil.IsZero() { // 0001-01-01: before any year, as Always
		return Start{}
	}
	return Start{code: dayNumber(civil) + startDated}
}

// dayNumber returns the days from 1970-01-01 to d, a midnight in UTC.
func dayNumber(d time.Time) int32 { return int32(d.Unix() / 86400) }

// dated reports whether s has a start date.
func (s Start) dated() bool { return s.code != 0 && s.code != startNever }

// Date returns the start date and true, or false when the solution is used
// always or never.
func (s Start) Date() (time.Time, bool) {
	if !s.dated() {
		return time.Time{}, false
	}
	return time.Unix(int64(s.code-startDated)*86400, 0).UTC(), true
}

// IsNever reports whether the solution is not used at all.
func (s Start) IsNever() bool { return s.code == startNever }

// Covers reports whether a solution started at s is in use in quarter q of
// year: the start is on or before the quarter's last day.
func (s Start) Covers(year int, q Quarter) bool {
	return s.coversDay(dayNumber(q.LastDay(year)))
}

// coversDay is Covers for the quarter that ends on day number last.
func (s Start) coversDay(last int32) bool {
	return s.code == 0 || s.dated() && s.code-startDated <= last
}

// String renders s for people: "whole year", "not used" or "from 2020-05-01".
func (s Start) String() string {
	d, ok := s.Date()
	switch {
	case s.IsNever():
		return "not used"
	case !ok:
		return "whole year"
	}
	return "from " + d.Format(time.DateOnly)
}

// Uses returns from when m uses solution.
func (m Municipality) Uses(solution string) Start {
	if s, ok := m.Starts[solution]; ok {
		return s
	}
	return Always()
}

// Quarter is a quarter of a year, 1 to 4.
type Quarter int8

// Quarters lists the quarters of a year in order.
var Quarters = [4]Quarter{1, 2, 3, 4}

// LastDay returns the last day of q in year.
func (q Quarter) LastDay(year int) time.Time {
	return time.Date(year, time.Month(3*int(q)+1), 0, 0, 0, 0, 0, time.UTC)
}

// Valid reports whether q is 1, 2, 3 or 4.
func (q Quarter) Valid() bool { return q >= 1 && q <= 4 }

// ParseMunicipalityNumber checks that s is exactly four ASCII digits and
// returns it unchanged: the number is text, "0301" keeps its zero. 0000 and
// 9999 are four digits but no municipality: SSB uses 9999 for "Uoppgitt"
// (unknown) and gives 0000 to none.
func ParseMunicipalityNumber(s string) (string, error) {
	if !digits(s, 4) {
		return "", problemf(ErrMunicipalityNumber, "%s: not 4 digits: write SSB's number with its leading zero, e.g. 0301", Quote(s))
	}
	switch s {
	case "0000":
		return "", problemf(ErrMunicipalityNumber, "%q is not a municipality: no municipality has the number 0000", s)
	case "9999":
		return "", problemf(ErrMunicipalityNumber, "%q is not a municipality: 9999 is SSB's code for \"Uoppgitt\" (unknown)", s)
	}
	return s, nil
}

// ParsePopulation reads a population written as plain decimal digits.
func ParsePopulation(s string) (int64, error) {
	if s == "" || !allDigits(s) {
		if len(s) > 1 && s[0] == '-' && allDigits(s[1:]) {
			return 0, problemf(ErrPopulation, "%s: negative: a population is 0 or more", Quote(s))
		}
		return 0, problemf(ErrPopulation, "%s: not a whole number: write the count of inhabitants as digits only, e.g. 14811", Quote(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > MaxPopulation {
		return 0, problemf(ErrPopulation, "%s: too large: a population is at most %d", Quote(s), MaxPopulation)
	}
	return n, nil
}

// validate checks the municipalities given to Allocate: numbers, names,
// populations and uniqueness, so the engine is safe whatever the reader.
func validate(ms []Municipality) error {
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if _, err := ParseMunicipalityNumber(m.Number); err != nil {
			return fmt.Errorf("municipality_number %w", err)
		}
		if strings.TrimSpace(m.Name) == "" {
			return problemf(ErrEmptyName, "municipality %s: empty name", m.Number)
		}
		if m.Population < 0 || m.Population > MaxPopulation {
			return problemf(ErrPopulation, "municipality %s: population %d is not 0 to %d", m.Number, m.Population, MaxPopulation)
		}
		if seen[m.Number] {
			return problemf(ErrDuplicateMunicipality, "municipality %s appears twice", m.Number)
		}
		seen[m.Number] = true
	}
	return nil
}
