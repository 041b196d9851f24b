package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

var solutions = []string{"soknad", "innsyn"}

func TestReadMunicipalitiesVariants(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"comma, LF", "municipality_number,municipality_name,population\n0301,Oslo,693494\n4601,Bergen,283929\n"},
		{"semicolon, CRLF", "municipality_number;municipality_name;population\r\n0301;Oslo;693494\r\n4601;Bergen;283929\r\n"},
		{"byte-order mark", "\xEF\xBB\xBFmunicipality_number,municipality_name,population\n0301,Oslo,693494\n4601,Bergen,283929\n"},
		{"Norwegian aliases, any case and order", "Innbyggere,KOMMUNENAVN,kommunenummer\n693494,Oslo,0301\n283929,Bergen,4601\n"},
		{"quoted cells, no final newline", "\"municipality_number\",\"municipality_name\",\"population\"\n\"0301\",\"Oslo\",\"693494\"\n\"4601\",\"Bergen\",283929"},
	}
	for _, tt := range tests {
		in, err := ReadMunicipalities(strings.NewReader(tt.in), "m.csv", solutions, Options{})
		if err != nil {
			t.Errorf("%s: ReadMunicipalities: %v", tt.name, err)
			continue
		}
		ms := in.Municipalities
		want := []billing.Municipality{{Number: "0301", Name: "Oslo", Population: 693494}, {Number: "4601", Name: "Bergen", Population: 283929}}
		if len(ms) != 2 {
			t.Fatalf("%s: got %d rows, want 2", tt.name, len(ms))
		}
		for i := range want {
			if ms[i].Number != want[i].Number || ms[i].Name != want[i].Name || ms[i].Population != want[i].Population || ms[i].Starts != nil {
				t.Errorf("%s: row %d = %+v, want %+v", tt.name, i, ms[i], want[i])
			}
		}
	}
}

