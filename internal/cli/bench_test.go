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
		if code := Main(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkVerifyEHF verifies the EHF invoices of the real SSB 2020 table
// (356 municipalities, each with its calculation basis), as the folder
// calculate wrote and as one invoice of it (Oslo's): one invoice rebuilds
// only that invoice and its basis, not the folder's.
func BenchmarkVerifyEHF(b *testing.B) {
	shared := filepath.Join("..", "..", "testdata", "ref")
	brreg, err := os.ReadFile(filepath.Join(shared, "brreg-kommuner-organisasjonsnummer-2023-06.csv"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	buyers := filepath.Join(dir, "buyers.csv")
	if err := os.WriteFile(buyers, buyersFromBrreg(b, brreg), 0o644); err != nil {
		b.Fatal(err)
	}
	in := []string{"--year", "2020", "--input", filepath.Join(shared, "ssb-population-2020-01-01.csv"),
		"--seller", "../../testdata/seller.toml", "--buyers", buyers, "--issue-date", "2021-01-15"}
	folder := filepath.Join(dir, "ehf")
	if code := Main(append([]string{"calculate", "--quiet", "--format", "ehf", "--output", folder}, in...), nil, io.Discard, io.Discard); code != 0 {
		b.Fatalf("calculate: exit %d", code)
	}
	for _, issued := range []struct{ name, path string }{
		{"folder", folder},
		{"one invoice", filepath.Join(folder, "DIGISOS-2020-0301.xml")},
	} {
		b.Run(issued.name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Process(b)()
			for b.Loop() {
				if code := Main(append([]string{"verify", "--issued", issued.path}, in...), nil, io.Discard, io.Discard); code != 0 {
					b.Fatalf("verify: exit %d", code)
				}
			}
		})
	}
}
