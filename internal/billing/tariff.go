package billing

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Tariff is what one year's invoicing applies: the cost to recover, how it
// is shared between the solutions, which pools are waived, and the date of
// the population counts.
type Tariff struct {
	Year int
	// AnnualCost is the yearly operation and management cost to recover.
	AnnualCost Money
	// Shares says how AnnualCost splits over the solutions. Their order is
	// the order of lines and the tie order of the split.
	Shares []Share
	// Waivers lists the (solution, quarters) that are computed but not invoiced.
	Waivers []Waiver
	// PopulationDate is the date of the SSB population counts.
	PopulationDate time.Time
	// Index, when not nil, says AnnualCost was derived from the previous
	// year's cost by index regulation.
	Index *Index
	// Note explains the tariff in words, such as an assumption it makes.
	Note string
	// Source names where the tariff was read from, for the record.
	Source Source
}

// Share is one solution's part of the annual cost, an exact ratio.
type Share struct {
	Solution string
	Ratio    decimal.Decimal
}

// Waiver says a solution is not invoiced in some quarters, and why.
type Waiver struct {
	Solution string
	Quarters []Quarter
	Reason   string
}

// Index is an index regulation: cost = previous cost × To ÷ From, rounded
// half away from zero to whole øre.
type Index struct {
	Name     string
	From, To decimal.Decimal
	// PreviousCost is the cost of Year-1 it was applied to.
	PreviousCost Money
}

// Source is where a tariff came from: the built-in table or a file, with its
// SHA-256 so a re-run can show it used the same one.
type Source struct {
	Name   string
	SHA256 string
}

// Solutions returns the tariff's solutions in order.
func (t Tariff) Solutions() []string {
	out := make([]string, len(t.Shares))
	for i, s := range t.Shares {
		out[i] = s.Solution
	}
	return out
}

// Waived returns the waiver for (solution, q), if any.
func (t Tariff) Waived(solution string, q Quarter) (Waiver, bool) {
	for _, w := range t.Waivers {
		if w.Solution == solution && slices.Contains(w.Quarters, q) {
			return w, true
		}
	}
	return Waiver{}, false
}

// TariffError says which rule a tariff breaks, and in which field
// (annual_cost, shares or waiver, as a tariff file names them).
type TariffError struct {
	Year  int
	Field string
	Msg   string
	Err   error // ErrTariff or ErrUnknownSolution
}

// Error names the year, the field and what is wrong.
func (e *TariffError) Error() string {
	return fmt.Sprintf("tariff %d: %s: %s", e.Year, e.Field, e.Msg)
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *TariffError) Unwrap() error { return e.Err }

// KnownSolutions are the Digisos solutions a tariff may share the cost
// over: soknad (the digital application) and innsyn (the insight services).
// A tariff that names another would bill a solution nobody delivers.
var KnownSolutions = []string{"soknad", "innsyn"}

