package jsonio

import (
	"bytes"
	"encoding/json"
	"testing"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/record"
	"digisos-invoice/internal/ssbfixture"
)

// ssbDocument writes the JSON document of the real SSB 2020 table (356
// municipalities, 2848 lines) as calculate does.
func ssbDocument(b *testing.B) []byte {
	b.Helper()
	a, in := ssbfixture.Allocation2020(b)
	inputs := []record.Input{{Role: "municipalities", Name: ssbfixture.Name, SHA256: "0123456789abcdef", Rows: len(in.Municipalities)}}
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
