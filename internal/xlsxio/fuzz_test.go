package xlsxio

import (
	"bytes"
	"testing"
)

func FuzzReadLines(f *testing.F) {
	a, meta := allocate(f, sample, 2020)
	f.Add(write(f, a, meta))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := ReadLines(bytes.NewReader(data), "f.xlsx")
		if err != nil && lines != nil {
			t.Fatal("lines and an error")
		}
	})
}