// Validate checks the rules every tariff must keep: a four-digit year, a
// cost of zero or more, at least one solution, distinct known solutions
// (KnownSolutions), shares of zero or more that add up to exactly 1, an
// index with a name and positive values, waivers that name a solution of
// the tariff, distinct quarters 1 to 4 and a reason, and a population date
// (when set) in the tariff's year or the year before. It returns a
// *TariffError naming the field.
func (t Tariff) Validate() error {
	checks := []func() *TariffError{t.validateYear, t.validateCost, t.validateShares, t.validateWaivers}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (t Tariff) fail(field string, err error, format string, args ...any) *TariffError {
	return &TariffError{Year: t.Year, Field: field, Msg: fmt.Sprintf(format, args...), Err: err}
}

func (t Tariff) validateYear() *TariffError {
	if t.Year < 1900 || t.Year > 9999 {
		return t.fail("year", ErrTariff, "year %d is not a four-digit year", t.Year)
	}
	if t.PopulationDate.IsZero() {
		return nil
	}
	if y := t.PopulationDate.Year(); y != t.Year && y != t.Year-1 {
		return t.fail("population_date", ErrTariff, "%s is not in %d or %d: the population is counted in the tariff's year or on 1 January of it",
			t.PopulationDate.Format(time.DateOnly), t.Year-1, t.Year)
	}
	return nil
}

func (t Tariff) validateCost() *TariffError {
	if t.AnnualCost < 0 {
		return t.fail("annual_cost", ErrTariff, "%s is negative", t.AnnualCost)
	}
	if t.Index == nil {
		return nil
	}
	if strings.TrimSpace(t.Index.Name) == "" {
		return t.fail("index", ErrTariff, "name the index (for example \"KPI\")")
	}
	if !t.Index.From.IsPositive() || !t.Index.To.IsPositive() {
		return t.fail("index", ErrTariff, "from %s and to %s must be positive", t.Index.From, t.Index.To)
	}
	return nil
}

func (t Tariff) validateShares() *TariffError {
	if len(t.Shares) == 0 {
		return t.fail("shares", ErrTariff, "no solution has a share")
	}
	sum := decimal.Zero
	seen := map[string]bool{}
	for _, s := range t.Shares {
		if !slices.Contains(KnownSolutions, s.Solution) {
			return t.fail("shares", ErrUnknownSolution, "unknown solution %s (the solutions are %s)", Quote(s.Solution), strings.Join(KnownSolutions, ", "))
		}
		if seen[s.Solution] {
			return t.fail("shares", ErrTariff, "solution %q has two shares", s.Solution)
		}
		seen[s.Solution] = true
		if s.Ratio.IsNegative() {
			return t.fail("shares", ErrTariff, "share of %s is negative (%s)", s.Solution, s.Ratio)
		}
		sum = sum.Add(s.Ratio)
	}
	if !sum.Equal(decimal.NewFromInt(1)) {
		return t.fail("shares", ErrTariff, "shares sum to %s, not 1", sum)
	}
	if _, err := shareWeights(t.Shares); err != nil {
		return t.fail("shares", ErrTariff, "%v", err)
	}
	return nil
}

func (t Tariff) validateWaivers() *TariffError {
	waived := map[string][]Quarter{} // per solution, the quarters waived so far
	for _, w := range t.Waivers {
		if !slices.Contains(t.Solutions(), w.Solution) {
			return t.fail("waiver", ErrUnknownSolution, "unknown solution %s (the tariff has %s)", Quote(w.Solution), strings.Join(t.Solutions(), ", "))
		}
		if len(w.Quarters) == 0 {
			return t.fail("waiver", ErrTariff, "waiver for %s names no quarters", w.Solution)
		}
		for _, q := range w.Quarters {
			if !q.Valid() {
				return t.fail("waiver", ErrTariff, "waiver for %s: quarter %d is not 1-4", w.Solution, q)
			}
			if slices.Contains(waived[w.Solution], q) {
				return t.fail("waiver", ErrTariff, "waiver for %s: quarter %d is waived twice", w.Solution, q)
			}
			waived[w.Solution] = append(waived[w.Solution], q)
		}
		if strings.TrimSpace(w.Reason) == "" {
			return t.fail("waiver", ErrTariff, "waiver for %s has no reason: say why it is not invoiced", w.Solution)
		}
	}
	return nil
}

// Warnings returns what is allowed in t but unusual enough to be said: a
// population date other than 1 January, the date of SSB's yearly counts.
func (t Tariff) Warnings() []string {
	if t.PopulationDate.IsZero() || (t.PopulationDate.Month() == time.January && t.PopulationDate.Day() == 1) {
		return nil
	}
	return []string{fmt.Sprintf("warning: tariff %d: population_date %s is not 1 January, the date of SSB's yearly population counts",
		t.Year, t.PopulationDate.Format(time.DateOnly))}
}

func validSolutionName(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
}

// shareWeights turns the ratios into integer weights over a common power of
// ten, so the split by share is an exact integer split: 0.5/0.5 → 5/5.
func shareWeights(shares []Share) ([]int64, error) {
	exp := int32(0)
	for _, s := range shares {
		exp = min(exp, s.Ratio.Exponent())
	}
	out := make([]int64, len(shares))
	for i, s := range shares {
		w := s.Ratio.Shift(-exp).BigInt()
		if !w.IsInt64() || w.Cmp(big.NewInt(1_000_000_000_000_000)) > 0 {
			return nil, fmt.Errorf("share of %s has too many decimals", s.Solution)
		}
		out[i] = w.Int64()
	}
	return out, nil
}

// IndexCost applies an index regulation: prev × to ÷ from, rounded half away
// from zero to whole øre.
func IndexCost(prev Money, from, to decimal.Decimal) (Money, error) {
	if !from.IsPositive() || !to.IsPositive() {
		return 0, fmt.Errorf("index values must be positive (from %s, to %s): %w", from, to, ErrTariff)
	}
	r := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(prev)), to.Rat())
	r.Quo(r, from.Rat())
	// Half away from zero: for r ≥ 0, floor(r + 1/2).
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if !q.IsInt64() {
		return 0, fmt.Errorf("indexed cost is too large: %w", ErrTariff)
	}
	return Money(q.Int64()), nil
}
