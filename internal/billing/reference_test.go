package billing

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// refKey names one line.
type refKey struct {
	number   string
	quarter  Quarter
	solution string
}

// refLine is what the reference computes for a line: the whole øre of its
// share (invoiced or waived) and the exact share in øre.
type refLine struct {
	ore   int64
	exact *big.Rat
	pool  int // index of the pool: solution × 4 + quarter − 1
}

// reference computes R1–R7 again, independently of Allocate: exact
// rationals from math/big, participation from date strings, and a plain
// sort per split. It returns every line and the unallocated øre.
func reference(t Tariff, ms []Municipality) (map[refKey]refLine, int64) {
	// split hands total øre to parts in proportion to weights; the parts
	// are already in tie order.
	split := func(total int64, weights []*big.Rat) ([]int64, []*big.Rat) {
		sum := new(big.Rat)
		for _, w := range weights {
			sum.Add(sum, w)
		}
		floors := make([]int64, len(weights))
		exacts := make([]*big.Rat, len(weights))
		fracs := make([]*big.Rat, len(weights))
		left := total
		for i, w := range weights {
			e := new(big.Rat).Mul(new(big.Rat).SetInt64(total), w)
			e.Quo(e, sum)
			f := new(big.Int).Quo(e.Num(), e.Denom()) // e ≥ 0: truncation is floor
			floors[i] = f.Int64()
			exacts[i] = e
			fracs[i] = new(big.Rat).Sub(e, new(big.Rat).SetInt(f))
			left -= floors[i]
		}
		idx := make([]int, len(weights))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return fracs[b].Cmp(fracs[a]) })
		for _, i := range idx[:left] {
			floors[i]++
		}
		return floors, exacts
	}
	var shareW []*big.Rat
	for _, s := range t.Shares {
		shareW = append(shareW, s.Ratio.Rat())
	}
	perSolution, _ := split(int64(t.AnnualCost), shareW)
	quarterEnd := []string{"-03-31", "-06-30", "-09-30", "-12-31"}

	tie := slices.Clone(ms)
	slices.SortFunc(tie, func(a, b Municipality) int {
		if a.Population != b.Population {
			return cmp.Compare(b.Population, a.Population)
		}
		return cmp.Compare(a.Number, b.Number)
	})
	out := map[refKey]refLine{}
	var unallocated int64
	for si, s := range t.Shares {
		perQuarter, _ := split(perSolution[si], []*big.Rat{big.NewRat(1, 1), big.NewRat(1, 1), big.NewRat(1, 1), big.NewRat(1, 1)})
		for qi, pool := range perQuarter {
			end := strconv.Itoa(t.Year) + quarterEnd[qi]
			var in []Municipality
			var w []*big.Rat
			var pop int64
			for _, m := range tie {
				st, ok := m.Starts[s.Solution]
				uses := !ok
				if ok && !st.IsNever() {
					d, dated := st.Date()
					uses = !dated || d.Format(time.DateOnly) <= end
				}
				if uses {
					in = append(in, m)
					w = append(w, new(big.Rat).SetInt64(m.Population))
					pop += m.Population
				}
			}
			if pop == 0 {
				unallocated += pool
				for _, m := range in {
					out[refKey{m.Number, Quarter(qi + 1), s.Solution}] = refLine{exact: new(big.Rat), pool: si*4 + qi}
				}
				continue
			}
			ore, exact := split(pool, w)
			for i, m := range in {
				out[refKey{m.Number, Quarter(qi + 1), s.Solution}] = refLine{ore: ore[i], exact: exact[i], pool: si*4 + qi}
			}
		}
	}
	return out, unallocated
}

