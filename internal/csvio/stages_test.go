package csvio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

// BenchmarkCalculateStages measures each stage of BenchmarkCalculate's
// ssb-356 path alone: read the real SSB 2020 table, allocate, write the
// CSV lines.
func BenchmarkCalculateStages(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "ssb-population-2020-01-01.csv"))
	if err != nil {
		b.Skipf("skipping: the real SSB data is not here (%v)", err)
	}
	tariff := billing.Tariff{
		Year: 2020, AnnualCost: 340_000_000, PopulationDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")}, {Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")}},
	}
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
		defer reportCPU(b)()
		for b.Loop() {
			ReadMunicipalities(bytes.NewReader(data), "bench.csv", tariff.Solutions(), Options{})
		}
	})
	b.Run("allocate", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			billing.Allocate(tariff, read.Municipalities)
		}
	})
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			WriteLines(io.Discard, a)
		}
	})
}
