package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"digisos-invoice/internal/benchcpu"
)

// BenchmarkCalculateCommand runs the whole calculate command in a warm
// process, as the cron job's command line gives it: the real SSB 2020
// table to a CSV file, the command tree, the built-in tariff, the run
// record and the durable, atomic write (fsync) included. Each pass writes
// a new file, as a first run does; bench-cli.sh times the same job as a
// whole process.
func BenchmarkCalculateCommand(b *testing.B) {
	input := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	if _, err := os.Stat(input); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	defer benchcpu.Process(b)()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(dir, fmt.Sprintf("lines-%d.csv", i))
		args := []string{"calculate", "--quiet", "--year", "2020", "--input", input, "--output", out}
		if code := MainWith(testWorkbook, args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