// checkAgainstReference fails t unless a has exactly the reference's lines
// and amounts, every line within one øre of its exact share, every pool
// summing to itself, and the totals reconciling.
func checkAgainstReference(t *testing.T, label string, tf Tariff, ms []Municipality, a Allocation) {
	t.Helper()
	want, unallocated := reference(tf, ms)
	if len(a.Lines) != len(want) {
		t.Fatalf("%s: %d lines, reference has %d", label, len(a.Lines), len(want))
	}
	poolSum := make([]Money, len(a.Pools))
	for i, l := range a.Lines {
		if i > 0 {
			p := a.Lines[i-1]
			if cmp.Or(cmp.Compare(p.Number, l.Number), cmp.Compare(p.Quarter, l.Quarter)) > 0 {
				t.Errorf("%s: line %d (%s Q%d) sorts before line %d (%s Q%d)", label, i, l.Number, l.Quarter, i-1, p.Number, p.Quarter)
			}
		}
		r, ok := want[refKey{l.Number, l.Quarter, l.Solution}]
		if !ok {
			t.Errorf("%s: line %s Q%d %s is not in the reference", label, l.Number, l.Quarter, l.Solution)
			continue
		}
		if got := int64(l.Total()); got != r.ore {
			t.Errorf("%s: %s Q%d %s = %d øre, reference %d", label, l.Number, l.Quarter, l.Solution, got, r.ore)
		}
		diff := new(big.Rat).Sub(new(big.Rat).SetInt64(int64(l.Total())), r.exact)
		if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
			t.Errorf("%s: %s Q%d %s = %d øre, exact share %s: more than 1 øre off", label, l.Number, l.Quarter, l.Solution, l.Total(), r.exact.FloatString(4))
		}
		poolSum[r.pool] += l.Total()
	}
	for i, p := range a.Pools {
		if p.Allocated && poolSum[i] != p.Amount {
			t.Errorf("%s: pool %s Q%d lines sum to %d, pool is %d", label, p.Solution, p.Quarter, poolSum[i], p.Amount)
		}
	}
	if int64(a.Totals.Unallocated) != unallocated {
		t.Errorf("%s: unallocated %d, reference %d", label, a.Totals.Unallocated, unallocated)
	}
	if got := a.Totals.Invoiced + a.Totals.Waived + a.Totals.Unallocated; got != tf.AnnualCost {
		t.Errorf("%s: invoiced+waived+unallocated = %d, want %d", label, got, tf.AnnualCost)
	}
}

// randomMunicipalities makes n municipalities with populations drawn to
// produce ties and zeros, and start dates around year.
func randomMunicipalities(rng *rand.Rand, n, year int) []Municipality {
	ms := make([]Municipality, n)
	perm := rng.Perm(9998) // the numbers 0001 to 9998: 0000 and 9999 are no municipality
	for i := range ms {
		var pop int64
		switch rng.IntN(4) {
		case 0:
			pop = int64(rng.IntN(3)) // 0, 1, 2: many ties
		case 1:
			pop = 1000 * int64(1+rng.IntN(5)) // round numbers: ties
		default:
			pop = int64(rng.IntN(700_000))
		}
		ms[i] = Municipality{Number: fmt.Sprintf("%04d", 1+perm[i]), Name: "M" + strconv.Itoa(i), Population: pop}
		ms[i].Starts = map[string]Start{}
		for _, s := range []string{"soknad", "innsyn"} {
			switch rng.IntN(5) {
			case 0:
				ms[i].Starts[s] = Never()
			case 1: // the column absent for this row is the same as Always
			default:
				ms[i].Starts[s] = From(time.Date(year-1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*366)))
			}
		}
	}
	return ms
}

func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2020, 1))
	for round := range 400 {
		tf := tariff2020()
		tf.AnnualCost = Money(rng.Int64N(1_000_000_000))
		if round%3 == 0 { // uneven shares too
			tf.Shares[0].Ratio = decimal.RequireFromString("0.37")
			tf.Shares[1].Ratio = decimal.RequireFromString("0.63")
		}
		ms := randomMunicipalities(rng, 1+rng.IntN(60), 2020)
		label := fmt.Sprintf("round %d", round)
		a, err := Allocate(tf, ms)
		if err != nil {
			t.Fatalf("%s: Allocate: %v", label, err)
		}
		checkAgainstReference(t, label, tf, ms, a)

		// Shuffling the rows changes nothing.
		shuffled := slices.Clone(ms)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		b, err := Allocate(tf, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if !sameLines(a, b) {
			t.Errorf("%s: Allocate of the shuffled rows differs", label)
		}

		// Multiplying every population by the same whole number changes nothing.
		k := int64(2 + rng.IntN(999))
		scaled := slices.Clone(ms)
		for i := range scaled {
			scaled[i].Population *= k
		}
		c, err := Allocate(tf, scaled)
		if err != nil {
			t.Fatal(err)
		}
		if !sameAmounts(a, c) {
			t.Errorf("%s: Allocate with populations × %d differs", label, k)
		}
	}
}

