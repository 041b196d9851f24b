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
	// rounding down.
	Leftover bool
	// Rank is the part's place in the remainder order of its pool (1 =
	// largest). The engine only selects the largest remainders, it does not
	// rank every part: Explain sets Rank on the lines it explains, and it is
	// 0 elsewhere.
	Rank int
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
	e := newEngine(t, ms)
	a := Allocation{Tariff: t, Totals: Totals{AnnualCost: t.AnnualCost}}
	a.Lines = e.layLines()
	weights, _ := shareWeights(t.Shares) // checked by Validate
	perSolution := apportion(t.AnnualCost, weights)
	a.Pools = make([]Pool, 0, len(t.Shares)*len(Quarters))
	for si := range t.Shares {
		perQuarter := apportion(perSolution[si].Amount(), []int64{1, 1, 1, 1})
		for qi := range Quarters {
			pool := e.allocatePool(si, qi, perSolution[si], perQuarter[qi], a.Lines)
			if !pool.Allocated {
				a.Totals.Unallocated += pool.Amount
			}
			a.Pools = append(a.Pools, pool)
		}
	}
	a.Municipalities = e.municipalityTotals(a.Lines, &a.Totals)
	return a
}

// engine holds one run's municipalities in the two orders the rules need,
// and where each municipality's part of each pool goes.
type engine struct {
	t        Tariff
	nSol     int
	byNumber []Municipality // the output order
	byTie    []int          // indexes into byNumber in tie order
	// starts[mi*nSol+si] is from when byNumber[mi] uses solution si.
	starts []Start
	// lineOf[mi*nPools+si*4+qi] is the index in the lines of byNumber[mi]'s
	// part of the pool of solution si in quarter qi; -1 when not in it.
	lineOf []int32
	// Buffers reused from one pool to the next.
	members []int
	weights []int64
	split   apportioner
}

func newEngine(t Tariff, ms []Municipality) *engine {
	e := &engine{t: t, nSol: len(t.Shares), byNumber: slices.Clone(ms)}
	slices.SortFunc(e.byNumber, func(a, b Municipality) int { return cmp.Compare(a.Number, b.Number) })
	e.byTie = make([]int, len(ms))
	for i := range e.byTie {
		e.byTie[i] = i
	}
	slices.SortFunc(e.byTie, func(a, b int) int { return tieOrder(e.byNumber[a], e.byNumber[b]) })
	e.starts = make([]Start, 0, len(ms)*e.nSol)
	for _, m := range e.byNumber {
		for _, sh := range t.Shares {
			e.starts = append(e.starts, m.Uses(sh.Solution))
		}
	}
	e.members = make([]int, 0, len(ms))
	e.weights = make([]int64, 0, len(ms))
	return e
}

// tieOrder is the order in which municipalities win equal remainders:
// larger population first, then lower number.
func tieOrder(a, b Municipality) int {
	return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.Number, b.Number))
}

// layLines makes every line, in output order (municipality number, quarter,
// solution), with all but its amounts, and fills e.lineOf.
func (e *engine) layLines() []Line {
	var lastDay [len(Quarters)]int32
	for qi, q := range Quarters {
		lastDay[qi] = dayNumber(q.LastDay(e.t.Year))
	}
	nPools := e.nSol * len(Quarters)
	e.lineOf = make([]int32, len(e.byNumber)*nPools)
	n := 0
	for i, s := range e.starts {
		for qi := range Quarters {
			if s.coversDay(lastDay[qi]) {
				n++
			} else {
				e.lineOf[i/e.nSol*nPools+i%e.nSol*len(Quarters)+qi] = -1
			}
		}
	}
	lines := make([]Line, 0, n)
	for mi, m := range e.byNumber {
		for qi, q := range Quarters {
			for si, sh := range e.t.Shares {
				at := &e.lineOf[mi*nPools+si*len(Quarters)+qi]
				if *at < 0 {
					continue
				}
				*at = int32(len(lines))
				lines = append(lines, Line{Year: e.t.Year, Quarter: q, Number: m.Number, Name: m.Name,
					Solution: sh.Solution, Population: m.Population, Start: e.starts[mi*e.nSol+si]})
			}
		}
	}
	return lines
}

