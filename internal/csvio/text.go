package csvio

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/pdfio"
)

// Encodings lists the values --encoding takes.
var Encodings = []string{"utf-8", "windows-1252", "iso-8859-1"}

// Limits on the text of an input file: a cell or a line longer than these
// is not a municipality table but something else, and is refused rather
// than carried into an invoice.
const (
	maxCell = 1000      // characters in one cell
	maxLine = 64 * 1024 // bytes in one line
)

var (
	bom     = []byte{0xEF, 0xBB, 0xBF}
	utf16LE = []byte{0xFF, 0xFE}
	utf16BE = []byte{0xFE, 0xFF}
)

// decodeText returns data as UTF-8 text without a byte-order mark, with LF
// line ends, and notes on how it was read. The bytes decide first:
//   - with a UTF-16 byte-order mark (as Excel's "Unicode text" writes), the
//     file is read as UTF-16;
//   - bytes that are valid UTF-8 are read as UTF-8, whatever encoding
//     says: a UTF-8 file is never garbled by an --encoding meant for another;
//   - other bytes are read with encoding: "windows-1252" or "iso-8859-1";
//     "" or "utf-8" makes them an error naming the line.
//
// Line ends may be LF, CRLF or CR alone (old Mac and some Excel exports).
// A line longer than maxLine bytes is an error.
func decodeText(data []byte, file, encoding string) ([]byte, []string, error) {
	dec, err := decoderFor(encoding)
	if err != nil {
		return nil, nil, err
	}
	out, note, err := toUTF8(data, file, encoding, dec)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	out, crOnly := normaliseLineEnds(out)
	if crOnly {
		notes = append(notes, "lines ended by CR alone read as lines")
	}
	if err := checkLineLengths(out, file); err != nil {
		return nil, nil, err
	}
	return out, notes, nil
}

// decoderFor returns the decoder of an --encoding value; nil for UTF-8.
func decoderFor(name string) (encoding.Encoding, error) {
	switch strings.ToLower(name) {
	case "", "utf-8", "utf8":
		return nil, nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252, nil
	case "iso-8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1, nil
	}
	return nil, fmt.Errorf("%s: use %s", billing.Quote(name), strings.Join(Encodings, ", "))
}

// toUTF8 converts data to UTF-8 as decodeText says, with a note when the
// reading is worth saying: UTF-16, an --encoding applied, or an --encoding
// not applied because the bytes are UTF-8 and hold letters beyond ASCII.
func toUTF8(data []byte, file, name string, dec encoding.Encoding) ([]byte, string, error) {
	if bytes.HasPrefix(data, utf16LE) || bytes.HasPrefix(data, utf16BE) {
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return nil, "", Errors{errorf(file, 1, 0, "starts like UTF-16 but is not: save the file as UTF-8 (\"CSV UTF-8\" in Excel)")}
		}
		return out, "read as UTF-16, as its byte-order mark says", nil // the decoder took the mark
	}
	data = bytes.TrimPrefix(data, bom)
	if utf8.Valid(data) {
		if dec != nil && !isASCII(data) {
			return data, fmt.Sprintf("read as UTF-8, which its bytes are (--encoding %s is for the files that are not)", strings.ToLower(name)), nil
		}
		return data, "", nil
	}
	if dec == nil {
		line, col, b := invalidUTF8(data)
		return nil, "", Errors{errorf(file, line, col, "not valid UTF-8 (the byte 0x%02X): save the file as UTF-8 (\"CSV UTF-8\" in Excel), or name its encoding with --encoding windows-1252", b)}
	}
	if cm, ok := dec.(*charmap.Charmap); ok {
		if at := undefinedByte(data, cm); at >= 0 {
			line, col := placeOf(data, at)
			return nil, "", Errors{errorf(file, line, col, "the byte 0x%02X is not a character in %s, which the file is read as: it is not that encoding, or the byte is damaged; save the file as UTF-8 (\"CSV UTF-8\" in Excel)",
				data[at], displayName(name))}
		}
	}
	out, err := dec.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", Errors{errorf(file, 1, 0, "not %s: %v", name, err)}
	}
	return out, "read as " + displayName(name), nil
}

