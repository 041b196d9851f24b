package billing

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"digisos-invoice/internal/benchcpu"
)

// benchMunicipalities makes n municipalities with a fixed seed. Numbers
// above 9999 are not valid SSB numbers, so n > 10,000 only suits allocate,
// the engine behind Allocate's input checks.
func benchMunicipalities(n int) []Municipality {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	ms := randomMunicipalities(rng, min(n, 9000), 2020)
	for len(ms) < n {
		more := randomMunicipalities(rng, min(n-len(ms), 9000), 2020)
		for i := range more {
			more[i].Number = fmt.Sprintf("%07d", len(ms)+i)
		}
		ms = append(ms, more...)
	}
	return ms
}

// BenchmarkAllocate measures the engine on n municipalities; bytes/op is
// its memory, which grows linearly with n.
func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{356, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ms := benchMunicipalities(n)
			b.ReportAllocs()
			defer benchcpu.Process(b)()
			for b.Loop() {
				allocate(tariff2020(), ms)
			}
		})
	}
}

// BenchmarkApportion measures one pool of n weights: the split, and the
// selection of the parts that get the leftover øre.
func BenchmarkApportion(b *testing.B) {
	for _, n := range []int{356, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			weights := make([]int64, n)
			for i := range weights {
				weights[i] = rng.Int64N(700_000)
			}
			// Odd øre in the total leave about half the parts a leftover øre.
			total := Money(42_500_000_00 + n/2)
			b.ReportAllocs()
			defer benchcpu.Process(b)()
			for b.Loop() {
				var s apportioner
				s.apportion(total, weights)
			}
		})
	}
}
