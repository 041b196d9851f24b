package jsonio

import (
	"bytes"
	"testing"
)

func FuzzReadDocument(f *testing.F) {
	f.Add([]byte(`{"meta":{"year":2020,"tariff":{},"inputs":[]},"lines":[{"year":2020,"quarter":1,"municipality_number":"0301","solution":"soknad","amount":"1.00","waived":"0.00"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, lines, err := ReadDocument(bytes.NewReader(data), "f")
		if err != nil && len(lines) > 0 {
			t.Fatal("lines and an error")
		}
	})
}
