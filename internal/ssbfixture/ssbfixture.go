// Package ssbfixture gives tests and benchmarks SSB's population of
// 1 January 2020 (356 municipalities, testdata/ref of the repository)
// allocated by the built-in 2020 tariff: the real job, made one way
// everywhere it is measured. It is imported by tests only.
package ssbfixture

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/tomlio"
)

// Name is the table's file name, as a run records it.
const Name = "ssb-population-2020-01-01.csv"

// Path returns the table's path in the repository.
func Path() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "testdata", "ref", Name)
}

// Allocation2020 reads the table and allocates the 2020 tariff over it;
// in is the table as read.
func Allocation2020(tb testing.TB) (a billing.Allocation, in *csvio.Input) {
	tb.Helper()
	data, err := os.ReadFile(Path())
	if err != nil {
		tb.Fatal(err)
	}
	tariff, err := tomlio.Builtin().For(2020)
	if err != nil {
		tb.Fatal(err)
	}
	in, err = csvio.ReadMunicipalities(bytes.NewReader(data), Name, tariff.Solutions(), csvio.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if a, err = billing.Allocate(tariff, in.Municipalities); err != nil {
		tb.Fatal(err)
	}
	return a, in
}
