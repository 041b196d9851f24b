package pdfio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/nofmt"
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

// TestFontsDrawNumbers checks that both fonts have a glyph of their own
// for every character nofmt writes between and around digits, the
// no-break space among them (FindUndrawable lets every space through
// unchecked), and that alphabet holds each, so the subsets stay shared.
func TestFontsDrawNumbers(t *testing.T) {
	for _, s := range []string{nofmt.Space, nofmt.Minus, ",", "0123456789", "kr", "æøå"} {
		for _, r := range s {
			if r >= 0x80 && !drawable(r) {
				t.Errorf("the fonts have no glyph for %U, which nofmt writes", r)
			}
			if !strings.ContainsRune(alphabet, r) {
				t.Errorf("alphabet lacks %U, which nofmt writes", r)
			}
		}
	}
}
