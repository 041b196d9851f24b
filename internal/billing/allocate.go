package billing

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
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
	Number     string
	Name       string
	Solution   string
	Population int64
	Amount     Money // invoiced
	Waived     Money // computed but waived
	// Quarter and Start come last and share eight bytes.
	Quarter Quarter
	// Start is from when the municipality uses the solution.
	Start Start
}

// Rounding records how one part of a split got its øre, for explain and
// audit: the exact share is Floor + Remainder/Denominator øre. A line does
// not carry it: Pool.Rounding derives it from the line and its pool.
type Rounding struct {
	Floor       Money
	Remainder   int64
	Denominator int64
	// Leftover is true when the line got one of the øre left over after
	// rounding down.
	Leftover bool
	// Rank is the part's place in the remainder order of its pool (1 =
	// largest). The engine does not keep the order it sorts the parts in:
	// Explain sets Rank on the lines it explains, and it is
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

// Rounding returns how line l's øre of pool p were reached: its exact
// share p.Amount × l.Population / p.Population, rounded down, and whether
// it got one of the leftover øre. It is the zero Rounding when p is not
// allocated. l must be one of p's lines.
func (p Pool) Rounding(l Line) Rounding {
	if !p.Allocated {
		return Rounding{}
	}
	// Amount × l.Population ≤ Amount × Population, so the 128-bit quotient
	// fits in 64 bits, as in apportion.
	hi, lo := bits.Mul64(uint64(p.Amount), uint64(l.Population))
	q, r := bits.Div64(hi, lo, uint64(p.Population))
	floor := Money(q)
	return Rounding{Floor: floor, Remainder: int64(r), Denominator: p.Population, Leftover: l.Total() > floor}
}

// InvoiceID returns the stable id of a municipality's invoice for a year:
// DIGISOS-2020-0301. Every output format carries it.
func InvoiceID(year int, number string) string {
	return fmt.Sprintf("DIGISOS-%d-%s", year, number)
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
	solutions := t.Solutions()
	for _, m := range ms {
		for sol := range m.Starts {
			if !slices.Contains(solutions, sol) {
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
// and where each municipality's lines start.
type engine struct {
	t        Tariff
	nSol     int
	byNumber []*Municipality // the output order
	byTie    []int32         // indexes into byNumber in tie order
	// starts[mi*nSol+si] is from when byNumber[mi] uses solution si.
	starts []Start
	// first[mi] is the index of byNumber[mi]'s first line.
	first []int32
	// lastDay[qi] is the day number of the last day of quarter qi.
	lastDay [len(Quarters)]int32
	// Buffers reused from one pool to the next.
	members []int32 // the members' lines
	weights []int64
	split   apportioner
}

func newEngine(t Tariff, ms []Municipality) *engine {
	e := &engine{t: t, nSol: len(t.Shares), byNumber: make([]*Municipality, len(ms))}
	for i := range ms {
		e.byNumber[i] = &ms[i]
	}
	slices.SortFunc(e.byNumber, func(a, b *Municipality) int { return cmp.Compare(a.Number, b.Number) })
	e.byTie = make([]int32, len(ms))
	for i := range e.byTie {
		e.byTie[i] = int32(i)
	}
	// tieOrder on byNumber's indexes: byNumber is in number order, so the
	// lower index is the lower number.
	slices.SortFunc(e.byTie, func(a, b int32) int {
		if pa, pb := e.byNumber[a].Population, e.byNumber[b].Population; pa != pb {
			return cmp.Compare(pb, pa)
		}
		return cmp.Compare(a, b)
	})
	e.starts = make([]Start, 0, len(ms)*e.nSol)
	for _, m := range e.byNumber {
		for _, sh := range t.Shares {
			e.starts = append(e.starts, m.Uses(sh.Solution))
		}
	}
	e.members = make([]int32, 0, len(ms))
	e.split.parts = make([]part, 0, len(ms))
	e.weights = make([]int64, 0, len(ms))
	return e
}

// tieOrder is the order in which municipalities win equal remainders:
// larger population first, then lower number.
func tieOrder(a, b Municipality) int {
	return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.Number, b.Number))
}

// layLines makes every line, in output order (municipality number, quarter,
// solution), with all but its amounts, and fills e.first.
func (e *engine) layLines() []Line {
	for qi, q := range Quarters {
		e.lastDay[qi] = dayNumber(q.LastDay(e.t.Year))
	}
	n := 0
	for _, s := range e.starts {
		for qi := range Quarters {
			if s.coversDay(e.lastDay[qi]) {
				n++
			}
		}
	}
	// The fields are set one by one: copying a whole Line into the slice
	// costs more while the garbage collector runs.
	lines := make([]Line, n)
	e.first = make([]int32, len(e.byNumber))
	k := 0
	for mi, m := range e.byNumber {
		e.first[mi] = int32(k)
		for qi, q := range Quarters {
			for si, sh := range e.t.Shares {
				if !e.covers(int32(mi), si, qi) {
					continue
				}
				l := &lines[k]
				l.Year, l.Quarter, l.Number, l.Name = e.t.Year, q, m.Number, m.Name
				l.Solution, l.Population, l.Start = sh.Solution, m.Population, e.starts[mi*e.nSol+si]
				k++
			}
		}
	}
	return lines
}

// covers reports whether byNumber[mi] uses solution si in quarter qi.
func (e *engine) covers(mi int32, si, qi int) bool {
	return e.starts[int(mi)*e.nSol+si].coversDay(e.lastDay[qi])
}

// lineAt returns the index of byNumber[mi]'s line in the pool of solution si
// in quarter qi, which it covers: its first line, plus the lines laid before
// this one (earlier quarters, then earlier solutions in the same quarter).
func (e *engine) lineAt(mi int32, si, qi int) int32 {
	at := e.first[mi]
	for q := range qi + 1 {
		for s := range e.nSol {
			if q == qi && s == si {
				return at
			}
			if e.covers(mi, s, q) {
				at++
			}
		}
	}
	return at
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
	e.members, e.weights = e.members[:0], e.weights[:0] // in tie order
	for _, mi := range e.byTie {
		if e.covers(mi, si, qi) {
			e.members = append(e.members, e.lineAt(mi, si, qi))
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
		l := &lines[e.members[k]]
		if pool.Waiver != nil {
			l.Waived = r.amount()
		} else {
			l.Amount = r.amount()
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
	parts := s.apportion(total, weights)
	out := make([]Rounding, len(parts))
	for i, p := range parts {
		out[i] = Rounding{Floor: p.floor, Remainder: p.remainder, Denominator: s.sum, Leftover: p.leftover}
	}
	return out
}

// part is one part of a split: the exact share is floor + remainder/sum
// øre, and leftover is true when the part got one of the øre left over.
type part struct {
	floor     Money
	remainder int64
	leftover  bool
}

func (p part) amount() Money {
	if p.leftover {
		return p.floor + 1
	}
	return p.floor
}

// apportioner applies the rounding rule, reusing its memory from one split
// to the next.
type apportioner struct {
	parts []part
	sum   int64
	order []int // part indices, in the leftover order
}

// apportion is the package's apportion; the result is valid until the
// next call.
func (s *apportioner) apportion(total Money, weights []int64) []part {
	s.sum = 0
	for _, w := range weights {
		s.sum += w
	}
	s.parts = slices.Grow(s.parts[:0], len(weights))[:len(weights)]
	left := total
	for i, w := range weights {
		// total × w ≤ total × sum, so the 128-bit quotient fits in 64 bits.
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(s.sum))
		s.parts[i] = part{floor: Money(q), remainder: int64(r)}
		left -= Money(q)
	}
	// left < len(weights): the remainders are each below one øre and add
	// up to exactly left øre.
	if left > 0 {
		s.giveLeftovers(int(left))
	}
	return s.parts
}

// giveLeftovers gives one øre to each of the left parts that come first
// in the leftover order: larger remainder first, then lower index (the
// caller's tie order).
func (s *apportioner) giveLeftovers(left int) {
	s.order = s.order[:0]
	for i := range s.parts {
		s.order = append(s.order, i)
	}
	slices.SortFunc(s.order, func(a, b int) int {
		return cmp.Or(cmp.Compare(s.parts[b].remainder, s.parts[a].remainder), cmp.Compare(a, b))
	})
	for _, i := range s.order[:left] {
		s.parts[i].leftover = true
	}
}
