package jsonio

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzReadDocumentTree checks that the strict reader of issued documents
// never panics, and returns a tree or an error that names the file and a
// line and column. The seeds are small, so that the fuzzer's mutations and
// the minimizing of what it finds stay fast: a document calculate wrote,
// cut to one item per array and written on one line (a valid document of
// about 2 KB), and fragments of one.
func FuzzReadDocumentTree(f *testing.F) {
	f.Add([]byte(`{"meta":{"year":2020,"tariff":{},"inputs":[]},"lines":[{"year":2020,"quarter":1,"municipality_number":"0301","solution":"soknad","amount":"1.00","waived":"0.00"}]}`))
	f.Add([]byte(`{"lines":[{"amount":"1.00"}],"meta":[]}`))
	if golden, err := os.ReadFile("../../testdata/golden/sample-2020.json"); err == nil {
		small := shrink(f, golden)
		if _, err := ReadDocumentTree(small, "f"); err != nil {
			f.Fatalf("the golden document cut to one item per array: %v", err)
		}
		f.Add(small)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ReadDocumentTree(data, "f")
		if (n == nil) == (err == nil) {
			t.Fatalf("ReadDocumentTree = %v, %v: want a tree or an error", n, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f:") {
			t.Fatalf("error without its place: %v", err)
		}
	})
}

// shrink returns the JSON document data with every array cut to its first
// item, on one line.
func shrink(t testing.TB, data []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var cut func(v any) any
	cut = func(v any) any {
		switch v := v.(type) {
		case []any:
			if len(v) > 1 {
				v = v[:1]
			}
			for i := range v {
				v[i] = cut(v[i])
			}
			return v
		case map[string]any:
			for k := range v {
				v[k] = cut(v[k])
			}
		}
		return v
	}
	out, err := json.Marshal(cut(v))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