func displayName(encoding string) string {
	switch strings.ToLower(encoding) {
	case "windows-1252", "cp1252":
		return "Windows-1252"
	}
	return "ISO-8859-1"
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normaliseLineEnds turns CRLF and a CR alone into LF, and says whether
// the file ended its lines with CR alone.
func normaliseLineEnds(data []byte) ([]byte, bool) {
	if bytes.IndexByte(data, '\r') < 0 {
		return data, false
	}
	crlf := bytes.Count(data, []byte("\r\n"))
	out := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	crOnly := bytes.Count(out, []byte("\r")) > 0 && crlf == 0 && bytes.IndexByte(out, '\n') < 0
	return bytes.ReplaceAll(out, []byte("\r"), []byte("\n")), crOnly
}

func checkLineLengths(data []byte, file string) error {
	line := 1
	for len(data) > 0 {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		if len(l) > maxLine {
			return Errors{errorf(file, line, 0, "the line is %d bytes long, more than %d: this is not a table of municipalities", len(l), maxLine)}
		}
		data, line = rest, line+1
	}
	return nil
}

// checkCell returns what is wrong with a cell's text, or nil: a control
// character (C0 other than tab, DEL, C1), an invisible formatting
// character or a noncharacter (billing.FindUnseen), which no name or
// reference holds and which would travel into CSV and EHF unseen or
// changed; a character the PDF basis cannot show (pdfio.FindUndrawable);
// or more than maxCell characters.
func checkCell(s string) error {
	if u, ok := billing.FindUnseen(s, true); ok {
		return fmt.Errorf("%s holds the %s %U at character %d: remove it (%s)",
			billing.Quote(s), u.Kind, u.Rune, u.Char, u.Why())
	}
	if r, n, ok := pdfio.FindUndrawable(s); ok {
		return fmt.Errorf("%s holds %U at character %d, which the invoices' PDF basis cannot show: %s", billing.Quote(s), r, n, pdfio.UndrawableHint)
	}
	if n := utf8.RuneCountInString(s); n > maxCell {
		return fmt.Errorf("a cell of %d characters, more than %d: %s", n, maxCell, billing.Quote(s))
	}
	return nil
}

// readText reads all of r and decodes it as decodeText does.
func readText(r io.Reader, file, encoding string) ([]byte, []string, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, Errors{errorf(file, 1, 0, "%v", err)}
	}
	return decodeText(raw, file, encoding)
}

// CheckEncoding returns an error unless encoding is one decodeText knows.
func CheckEncoding(encoding string) error {
	_, err := decoderFor(encoding)
	return err
}

// invalidUTF8 returns where data's first byte that is not UTF-8 stands:
// its line, its column (the cell it is in, counting the separators before
// it on its line outside quotes) and the byte itself.
func invalidUTF8(data []byte) (line, col int, b byte) {
	at := firstInvalid(data)
	line, col = placeOf(data, at)
	return line, col, data[at]
}

// undefinedByte returns the index of data's first byte that cm does not
// define (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined,
// and its decoder would make each U+FFFD), or -1.
func undefinedByte(data []byte, cm *charmap.Charmap) int {
	for i, c := range data {
		if c >= utf8.RuneSelf && cm.DecodeByte(c) == utf8.RuneError {
			return i
		}
	}
	return -1
}

// placeOf returns the line of data's byte at, and its column: the cell it
// is in, counting the separators before it on its line outside quotes.
func placeOf(data []byte, at int) (line, col int) {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	comma, quoted := byte(delimiter(data)), false
	col = 1
	for _, c := range data[start:at] {
		switch {
		case c == '"':
			quoted = !quoted
		case c == comma && !quoted:
			col++
		}
	}
	return 1 + bytes.Count(data[:start], []byte("\n")), col
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
