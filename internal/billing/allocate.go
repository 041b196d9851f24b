package billing

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
)

// Allocation is the outcome of one year's run: the pools, the invoice lines
// and their totals.
type Allocation struct {
	Tariff Tariff
	// Pools holds one pool per (solution, quarter), solutions in tariff order.
	Pools []Pool
	// Lines holds one line per (municipality, quarter, solution) the
	// municipality takes part in, sorted by municipality number, quarter
	// and solution (tariff order).
	Lines []Line
	// Municipalities holds every input municipality with its totals, sorted
	// by number; one that uses no solution has totals of zero.
	Municipalities []MunicipalityTotal
	Totals         Totals
}

// Pool is one (solution, quarter) part of the annual cost.
type Pool struct {
	Solution string
	Quarter  Quarter
	Amount   Money
	// SolutionAmount is the solution's part of the annual cost, and
	// SolutionSplit and QuarterSplit how the two splits that made Amount
	// were rounded.
	SolutionAmount Money
	SolutionSplit  Rounding
	QuarterSplit   Rounding
	// Waiver is set when the pool is computed but not invoiced.
	Waiver *Waiver
	// Participants and Population count who takes part in the pool.
	Participants int
	Population   int64
	// Allocated is false when the pool has no participants or they have no
	// inhabitants: then its amount is unallocated.
	Allocated bool
}

// Line is one invoice line: what one municipality owes for one solution in
// one quarter.
type Line struct {
	Year       int
	Quarter    Quarter
	Number     string
	Name       string
	Solution   string
	Population int64
	Amount     Money // invoiced
	Waived     Money // computed but waived
	// Rounding shows how the line's øre were reached.
	Rounding Rounding
	// Start is from when the municipality uses the solution.
	Start Start
}

// Rounding records how one part of a split got its øre, for explain and
// audit: the exact share is Floor + Remainder/Denominator øre.
type Rounding struct {
	Floor       Money
	Remainder   int64
	Denominator int64
	// Leftover is true when the line got one of the øre left over after
	// rounding down; Rank is its place in the remainder order (1 = largest).
	Leftover bool
	Rank     int
}

// Amount returns the part's whole øre: Floor, plus one if it got a leftover.
func (r Rounding) Amount() Money {
	if r.Leftover {
		return r.Floor + 1
	}
	return r.Floor
}

// InvoiceID returns the stable id of a municipality's invoice for a year:
// DIGISOS-2020-0301. Every output format carries it.
func InvoiceID(year int, number string) string {
	return "DIGISOS-" + strconv.Itoa(year) + "-" + number
}

// InvoiceID returns the id of the invoice the line belongs to.
func (l Line) InvoiceID() string { return InvoiceID(l.Year, l.Number) }

// Pool returns the pool of (solution, q).
func (a Allocation) Pool(solution string, q Quarter) (Pool, bool) {
	for _, p := range a.Pools {
		if p.Solution == solution && p.Quarter == q {
			return p, true
		}
	}
	return Pool{}, false
}

// Total returns the line's computed share, invoiced or waived.
func (l Line) Total() Money { return l.Amount + l.Waived }

// MunicipalityTotal sums one municipality's lines.
type MunicipalityTotal struct {
	Number     string
	Name       string
	Population int64
	Amount     Money
	Waived     Money
}

// Totals reconcile a run: Invoiced + Waived + Unallocated = AnnualCost.
type Totals struct {
	Invoiced    Money
	Waived      Money
	Unallocated Money
	AnnualCost  Money
}

// Allocate applies tariff t to the municipalities ms. It does not keep or
// change ms. The result depends only on the set of municipalities, never on
// their order.
func Allocate(t Tariff, ms []Municipality) (Allocation, error) {
	if err := t.Validate(); err != nil {
		return Allocation{}, err
	}
	if err := validate(ms); err != nil {
		return Allocation{}, err
	}
	for _, m := range ms {
		for sol := range m.Starts {
			if !slices.Contains(t.Solutions(), sol) {
				return Allocation{}, problemf(ErrUnknownSolution, "municipality %s: unknown solution %q", m.Number, sol)
			}
		}
	}
	return allocate(t, ms), nil
}

