package jsonio

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/tomlio"
)

// ssbDocument writes the JSON document of the real SSB 2020 table (356
// municipalities, 2848 lines) as calculate does.
func ssbDocument(b *testing.B) []byte {
	b.Helper()
	path := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	tariff, err := tomlio.Builtin().For(2020)
	if err != nil {
		b.Fatal(err)
	}
	in, err := csvio.ReadMunicipalities(bytes.NewReader(data), filepath.Base(path), tariff.Solutions(), csvio.Options{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := billing.Allocate(tariff, in.Municipalities)
	if err != nil {
		b.Fatal(err)
	}
	inputs := []record.Input{{Role: "municipalities", Name: filepath.Base(path), SHA256: "0123456789abcdef", Rows: len(in.Municipalities)}}
	var doc bytes.Buffer
	if err := Write(&doc, NewDocument(a, record.New(a, record.Program{Name: "digisos-invoice", Version: "(devel)"}, inputs))); err != nil {
		b.Fatal(err)
	}
	return doc.Bytes()
}

// BenchmarkReadDocumentTreeSSB2020 reads that document into verify's tree,
// as calculate indents it and compacted to one line (as jq -c writes it).
func BenchmarkReadDocumentTreeSSB2020(b *testing.B) {
	indented := ssbDocument(b)
	var compact bytes.Buffer
	if err := json.Compact(&compact, indented); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"indented", indented}, {"one-line", compact.Bytes()}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Process(b)()
			b.SetBytes(int64(len(tc.data)))
			for b.Loop() {
				if _, err := ReadDocumentTree(tc.data, "lines.json"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