func sameLines(a, b Allocation) bool {
	return slices.EqualFunc(a.Lines, b.Lines, func(x, y Line) bool { return x == y })
}

func sameAmounts(a, b Allocation) bool {
	return slices.EqualFunc(a.Lines, b.Lines, func(x, y Line) bool {
		return x.Number == y.Number && x.Quarter == y.Quarter && x.Solution == y.Solution &&
			x.Amount == y.Amount && x.Waived == y.Waived
	})
}

// refData returns the path of a file of the public reference data in testdata/ref.
func refData(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", "ref", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// readSSB reads a normalised SSB population file (kommunenummer,
// kommunenavn, innbyggere) with encoding/csv, apart from the csvio reader.
func readSSB(t testing.TB, path string) []Municipality {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ms []Municipality
	for _, r := range recs[1:] {
		pop, err := strconv.ParseInt(r[2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, Municipality{Number: r[0], Name: r[1], Population: pop})
	}
	return ms
}

func TestAllocateSSB2020(t *testing.T) {
	ms := readSSB(t, refData(t, "ssb-population-2020-01-01.csv"))
	var total int64
	for _, m := range ms {
		total += m.Population
	}
	if len(ms) != 356 || total != 5_367_580 {
		t.Fatalf("SSB 2020: %d municipalities, %d inhabitants; want 356 and 5367580", len(ms), total)
	}
	a, err := Allocate(tariff2020(), ms)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, "SSB 2020, everybody all year", tariff2020(), ms, a)
	if a.Totals.Invoiced != 255_000_000 || a.Totals.Waived != 85_000_000 || a.Totals.Unallocated != 0 {
		t.Errorf("totals %+v, want invoiced 2550000.00, waived 850000.00", a.Totals)
	}
	// By hand: each pool is 3,400,000.00 / 2 / 4 = 425,000.00 NOK =
	// 42,500,000 øre. Rounding every share down leaves 185 øre; the 185
	// largest remainders are those above about 0.4894 øre.
	// Oslo: 42,500,000 × 693,494 / 5,367,580 = 5,491,021.09 øre → 54910.21
	//   (remainder 0.09 øre: no leftover).
	// Bergen: 42,500,000 × 283,929 / 5,367,580 = 2,248,123.46 øre → 22481.23
	//   (0.46 øre: just below the cut, no leftover).
	// Utsira (1151, 198 inhabitants): 42,500,000 × 198 / 5,367,580 = 1,567.75 øre
	//   → 15.67 + a leftover øre = 15.68.
	hand := map[string]Money{"0301": 5_491_021, "4601": 2_248_123, "1151": 1_568}
	for _, l := range a.Lines {
		if want, ok := hand[l.Number]; ok && l.Quarter == 1 && l.Solution == "soknad" && l.Amount != want {
			t.Errorf("%s %s Q1 soknad = %s, want %s", l.Number, l.Name, l.Amount, want)
		}
	}

	// Any mix of start dates: every line equals the reference.
	rng := rand.New(rand.NewPCG(356, 2020))
	for round := range 20 {
		mixed := slices.Clone(ms)
		dates := randomMunicipalities(rng, len(mixed), 2020)
		for i := range mixed {
			mixed[i].Starts = dates[i].Starts
		}
		a, err := Allocate(tariff2020(), mixed)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstReference(t, fmt.Sprintf("SSB 2020, mixed dates %d", round), tariff2020(), mixed, a)
	}
}
