package xlsxio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"digisos-invoice/internal/benchcpu"
)

// BenchmarkWriteSSB2020 writes the workbook of the full SSB 2020 table
// (356 municipalities, 2848 lines).
func BenchmarkWriteSSB2020(b *testing.B) {
	path := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	if _, err := os.Stat(path); err != nil {
		b.Fatal(err)
	}
	a, meta := allocate(b, path, 2020)
	b.ReportAllocs()
	defer benchcpu.Process(b)()
	for b.Loop() {
		if err := Write(io.Discard, a, meta); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadLinesSSB2020 reads the lines of that workbook back.
func BenchmarkReadLinesSSB2020(b *testing.B) {
	path := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	if _, err := os.Stat(path); err != nil {
		b.Fatal(err)
	}
	a, meta := allocate(b, path, 2020)
	data := write(b, a, meta)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadLines(bytes.NewReader(data), "ssb.xlsx"); err != nil {
			b.Fatal(err)
		}
	}
}
