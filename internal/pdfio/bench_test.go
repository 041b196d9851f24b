package pdfio_test

import (
	"io"
	"testing"
	"time"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/ssbfixture"
)

// ssbBases reads the real SSB 2020 table and returns the calculation
// basis of every municipality with something to pay, as calculate
// --format ehf makes them: 356 documents.
func ssbBases(b *testing.B) []pdfio.Basis {
	b.Helper()
	a, _ := ssbfixture.Allocation2020(b)
	date := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)
	var bases []pdfio.Basis
	for _, m := range a.Municipalities {
		if m.Amount == 0 {
			continue
		}
		e, err := billing.Explain(a, m.Number)
		if err != nil {
			b.Fatal(err)
		}
		bases = append(bases, pdfio.Basis{Explanation: e, Pools: a.Pools, Date: date})
	}
	return bases
}

// BenchmarkWriteSSB2020 writes the calculation basis of every invoice of
// the real SSB 2020 table (356 PDFs) per op, one after the other (a batch
// of EHF invoices writes them on every processor). After the first op, the font subsets
// of every basis are made (fpdf keeps them by runes used), so ns/op is
// below what one run of the program pays; docs/benchmarks.md gives both.
func BenchmarkWriteSSB2020(b *testing.B) {
	bases := ssbBases(b)
	b.Run("Write", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			for _, basis := range bases {
				if err := pdfio.Write(io.Discard, basis); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
