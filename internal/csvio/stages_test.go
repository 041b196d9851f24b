package csvio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
)

// BenchmarkCalculateStages measures each stage of BenchmarkCalculate's
// ssb-356 path alone: read the real SSB 2020 table, allocate, write the
// CSV lines.
func BenchmarkCalculateStages(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv"))
	if err != nil {
		b.Fatal(err)
	}
	tariff := benchTariff
	read, err := ReadMunicipalities(bytes.NewReader(data), "bench.csv", tariff.Solutions(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := billing.Allocate(tariff, read.Municipalities)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			ReadMunicipalities(bytes.NewReader(data), "bench.csv", tariff.Solutions(), Options{})
		}
	})
	b.Run("allocate", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			billing.Allocate(tariff, read.Municipalities)
		}
	})
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			WriteLines(io.Discard, a)
		}
	})
}

// BenchmarkCalculateOnePass measures BenchmarkCalculate's ssb-356 path as
// a command-line run meets it: one pass on a heap with nothing to collect.
// A run of the program allocates about 1 MB in all and never starts a
// collection (GODEBUG=gctrace=1 prints nothing), while a loop of passes
// starts one every few passes and each pays for it. Here a collection
// between passes, not timed, empties the heap, so no collection runs
// during a pass. cpu-ns/op is the CPU time of the pass's own thread.
func BenchmarkCalculateOnePass(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	measure, report := benchcpu.Thread(b)
	defer report()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		measure(func() { calculatePass(b, data, benchTariff) })
	}
}
