package xlsxio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/tomlio"
)

// allocate reads a municipalities file and allocates it with the built-in
// tariff of year, as calculate does.
func allocate(t testing.TB, path string, year int) (billing.Allocation, record.Run) {
	t.Helper()
	tariff, err := tomlio.Builtin().For(year)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := csvio.ReadMunicipalities(bytes.NewReader(data), filepath.Base(path), tariff.Solutions(), csvio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := billing.Allocate(tariff, in.Municipalities)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []record.Input{{Role: "municipalities", Name: filepath.Base(path), SHA256: "0123456789abcdef", Rows: len(in.Municipalities), Notes: in.Notes}}
	return a, record.New(a, record.Program{Name: "digisos-invoice", Version: "(devel)"}, inputs)
}

// write writes a workbook of a to memory.
func write(t testing.TB, a billing.Allocation, meta record.Run) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, a, meta); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}
