package csvio

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 with a byte-order mark, as Excel's
// "Unicode text" does (little-endian), or big-endian.
func utf16Bytes(s string, big bool) string {
	var b []byte
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// TestReadEncodings reads the same two municipalities written in every way
// a file may come, and checks the note that says how it was read.
func TestReadEncodings(t *testing.T) {
	const text = "kommunenummer,kommunenavn,innbyggere\n0301,Oslo,693494\n1804,Bodø,52357\n"
	tests := []struct {
		name, in, encoding string
		notes              []string
	}{
		{"UTF-8", text, "", nil},
		{"UTF-8 with --encoding windows-1252 is read as UTF-8", text, "windows-1252",
			[]string{"read as UTF-8, which its bytes are (--encoding windows-1252 is for the files that are not)"}},
		{"Windows-1252 with --encoding windows-1252", strings.ReplaceAll(text, "ø", "\xf8"), "windows-1252", []string{"read as Windows-1252"}},
		{"UTF-16 little-endian", utf16Bytes(text, false), "", []string{"read as UTF-16, as its byte-order mark says"}},
		{"UTF-16 big-endian", utf16Bytes(text, true), "windows-1252", []string{"read as UTF-16, as its byte-order mark says"}},
		{"Excel's sep= line", "sep=;\n" + strings.ReplaceAll(text, ",", ";"), "", []string{`Excel's first line "sep=;" read as the separator`}},
		{"CR line ends", strings.ReplaceAll(text, "\n", "\r"), "", []string{"lines ended by CR alone read as lines"}},
		{"CRLF line ends", strings.ReplaceAll(text, "\n", "\r\n"), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ReadMunicipalities(strings.NewReader(tt.in), "m.csv", nil, Options{Encoding: tt.encoding})
			if err != nil {
				t.Fatal(err)
			}
			ms, line := in.Municipalities, 3
			if strings.HasPrefix(tt.in, "sep=") {
				line = 4 // the sep= line counts
			}
			if len(ms) != 2 || ms[1].Name != "Bodø" || ms[1].Population != 52357 || in.lines[1] != line {
				t.Errorf("read %+v (lines %v), want Oslo and Bodø, Bodø on line %d", ms, in.lines, line)
			}
			if strings.Join(in.Notes, "|") != strings.Join(tt.notes, "|") {
				t.Errorf("notes = %q, want %q", in.Notes, tt.notes)
			}
		})
	}
}

func TestReadSepLineNumbers(t *testing.T) {
	_, err := ReadMunicipalities(strings.NewReader("sep=;\nkommunenummer;kommunenavn;innbyggere\n0301;Oslo;x\n"), "m.csv", nil, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), `m.csv:3:3: population "x"`) {
		t.Errorf("ReadMunicipalities = %v, want the error on line 3, counting the sep= line", err)
	}
}

// TestReadDoubledByteOrderMark: a file's first byte-order mark says how it
// is encoded; a second one is an invisible character in the first cell, in
// UTF-16 as in UTF-8.
func TestReadDoubledByteOrderMark(t *testing.T) {
	const text = "\ufeffkommunenummer,kommunenavn,innbyggere\n0301,Oslo,693494\n"
	for name, in := range map[string]string{
		"UTF-8": "\ufeff" + text, "UTF-16 little-endian": utf16Bytes(text, false), "UTF-16 big-endian": utf16Bytes(text, true),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadMunicipalities(strings.NewReader(in), "m.csv", nil, Options{})
			if err == nil || !strings.HasPrefix(err.Error(), `m.csv:1:1: "\ufeffkommunenummer" holds the invisible formatting character U+FEFF`) {
				t.Errorf("ReadMunicipalities = %v, want the second mark named as an invisible character", err)
			}
		})
	}
}

// badText is every character a text cell may not hold because it would be
// changed on the way out: each of Unicode's 66 noncharacters, which the
// workbook and the EHF file write as U+FFFD, and characters the PDF basis
// cannot show (the fonts lack them, or they are beyond the BMP).
func badText() []rune {
	var rs []rune
	for r := rune(0xfdd0); r <= 0xfdef; r++ {
		rs = append(rs, r)
	}
	for plane := rune(0); plane <= 0x10; plane++ {
		rs = append(rs, plane<<16|0xfffe, plane<<16|0xffff)
	}
	return append(rs, '😀', '中', '☃', 0x1D400, 0xE000)
}

// Every such character is refused with its file, line and column, in a
// plain table and in an SSB export, and is named.
func TestReadRefusesChangedText(t *testing.T) {
	for _, r := range badText() {
		name := "Oslo" + string(r)
		_, err := ReadMunicipalities(strings.NewReader("municipality_number,municipality_name,population\n0301,"+name+",693494\n"), "m.csv", nil, Options{})
		if want := fmt.Sprintf("m.csv:2:2: %q holds ", name); err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), fmt.Sprintf("%U", r)) {
			t.Errorf("ReadMunicipalities with %U = %v, want %s… %U", r, err, want, r)
		}
		ssb := "\"07459: Population\"\n\n\"region\";\"age\";\"Persons 2020\"\n\"K-0301 " + name + "\";\"0-19 years\";29378\n"
		_, err = ReadPopulation(strings.NewReader(ssb), "ssb.csv", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "ssb.csv:4:1: ") || !strings.Contains(err.Error(), fmt.Sprintf("%U", r)) {
			t.Errorf("ReadPopulation with %U = %v, want ssb.csv:4:1: … %U", r, err, r)
		}
	}
}

// The bytes Windows-1252 leaves undefined are an error naming the line,
// the cell and the byte, not a U+FFFD with a note; ISO-8859-1 reads them
// as control characters, which are refused too.
func TestReadWindows1252Undefined(t *testing.T) {
	for _, b := range []byte{0x81, 0x8d, 0x8f, 0x90, 0x9d} {
		in := "municipality_number,municipality_name,population\n0301,Oslo,693494\n1804,Bod\xf8" + string([]byte{b}) + ",52357\n"
		_, err := ReadMunicipalities(strings.NewReader(in), "m.csv", nil, Options{Encoding: "windows-1252"})
		if want := fmt.Sprintf("m.csv:3:2: the byte 0x%02X is not a character in Windows-1252", b); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ReadMunicipalities with 0x%02X = %v, want %s", b, err, want)
		}
		_, err = ReadMunicipalities(strings.NewReader(in), "m.csv", nil, Options{Encoding: "iso-8859-1"})
		if want := "m.csv:3:2: "; err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "control character") {
			t.Errorf("ReadMunicipalities as ISO-8859-1 with 0x%02X = %v, want %s… control character", b, err, want)
		}
	}
	// The 27 other bytes from 0x80 to 0x9F are Windows-1252's letters and signs.
	in := "municipality_number,municipality_name,population\n0301,Oslo \x80\x8a\x9e,693494\n"
	if _, err := ReadMunicipalities(strings.NewReader(in), "m.csv", nil, Options{Encoding: "windows-1252"}); err != nil {
		t.Errorf("ReadMunicipalities with € Š ž: %v", err)
	}
}
