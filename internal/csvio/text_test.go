package csvio

import (
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
