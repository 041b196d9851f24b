package billing

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
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

// Validate checks the rules every tariff must keep: a cost of zero or more,
// at least one solution, distinct solution names of lower-case letters,
// shares of zero or more that add up to exactly 1, and waivers that name a
// known solution and quarters 1 to 4. It returns a *TariffError.
func (t Tariff) Validate() error {
	fail := func(field string, err error, format string, args ...any) error {
		return &TariffError{Year: t.Year, Field: field, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	if t.AnnualCost < 0 {
		return fail("annual_cost", ErrTariff, "%s is negative", t.AnnualCost)
	}
	if len(t.Shares) == 0 {
		return fail("shares", ErrTariff, "no solution has a share")
	}
	sum := decimal.Zero
	seen := map[string]bool{}
	for _, s := range t.Shares {
		if !validSolutionName(s.Solution) {
			return fail("shares", ErrTariff, "solution %q: use lower-case letters a-z only", s.Solution)
		}
		if seen[s.Solution] {
			return fail("shares", ErrTariff, "solution %q has two shares", s.Solution)
		}
		seen[s.Solution] = true
		if s.Ratio.IsNegative() {
			return fail("shares", ErrTariff, "share of %s is negative (%s)", s.Solution, s.Ratio)
		}
		sum = sum.Add(s.Ratio)
	}
	if !sum.Equal(decimal.NewFromInt(1)) {
		return fail("shares", ErrTariff, "shares sum to %s, not 1", sum)
	}
	if _, err := shareWeights(t.Shares); err != nil {
		return fail("shares", ErrTariff, "%v", err)
	}
	for _, w := range t.Waivers {
		if !seen[w.Solution] {
			return fail("waiver", ErrUnknownSolution, "unknown solution %q (the tariff has %s)", w.Solution, strings.Join(t.Solutions(), ", "))
		}
		if len(w.Quarters) == 0 {
			return fail("waiver", ErrTariff, "waiver for %s names no quarters", w.Solution)
		}
		for _, q := range w.Quarters {
			if !q.Valid() {
				return fail("waiver", ErrTariff, "waiver for %s: quarter %d is not 1-4", w.Solution, q)
			}
		}
	}
	return nil
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

// Tariffs is the table of tariffs by year, kept in year order.
type Tariffs []Tariff

// For returns the tariff of year, or an error naming the years there are.
func (ts Tariffs) For(year int) (Tariff, error) {
	for _, t := range ts {
		if t.Year == year {
			return t, nil
		}
	}
	years := make([]string, len(ts))
	for i, t := range ts {
		years[i] = strconv.Itoa(t.Year)
	}
	return Tariff{}, fmt.Errorf("%d: %w (tariffs exist for %s)", year, ErrNoTariff, strings.Join(years, ", "))
}
