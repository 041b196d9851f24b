package billing

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Register is SSB's classification of municipalities (KLASS 131) for a
// year: which numbers exist, and their names. The program builds in the
// registers of the years it knows (package refdata); a user may give
// another.
type Register struct {
	names map[string]string
	// From and To are the days the register is valid from and until
	// (exclusive, as KLASS writes validTo); zero when not known. Basis says
	// where they come from, for messages.
	From, To time.Time
	Basis    string
}

// NewRegister makes a register from number → name.
func NewRegister(names map[string]string) Register { return Register{names: names} }

// Valid returns r valid from from until to (exclusive; zero: not known),
// as basis says.
func (r Register) Valid(from, to time.Time, basis string) Register {
	r.From, r.To, r.Basis = from, to, basis
	return r
}

// CheckYear returns an error when r is not valid in the whole of year: a
// register of another year has other numbers. It returns false when r's
// validity is not known and so could not be checked.
func (r Register) CheckYear(year int) (checked bool, err error) {
	if r.From.IsZero() && r.To.IsZero() {
		return false, nil
	}
	first, last := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	if r.From.After(first) || (!r.To.IsZero() && !r.To.After(last)) {
		return true, fmt.Errorf("the register is valid %s (%s), not in all of %d: give SSB's register for %d", r.validity(), r.Basis, year, year)
	}
	return true, nil
}

func (r Register) validity() string {
	switch {
	case r.To.IsZero():
		return "from " + r.From.Format(time.DateOnly)
	case r.From.IsZero():
		return "until " + r.To.Format(time.DateOnly)
	}
	return fmt.Sprintf("from %s until %s", r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
}

// Name returns the registered name of number, and whether it is registered.
func (r Register) Name(number string) (string, bool) {
	n, ok := r.names[number]
	return n, ok
}

// Len returns the number of municipalities in the register.
func (r Register) Len() int { return len(r.names) }

// Successor is a municipality that an old number became.
type Successor struct {
	Number, Name string
}

// Renumbering is SSB's correspondence between the municipality numbers of
// two years, such as 2019 → 2020.
type Renumbering struct {
	// On is the day the new numbers took effect: 1 January of the new year.
	On         time.Time
	successors map[string][]Successor
}

// NewRenumbering makes a correspondence from old number → successors.
func NewRenumbering(on time.Time, successors map[string][]Successor) Renumbering {
	return Renumbering{On: on, successors: successors}
}

// CheckYear returns an error unless the new numbers of rn are those of
// year: a table of another year's renumbering gives hints to numbers that
// are not this year's.
func (rn Renumbering) CheckYear(year int) error {
	if rn.On.Year() != year {
		return fmt.Errorf("the renumbering table gives the numbers of %d, not of %d: give SSB's table from %d to %d", rn.On.Year(), year, year-1, year)
	}
	return nil
}

// Len is the number of (old number, successor) pairs: the table's rows.
func (rn Renumbering) Len() int {
	n := 0
	for _, s := range rn.successors {
		n += len(s)
	}
	return n
}

// Hint says what an old number became, "1201 became 4601 (Bergen) on
// 2020-01-01", or "" when the table does not map it elsewhere. A split
// municipality names every successor. Only successors in reg are named:
// a hint never points to a number that is not in the register.
func (rn Renumbering) Hint(number string, reg Register) string {
	var succ []Successor
	for _, s := range rn.successors[number] {
		if _, ok := reg.Name(s.Number); ok {
			succ = append(succ, s)
		}
	}
	if len(succ) == 0 || (len(succ) == 1 && succ[0].Number == number) {
		return ""
	}
	parts := make([]string, len(succ))
	for i, s := range succ {
		parts[i] = fmt.Sprintf("%s (%s)", s.Number, s.Name)
	}
	verb := "became"
	if len(succ) > 1 {
		verb = "was split into"
	}
	return fmt.Sprintf("%s %s %s on %s", number, verb, strings.Join(parts, ", "), rn.On.Format(time.DateOnly))
}

// Targets returns every successor of the table once, by number: the
// numbers of its new year.
func (rn Renumbering) Targets() []Successor {
	seen := map[string]Successor{}
	for _, ss := range rn.successors {
		for _, s := range ss {
			seen[s.Number] = s
		}
	}
	out := make([]Successor, 0, len(seen))
	for _, s := range seen {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Successor) int { return strings.Compare(a.Number, b.Number) })
	return out
}