// allocatePool splits the pool of solution si in quarter qi over its
// participants and writes each one's part into its line.
func (e *engine) allocatePool(si, qi int, solution, quarter Rounding, lines []Line) Pool {
	sh, q := e.t.Shares[si], Quarters[qi]
	pool := Pool{Solution: sh.Solution, Quarter: q, Amount: quarter.Amount(),
		SolutionAmount: solution.Amount(), SolutionSplit: solution, QuarterSplit: quarter}
	if w, ok := e.t.Waived(sh.Solution, q); ok {
		pool.Waiver = &w
	}
	at := func(mi int) int32 { return e.lineOf[mi*e.nSol*len(Quarters)+si*len(Quarters)+qi] }
	e.members, e.weights = e.members[:0], e.weights[:0] // in tie order
	for _, mi := range e.byTie {
		if at(mi) >= 0 {
			e.members = append(e.members, mi)
			e.weights = append(e.weights, e.byNumber[mi].Population)
			pool.Population += e.byNumber[mi].Population
		}
	}
	pool.Participants = len(e.members)
	pool.Allocated = pool.Population > 0
	if !pool.Allocated {
		return pool
	}
	for k, r := range e.split.apportion(pool.Amount, e.weights) {
		l := &lines[at(e.members[k])]
		l.Rounding = r
		if pool.Waiver != nil {
			l.Waived = r.Amount()
		} else {
			l.Amount = r.Amount()
		}
	}
	return pool
}

// municipalityTotals sums the lines of each municipality, and all of them
// into totals.
func (e *engine) municipalityTotals(lines []Line, totals *Totals) []MunicipalityTotal {
	out := make([]MunicipalityTotal, len(e.byNumber))
	i := 0
	for mi, m := range e.byNumber {
		total := MunicipalityTotal{Number: m.Number, Name: m.Name, Population: m.Population}
		for ; i < len(lines) && lines[i].Number == m.Number; i++ {
			total.Amount += lines[i].Amount
			total.Waived += lines[i].Waived
		}
		totals.Invoiced += total.Amount
		totals.Waived += total.Waived
		out[mi] = total
	}
	return out
}

// apportion splits total into whole øre in proportion to weights by the
// largest-remainder rule of the package documentation; equal remainders go
// to the lower index, so callers pass parts in their tie order. The parts
// sum to total exactly. The sum of weights must be positive and fit in
// int64, every weight zero or more, and total zero or more.
func apportion(total Money, weights []int64) []Rounding {
	var s apportioner
	return s.apportion(total, weights)
}

// apportioner applies the rounding rule, reusing its memory from one split
// to the next.
type apportioner struct {
	parts  []Rounding
	counts []int // a histogram of remainders
	keys   []remainderKey
}

// apportion is the package's apportion; the result is valid until the
// next call.
func (s *apportioner) apportion(total Money, weights []int64) []Rounding {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	s.parts = slices.Grow(s.parts[:0], len(weights))[:len(weights)]
	left := total
	for i, w := range weights {
		// total × w ≤ total × sum, so the 128-bit quotient fits in 64 bits.
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(sum))
		s.parts[i] = Rounding{Floor: Money(q), Remainder: int64(r), Denominator: sum}
		left -= Money(q)
	}
	// left < len(weights): the remainders are each below one øre and add
	// up to exactly left øre.
	if left > 0 {
		s.giveLeftovers(int(left))
	}
	return s.parts
}

// giveLeftovers marks the left parts that come first in the leftover order
// (larger remainder, then lower index). Only which parts come first
// matters, not their order among themselves, so it selects instead of
// sorting: a histogram of the remainders' top bits finds the bucket that
// holds the boundary, every part in a higher bucket gets an øre, and a
// selection in the boundary bucket picks the rest. Equal remainders share
// a bucket, so the tie order is decided there.
func (s *apportioner) giveLeftovers(left int) {
	parts := s.parts
	bucketBits := min(bits.Len(uint(len(parts))), 16)
	// Every remainder is below the sum, so r>>shift < 1<<bucketBits.
	shift := max(bits.Len64(uint64(parts[0].Denominator-1))-bucketBits, 0)
	s.counts = slices.Grow(s.counts[:0], 1<<bucketBits)[:1<<bucketBits]
	clear(s.counts)
	for _, p := range parts {
		s.counts[p.Remainder>>shift]++
	}
	boundary, need := len(s.counts)-1, left
	for s.counts[boundary] < need {
		need -= s.counts[boundary]
		boundary--
	}
	s.keys = s.keys[:0]
	for i, p := range parts {
		switch b := int(p.Remainder >> shift); {
		case b > boundary:
			parts[i].Leftover = true
		case b == boundary:
			s.keys = append(s.keys, remainderKey{remainder: p.Remainder, index: i})
		}
	}
	selectFirst(s.keys, need)
	for _, k := range s.keys[:need] {
		parts[k.index].Leftover = true
	}
}