// allocate is Allocate on a valid tariff and valid municipalities.
func allocate(t Tariff, ms []Municipality) Allocation {
	// byNumber fixes the output order; byTie fixes who wins equal remainders.
	byNumber := slices.Clone(ms)
	slices.SortFunc(byNumber, func(a, b Municipality) int { return cmp.Compare(a.Number, b.Number) })
	byTie := make([]int, len(byNumber))
	for i := range byTie {
		byTie[i] = i
	}
	slices.SortFunc(byTie, func(a, b int) int {
		if c := cmp.Compare(byNumber[b].Population, byNumber[a].Population); c != 0 {
			return c
		}
		return cmp.Compare(byNumber[a].Number, byNumber[b].Number)
	})

	weights, _ := shareWeights(t.Shares) // checked by Validate
	perSolution := apportion(t.AnnualCost, weights)

	a := Allocation{Tariff: t, Totals: Totals{AnnualCost: t.AnnualCost}}
	// parts[mi*nPools + si*4 + qi] is municipality mi's part of the pool of
	// solution si in quarter qi, when it takes part.
	type part struct {
		in       bool
		rounding Rounding
	}
	nPools := len(t.Shares) * len(Quarters)
	parts := make([]part, len(byNumber)*nPools)
	memberBuf := make([]int, 0, len(byNumber))
	weightBuf := make([]int64, 0, len(byNumber))
	// firstQuarter[mi*nSol+si] is the first quarter in which municipality
	// mi uses solution si; 5 when it never does.
	nSol := len(t.Shares)
	firstQuarter := make([]Quarter, len(byNumber)*nSol)
	for mi, m := range byNumber {
		for si, sh := range t.Shares {
			start, fq := m.Uses(sh.Solution), Quarter(5)
			for _, q := range slices.Backward(Quarters[:]) {
				if start.Covers(t.Year, q) {
					fq = q
				}
			}
			firstQuarter[mi*nSol+si] = fq
		}
	}
	for si, sh := range t.Shares {
		perQuarter := apportion(perSolution[si].Amount(), []int64{1, 1, 1, 1})
		for qi, q := range Quarters {
			pool := Pool{Solution: sh.Solution, Quarter: q, Amount: perQuarter[qi].Amount(),
				SolutionAmount: perSolution[si].Amount(), SolutionSplit: perSolution[si], QuarterSplit: perQuarter[qi]}
			if w, ok := t.Waived(sh.Solution, q); ok {
				pool.Waiver = &w
			}
			members := memberBuf[:0] // indexes into byNumber, in tie order
			popWeights := weightBuf[:0]
			for _, mi := range byTie {
				if firstQuarter[mi*nSol+si] <= q {
					members = append(members, mi)
					popWeights = append(popWeights, byNumber[mi].Population)
					pool.Population += byNumber[mi].Population
				}
			}
			pool.Participants = len(members)
			pool.Allocated = pool.Population > 0
			if pool.Allocated {
				for k, p := range apportion(pool.Amount, popWeights) {
					parts[members[k]*nPools+si*len(Quarters)+qi] = part{in: true, rounding: p}
				}
			} else {
				for _, mi := range members {
					parts[mi*nPools+si*len(Quarters)+qi] = part{in: true}
				}
				a.Totals.Unallocated += pool.Amount
			}
			a.Pools = append(a.Pools, pool)
		}
	}

	nLines := 0
	for _, p := range a.Pools {
		nLines += p.Participants
	}
	a.Lines = make([]Line, 0, nLines)
	a.Municipalities = make([]MunicipalityTotal, 0, len(byNumber))
	for mi, m := range byNumber {
		total := MunicipalityTotal{Number: m.Number, Name: m.Name, Population: m.Population}
		for qi, q := range Quarters {
			for si, sh := range t.Shares {
				p := parts[mi*nPools+si*len(Quarters)+qi]
				if !p.in {
					continue
				}
				pool := &a.Pools[si*len(Quarters)+qi]
				l := Line{
					Year: t.Year, Quarter: q, Number: m.Number, Name: m.Name,
					Solution: sh.Solution, Population: m.Population,
					Rounding: p.rounding, Start: m.Uses(sh.Solution),
				}
				if pool.Waiver != nil {
					l.Waived = p.rounding.Amount()
				} else {
					l.Amount = p.rounding.Amount()
				}
				total.Amount += l.Amount
				total.Waived += l.Waived
				a.Lines = append(a.Lines, l)
			}
		}
		a.Totals.Invoiced += total.Amount
		a.Totals.Waived += total.Waived
		a.Municipalities = append(a.Municipalities, total)
	}
	return a
}

// apportion splits total into whole øre in proportion to weights by the
// largest-remainder rule of the package documentation; equal remainders go
// to the lower index, so callers pass parts in their tie order. The parts
// sum to total exactly. The sum of weights must be positive and fit in
// int64, every weight zero or more, and total zero or more.
func apportion(total Money, weights []int64) []Rounding {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	out := make([]Rounding, len(weights))
	left := total
	for i, w := range weights {
		// total × w ≤ total × sum, so the 128-bit quotient fits in 64 bits.
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i] = Rounding{Floor: Money(q), Remainder: int64(r), Denominator: sum}
		left -= Money(q)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(out[b].Remainder, out[a].Remainder), cmp.Compare(a, b))
	})
	// left < len(weights): the remainders are each below one øre and add
	// up to exactly left øre.
	for rank, i := range order {
		out[i].Rank = rank + 1
		out[i].Leftover = Money(rank) < left
	}
	return out
}
