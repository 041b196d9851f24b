package pdfio

import (
	"bytes"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
)

// What FindUndrawable lets through the PDF writer draws, and what it
// refuses is what the fonts lack: the basis of a municipality named with
// each accepted text is written, and each refused character is one the
// fonts have no glyph for (or beyond the BMP).
func TestFindUndrawable(t *testing.T) {
	for _, s := range []string{"Oslo", "Bodø", "Ålesund – Áltá", "Guovdageaidnu – Kautokeino", "Porsáŋgu", "Unjárga ŧ đ š ž č",
		"Αθήνα", "Мурманск", "Bø\u00a0i Telemark", "x\ty", "“Quote” ‘x’ × → • ½ € §"} {
		if r, n, ok := FindUndrawable(s); ok {
			t.Errorf("FindUndrawable(%q) = %U at %d, want it drawable", s, r, n)
			continue
		}
		var b bytes.Buffer
		basis := Basis{Explanation: billing.Explanation{InvoiceID: "DIGISOS-2020-0301", Municipality: billing.MunicipalityTotal{Number: "0301", Name: s}},
			Date: time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)}
		if err := Write(&b, basis); err != nil {
			t.Errorf("Write with the name %q: %v", s, err)
		}
	}
	for _, tc := range []struct {
		s    string
		r    rune
		char int
	}{
		{"Oslo 😀", '😀', 6}, {"中", '中', 1}, {"Bodø ☃", '☃', 6}, {"a\U0001D400", 0x1D400, 2}, {"x\uE000", 0xE000, 2},
	} {
		if r, n, ok := FindUndrawable(tc.s); !ok || r != tc.r || n != tc.char {
			t.Errorf("FindUndrawable(%q) = %U, %d, %v, want %U at %d", tc.s, r, n, ok, tc.r, tc.char)
		}
	}
}
