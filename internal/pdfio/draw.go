package pdfio

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// faces are the basis's fonts, parsed for their character maps.
var faces = sync.OnceValues(func() ([]*sfnt.Font, error) {
	var fs []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
})

// FindUndrawable returns the first character of s that the calculation
// basis cannot show, and its place in s (1 for the first character): one
// that Go Regular or Go Bold, the fonts the PDF embeds, has no glyph for
// (an emoji, a Chinese character), and any beyond the Basic Multilingual
// Plane, which the PDF writer does not take. A space of any kind is
// drawn as space. ok is false when every character of s can be shown:
// Latin with the Nordic and Sámi letters, Greek and Cyrillic can.
func FindUndrawable(s string) (r rune, char int, ok bool) {
	n := 0
	for _, r := range s {
		n++
		if r < utf8.RuneSelf || unicode.IsSpace(r) {
			continue
		}
		if !drawable(r) {
			return r, n, true
		}
	}
	return 0, 0, false
}

// UndrawableHint says what to do about a character FindUndrawable finds.
const UndrawableHint = "its fonts (Go Regular and Go Bold) have no glyph for it; write the text without it"

// drawable reports whether both fonts have a glyph for r.
func drawable(r rune) bool {
	fs, err := faces()
	if err != nil || r > 0xffff {
		return false
	}
	for _, f := range fs {
		if i, err := f.GlyphIndex(nil, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}
