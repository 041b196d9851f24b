package billing

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// leftoversBySort is the rounding rule's step 3 done the plain way: sort
// every part by remainder (larger first, then lower index) and give the
// first left parts one øre each.
func leftoversBySort(parts []Rounding, left Money) []bool {
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(parts[b].Remainder, parts[a].Remainder), cmp.Compare(a, b))
	})
	out := make([]bool, len(parts))
	for _, i := range order[:left] {
		out[i] = true
	}
	return out
}

// randomWeights draws weights of one of several shapes, most of them full
// of equal remainders.
func randomWeights(rng *rand.Rand, shape, n int) []int64 {
	w := make([]int64, n)
	for i := range w {
		switch shape {
		case 0: // all equal: every remainder ties
			w[i] = 7
		case 1: // a few small values: heavy ties
			w[i] = int64(rng.IntN(4))
		case 2: // round numbers
			w[i] = 1000 * int64(1+rng.IntN(5))
		case 3: // descending runs, the pivot's bad case for naive quickselect
			w[i] = int64(n - i%50)
		default:
			w[i] = rng.Int64N(700_000)
		}
	}
	if w[0] == 0 {
		w[0] = 1 // the sum must be positive
	}
	return w
}

func TestApportionSelectsAsSortWould(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for shape := range 5 {
		for _, n := range []int{1, 2, 3, 13, 14, 100, 1000, 5000} {
			t.Run(fmt.Sprintf("shape=%d/n=%d", shape, n), func(t *testing.T) {
				for round := range 20 {
					weights := randomWeights(rng, shape, n)
					total := Money(rng.Int64N(1_000_000_000))
					got := apportion(total, weights)
					left := total
					for _, r := range got {
						left -= r.Floor
					}
					want := leftoversBySort(got, left)
					for i, r := range got {
						if r.Leftover != want[i] {
							t.Fatalf("round %d: apportion(%d, %d weights)[%d].Leftover = %v, want %v (remainder %d)",
								round, total, n, i, r.Leftover, want[i], r.Remainder)
						}
					}
				}
			})
		}
	}
}

// TestExplainRanks checks the ranks Explain computes against a full sort
// of each pool by remainder and tie order.
func TestExplainRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 30 {
		ms := randomMunicipalities(rng, 1+rng.IntN(80), 2020)
		a, err := Allocate(tariff2020(), ms)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{} // number/quarter/solution → rank
		for _, p := range a.Pools {
			var pool []Line
			for _, l := range a.Lines {
				if l.Quarter == p.Quarter && l.Solution == p.Solution {
					pool = append(pool, l)
				}
			}
			slices.SortFunc(pool, func(x, y Line) int {
				return cmp.Or(cmp.Compare(p.Rounding(y).Remainder, p.Rounding(x).Remainder),
					cmp.Compare(y.Population, x.Population), cmp.Compare(x.Number, y.Number))
			})
			for i, l := range pool {
				want[fmt.Sprint(l.Number, l.Quarter, l.Solution)] = i + 1
			}
		}
		for _, m := range a.Municipalities {
			e, err := Explain(a, m.Number)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range e.Items {
				if !it.Pool.Allocated {
					continue
				}
				for _, l := range append([]TiedLine{{Line: it.Line, Rank: it.Rounding.Rank}}, it.Ties...) {
					key := fmt.Sprint(l.Number, l.Quarter, l.Solution)
					if l.Rank != want[key] {
						t.Fatalf("round %d: Explain(%s): rank of %s Q%d %s = %d, want %d",
							round, m.Number, l.Number, l.Quarter, l.Solution, l.Rank, want[key])
					}
				}
			}
		}
	}
}

// TestPoolRounding checks that the rounding Pool.Rounding derives from a
// line and its pool is the one the engine's split gave: the split is done
// again here over the pool's lines in tie order.
func TestPoolRounding(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	for round := range 40 {
		a := allocate(tariff2020(), randomMunicipalities(rng, 1+rng.IntN(120), 2020))
		for _, p := range a.Pools {
			var pool []Line
			for _, l := range a.Lines {
				if l.Quarter == p.Quarter && l.Solution == p.Solution {
					pool = append(pool, l)
				}
			}
			party := func(l Line) Municipality { return Municipality{Number: l.Number, Population: l.Population} }
			slices.SortFunc(pool, func(x, y Line) int { return tieOrder(party(x), party(y)) })
			weights := make([]int64, len(pool))
			for i, l := range pool {
				weights[i] = l.Population
			}
			var want []Rounding
			if p.Allocated {
				want = apportion(p.Amount, weights)
			}
			for i, l := range pool {
				w := Rounding{}
				if p.Allocated {
					w = want[i]
				}
				if got := p.Rounding(l); got != w {
					t.Fatalf("round %d: pool %s Q%d, line %s: Rounding = %+v, want %+v", round, p.Solution, p.Quarter, l.Number, got, w)
				}
			}
		}
	}
}