func TestReadMunicipalitiesDates(t *testing.T) {
	in := "municipality_number,municipality_name,population,soknad_from\n0301,Oslo,1,2020-05-01\n4601,Bergen,2,\n"
	got, err := ReadMunicipalities(strings.NewReader(in), "m.csv", solutions, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ms := got.Municipalities
	if got := ms[0].Uses("soknad").String(); got != "from 2020-05-01" {
		t.Errorf("Oslo soknad = %s, want from 2020-05-01", got)
	}
	if got := ms[1].Uses("soknad").String(); got != "not used" {
		t.Errorf("Bergen soknad = %s, want not used (empty cell)", got)
	}
	if got := ms[1].Uses("innsyn").String(); got != "whole year" {
		t.Errorf("Bergen innsyn = %s, want whole year (no column)", got)
	}
}

// TestReadMunicipalitiesSpreadsheet reads what Excel on a Norwegian desktop
// writes: Windows-1252, semicolons, digit groups with a no-break space,
// DD.MM.YYYY dates, and empty rows and columns at the end; each conversion
// is noted.
func TestReadMunicipalitiesSpreadsheet(t *testing.T) {
	in := "kommunenummer;kommunenavn;innbyggere;soknad_from;innsyn_from;;\r\n" +
		"0301;Oslo;693\xa0494;01.01.2020;1.7.2020;;\r\n" +
		"1804;\"Bod\xf8\";52 357;2020-03-01;;;\r\n" +
		";;;;;;\r\n;;;;;;\r\n"
	got, err := ReadMunicipalities(strings.NewReader(in), "excel.csv", solutions, Options{Encoding: "windows-1252"})
	if err != nil {
		t.Fatal(err)
	}
	ms := got.Municipalities
	if len(ms) != 2 || ms[0].Population != 693494 || ms[1].Name != "Bodø" || ms[1].Population != 52357 {
		t.Fatalf("read %+v", ms)
	}
	if s := ms[0].Uses("innsyn").String(); s != "from 2020-07-01" {
		t.Errorf("Oslo innsyn = %s, want from 2020-07-01", s)
	}
	want := []string{
		"read as Windows-1252",
		"2 populations written with digit groups (693 494) read as whole numbers",
		"2 dates written DD.MM.YYYY read as day.month.year",
		"2 empty rows skipped (lines 4, 5)",
		"2 empty columns without a name ignored",
	}
	if strings.Join(got.Notes, "|") != strings.Join(want, "|") {
		t.Errorf("notes = %q, want %q", got.Notes, want)
	}
}

func TestReadMunicipalitiesErrors(t *testing.T) {
	const head = "municipality_number,municipality_name,population,soknad_from\n"
	tests := []struct {
		name string
		in   string
		want []string // one per error, in order
		is   error
	}{
		{"empty file", "", []string{"m.csv:1: the file is empty"}, nil},
		{"header, no rows", head, []string{"m.csv:1: the file has a header but no rows"}, nil},
		{"missing column", "municipality_number,population\n0301,5\n", []string{`m.csv:1: missing required column "municipality_name"`}, nil},
		{"unknown column", "municipality_number,municipality_name,population,soknad_fra\n0301,Oslo,5,\n", []string{`m.csv:1:4: unknown column "soknad_fra": the columns are municipality_number (or kommunenummer), municipality_name (or kommunenavn), population (or innbyggere), soknad_from, innsyn_from`}, nil},
		{"alias and name both", "municipality_number,kommunenummer,municipality_name,population\n0301,0301,Oslo,5\n", []string{`m.csv:1:2: column "kommunenummer" repeats column 1 (municipality_number)`}, nil},
		{"3 digits", head + "301,Oslo,5,\n", []string{`m.csv:2:1: municipality_number "301": not 4 digits`}, billing.ErrMunicipalityNumber},
		{"duplicate", head + "0301,Oslo,5,\n4601,Bergen,5,\n0301,Oslo,5,\n", []string{`m.csv:4:1: municipality_number "0301" appears twice: also on line 2`}, billing.ErrDuplicateMunicipality},
		{"negative", head + "0301,Oslo,-5,\n", []string{`m.csv:2:3: population "-5": negative`}, billing.ErrPopulation},
		{"not whole", head + "0301,Oslo,12a,\n", []string{`m.csv:2:3: population "12a": not a whole number`}, billing.ErrPopulation},
		{"decimal", head + "0301,Oslo,12.5,\n", []string{`m.csv:2:3: population "12.5": not a whole number`}, billing.ErrPopulation},
		{"bad date", head + "0301,Oslo,5,2020/05/01\n", []string{`m.csv:2:4: soknad_from "2020/05/01": not a date: write YYYY-MM-DD or DD.MM.YYYY`}, nil},
		{"impossible dotted date", head + "0301,Oslo,5,31.04.2020\n", []string{`m.csv:2:4: soknad_from "31.04.2020": not a date`}, nil},
		{"bad digit groups", head + "0301,Oslo,69 3494,\n", []string{`m.csv:2:3: population "69 3494": digit groups must be of three digits`}, billing.ErrPopulation},
		{"values in a column without a name", "municipality_number,municipality_name,population,\n0301,Oslo,5,x\n", []string{`m.csv:2:4: "x" is in a column without a name`}, nil},
		{"impossible date", head + "0301,Oslo,5,2020-02-30\n", []string{`m.csv:2:4: soknad_from "2020-02-30": not a date`}, nil},
		{"short row", head + "0301,Oslo,5\n", []string{"m.csv:2: the row has 3 fields, the header has 4"}, nil},
		{"every row error is reported", head + "0301,Oslo,x,\n4601,,-1,2020-13-01\n", []string{
			`m.csv:2:3: population "x"`, `m.csv:3:2: municipality_name is empty`, `m.csv:3:3: population "-1"`, `m.csv:3:4: soknad_from "2020-13-01"`}, nil},
		{"a line feed in a quoted cell", head + "0301,\"Os\nlo\",5,\n4601,Bergen,5,\n", []string{`m.csv:2:2: "Os\nlo" holds the control character U+000A at character 3: remove it`}, nil},
		{"NUL, BEL, DEL and C1 in cells", head + "0301,Os\x00lo,5,\n4601,Ber\agen,5,\n1804,Bod\x7f,5,\n1103,Sta\u0085vanger,5,\n", []string{
			`m.csv:2:2: "Os\x00lo" holds the control character U+0000 at character 3`, `m.csv:3:2: "Ber\agen" holds the control character U+0007`,
			`m.csv:4:2: "Bod\x7f" holds the control character U+007F`, `m.csv:5:2: "Sta\u0085vanger" holds the control character U+0085`}, nil},
		{"a tab is text", head + "0301,Os\tlo,x,\n", []string{`m.csv:2:3: population "x"`}, nil},
		{"invisible characters in cells", head + "0301,Os\u200blo,5,\n4601,Ber\u00adgen,5,\n1804,\u200fBodø,5,\n1103,Stav\ufeffanger,5,\n", []string{
			`m.csv:2:2: "Os\u200blo" holds the invisible formatting character U+200B at character 3: remove it`,
			`m.csv:3:2: "Ber\u00adgen" holds the invisible formatting character U+00AD at character 4`,
			`m.csv:4:2: "\u200fBodø" holds the invisible formatting character U+200F at character 1`,
			`m.csv:5:2: "Stav\ufeffanger" holds the invisible formatting character U+FEFF at character 5: remove it (it cannot be seen`}, nil},
		{"a line separator in a cell", head + "0301,Os\u2028lo,5,\n", []string{`m.csv:2:2: "Os\u2028lo" holds the line separator U+2028 at character 3: remove it (a text is one line)`}, nil},
		{"a cell over 1000 characters", head + "0301," + strings.Repeat("O", 1001) + ",5,\n", []string{`m.csv:2:2: a cell of 1001 characters, more than 1000: "` + strings.Repeat("O", 40) + `"…`}, nil},
		{"a line over 64 KiB", head + "0301,Oslo,5," + strings.Repeat(" ", 70000) + "\n", []string{"m.csv:2: the line is 70012 bytes long, more than 65536"}, nil},
		{"a long bad value is quoted to 40 characters", head + "0301,Oslo," + strings.Repeat("x", 100) + ",\n", []string{`m.csv:2:3: population "` + strings.Repeat("x", 40) + `"…: not a whole number`}, nil},
		{"0000", head + "0000,Null,5,\n", []string{`m.csv:2:1: municipality_number "0000" is not a municipality`}, billing.ErrMunicipalityNumber},
		{"9999", head + "9999,Uoppgitt,5,\n", []string{`m.csv:2:1: municipality_number "9999" is not a municipality: 9999 is SSB's code for "Uoppgitt" (unknown)`}, billing.ErrMunicipalityNumber},
		{"UTF-16 that is not", "\xff\xfe\x00", []string{"m.csv:1: starts like UTF-16 but is not"}, nil},
		{"not UTF-8", head + "0301,Oslo,5,\n1804,Bod\xf8,5,\n", []string{"m.csv:3:2: not valid UTF-8 (the byte 0xF8): save the file as UTF-8 (\"CSV UTF-8\" in Excel), or name its encoding with --encoding windows-1252"}, nil},
		{"not UTF-8 after a quoted separator", head + "0301,Oslo,5,\n0221,\"Aurskog, H\xf8land\",5,\n", []string{"m.csv:3:2: not valid UTF-8 (the byte 0xF8)"}, nil},
		{"not UTF-8 with semicolons", "kommunenummer;kommunenavn;innbyggere\n0301;Oslo;5\n1804;Bod\xf8;5\n", []string{"m.csv:3:2: not valid UTF-8 (the byte 0xF8)"}, nil},
		{"bad quoting", head + "0301,\"Oslo,5,\n", []string{`m.csv:2:`}, nil},
	}
	for _, tt := range tests {
		_, err := ReadMunicipalities(strings.NewReader(tt.in), "m.csv", solutions, Options{})
		var list Errors
		if !errors.As(err, &list) {
			t.Errorf("%s: ReadMunicipalities error = %v, want Errors", tt.name, err)
			continue
		}
		if len(list) != len(tt.want) {
			t.Errorf("%s: %d errors, want %d: %v", tt.name, len(list), len(tt.want), list.Unwrap())
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(list[i].Error(), w) {
				t.Errorf("%s: error %d = %q, want it to start %q", tt.name, i, list[i].Error(), w)
			}
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: errors.Is(%v, %v) = false", tt.name, err, tt.is)
		}
	}
}

func FuzzReadMunicipalities(f *testing.F) {
	f.Add([]byte("municipality_number,municipality_name,population,soknad_from,innsyn_from\n0301,Oslo,693494,2020-01-01,\n"))
	f.Add([]byte("\xEF\xBB\xBFkommunenummer;kommunenavn;innbyggere\r\n0301;Oslo;5\r\n"))
	f.Add([]byte("municipality_number,municipality_name,population\n\"0301\",\"O\"\"slo\",1\n"))
	f.Add([]byte(""))
	f.Add([]byte("sep=;\rkommunenummer;kommunenavn;innbyggere\r0301;Oslo;5\r"))
	f.Add([]byte(utf16Bytes("kommunenummer,kommunenavn,innbyggere\n0301,Oslo,5\n", false)))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadMunicipalities(bytes.NewReader(data), "f", solutions, Options{})
		checkFuzzResult(t, err, in != nil && len(in.Municipalities) > 0)
		if err != nil {
			return
		}
		for _, m := range in.Municipalities {
			if _, err := billing.ParseMunicipalityNumber(m.Number); err != nil || m.Population < 0 || m.Name == "" {
				t.Fatalf("accepted an invalid row: %+v", m)
			}
		}
	})
}
