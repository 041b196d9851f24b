package billing

import (
	"fmt"
	"math/rand/v2"
	"testing"
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
			more[i].Number = fmt.Sprintf("%06d", len(ms)+i)
		}
		ms = append(ms, more...)
	}
	return ms
}

func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{356, 10_000, 100_000} {
		ms := benchMunicipalities(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				allocate(tariff2020(), ms)
			}
		})
	}
}
