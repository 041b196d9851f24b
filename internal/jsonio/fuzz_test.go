package jsonio

import (
	"os"
	"strings"
	"testing"
)

// FuzzReadDocumentTree checks that the strict reader of issued documents
// never panics, and returns a tree or an error that names the file and a
// line and column.
func FuzzReadDocumentTree(f *testing.F) {
	f.Add([]byte(`{"meta":{"year":2020,"tariff":{},"inputs":[]},"lines":[{"year":2020,"quarter":1,"municipality_number":"0301","solution":"soknad","amount":"1.00","waived":"0.00"}]}`))
	if golden, err := os.ReadFile("../../testdata/golden/sample-2020.json"); err == nil {
		f.Add(golden)
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
