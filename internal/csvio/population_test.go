package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
)

func TestReadPopulationRawSSB(t *testing.T) {
	tests := []struct {
		file  string
		rows  int
		total int64
		oslo  int64
	}{
		{"raw/ssb-07459-personer-2020_fhidata.tsv", 356, 5_367_580, 693_494},
		{"raw/ssb-07459-personer-2021_fhidata.csv", 356, 5_391_369, 697_010},
	}
	for _, tt := range tests {
		p, err := ReadPopulation(openRef(t, tt.file), tt.file, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if len(p.Rows) != tt.rows || p.Total() != tt.total {
			t.Errorf("%s: %d rows, total %d; want %d, %d", tt.file, len(p.Rows), p.Total(), tt.rows, tt.total)
		}
		if oslo, ok := p.Find("0301"); !ok || oslo.Population != tt.oslo || oslo.Name != "Oslo" {
			t.Errorf("%s: Oslo = %+v, want %d", tt.file, oslo, tt.oslo)
		}
		if tr, _ := p.Find("5001"); tr.Name != "Trondheim" {
			t.Errorf("%s: 5001 = %+v, want Trondheim", tt.file, tr)
		}
		if kar, _ := p.Find("5437"); kar.Name != "Kárásjohka - Karasjok" { // as SSB's Latin-1 export spells it
			t.Errorf("%s: 5437 name = %q", tt.file, kar.Name)
		}
		notes := strings.Join(p.Notes, "|")
		if !strings.Contains(notes, "read as ISO-8859-1") || !strings.Contains(notes, "3 regions that are not municipalities, all with 0 inhabitants, skipped: K-21-22 Svalbard and Jan Mayen, K-23 Continental shelf, K-Rest Divided municalities and unknown") {
			t.Errorf("%s: notes %q", tt.file, p.Notes)
		}
	}
}

// TestReadPopulationRawMatchesNormalised checks the raw 2020 export
// against the normalised table made from it, municipality by municipality.
func TestReadPopulationRawMatchesNormalised(t *testing.T) {
	raw, err := ReadPopulation(openRef(t, "raw/ssb-07459-personer-2020_fhidata.tsv"), "raw.tsv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	norm, err := ReadPopulation(openRef(t, "ssb-population-2020-01-01.csv"), "norm.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.Rows) != len(norm.Rows) {
		t.Fatalf("%d rows raw, %d normalised", len(raw.Rows), len(norm.Rows))
	}
	for i := range raw.Rows {
		if raw.Rows[i].Number != norm.Rows[i].Number || raw.Rows[i].Population != norm.Rows[i].Population {
			t.Errorf("row %d: raw %+v, normalised %+v", i, raw.Rows[i], norm.Rows[i])
		}
	}
}

func TestReadPopulationVariants(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
	}{
		{"tab, K- labels, by age", "\"region\"\t\"age\"\t\"Persons 2020\"\n\"K-0301 Oslo\"\t\"0 years\"\t600000\n\"K-0301 Oslo\"\t\"1 year\"\t93494\n\"K-1804 Bod\xf8\"\t\"0 years\"\t52357\n", Options{}},
		{"semicolon, title lines, no K-", "\"07459: Population\"\n\n\"region\";\"sex\";\"age\";\"Persons 2020\"\n\"0301 Oslo\";\"Males\";\"0 years\";693494\n\"1804 Bodø\";\"Females\";\"0 years\";52357\n", Options{}},
		{"comma, UTF-8 with BOM, CRLF", "\xef\xbb\xbfregion,Persons 2020\r\nK-0301 Oslo,693494\r\nK-1804 Bodø,52357\r\n", Options{}},
		{"plain table", "kommunenummer,kommunenavn,innbyggere\n1804,Bodø,52357\n0301,Oslo,693494\n", Options{}},
		{"plain table in Windows-1252", "kommunenummer;kommunenavn;innbyggere\n1804;Bod\xf8;52 357\n0301;Oslo;693494\n", Options{Encoding: "windows-1252"}},
	}
	for _, tt := range tests {
		p, err := ReadPopulation(strings.NewReader(tt.in), "pop", tt.opts)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(p.Rows) != 2 || p.Rows[0].Number != "0301" || p.Rows[0].Population != 693494 || p.Rows[1].Name != "Bodø" || p.Rows[1].Population != 52357 {
			t.Errorf("%s: rows %+v", tt.name, p.Rows)
		}
	}
}

func TestReadPopulationErrors(t *testing.T) {
	const head = "\"title\"\n\n\"region\";\"age\";\"Persons 2020\"\n"
	tests := []struct{ name, in, want string }{
		{"missing value", head + "\"K-0301 Oslo\";\"0 years\";..\n", `pop:4:3: Persons 2020 "..": SSB marks the value as missing or confidential`},
		{"not a number", head + "\"K-0301 Oslo\";\"0 years\";12a\n", `pop:4:3: Persons 2020 "12a": not a whole number`},
		{"non-municipal region with people", head + "\"K-0301 Oslo\";\"0 years\";5\n\"K-23 Continental shelf\";\"0 years\";7\n", `pop:5:1: region "K-23 Continental shelf" is not a municipality (no 4-digit number) but has 7 inhabitants`},
		{"two value columns", "\"region\";\"Persons 2020\";\"Persons 2021\"\n\"K-0301 Oslo\";1;2\n", `pop:1:3: a second value column "Persons 2021"`},
		{"short row", head + "\"K-0301 Oslo\";5\n", "pop:4: the row has 2 fields, the header has 3"},
		{"one number, two names", head + "\"K-0301 Oslo\";\"0 years\";5\n\"0301 Oslo kommune\";\"0 years\";5\n", `pop:5:1: regions "K-0301 Oslo" and "0301 Oslo kommune" have the same number`},
		// Found by fuzzing: the header's one cell is `region"0`, so there is no region column.
		{"no region column", "\"region\"\"0\"\n\"0\"\n", "pop:1: no column named region"},
		{"a negative value", head + "\"K-0301 Oslo\";\"0 years\";-3\n", `pop:4:3: Persons 2020 "-3": negative`},
		{"a value too large", head + "\"K-0301 Oslo\";\"0 years\";99999999999999999999\n", `pop:4:3: Persons 2020 "99999999999999999999": too large`},
		{"a repeated row", head + "\"K-0301 Oslo\";\"0 years\";5\n\"K-0301 Oslo\";\"1 year\";5\n\"K-0301 Oslo\";\"0 years\";5\n",
			`pop:6:1: the row repeats line 4 ("K-0301 Oslo", "0 years"): each region, age and sex once`},
		{"a total beside its parts", head + "\"K-0301 Oslo\";\"0 years\";5\n\"K-0301 Oslo\";\"All ages\";5\n",
			`pop:5:2: region "K-0301 Oslo" has a total row "age" (line 5) beside rows it totals (line 4)`},
		{"a part after its total", head + "\"K-0301 Oslo\";\"I alt\";5\n\"K-0301 Oslo\";\"0 years\";5\n",
			`pop:5:2: region "K-0301 Oslo" has a total row "age" (line 4) beside rows it totals (line 5)`},
		{"two sexes and both", "region;sex;Persons 2020\nK-0301 Oslo;Males;2\nK-0301 Oslo;Females;3\nK-0301 Oslo;Both sexes;5\n",
			`pop:4:2: region "K-0301 Oslo" has a total row "sex" (line 4) beside rows it totals (line 2)`},
		{"two years", "region;year;Persons\nK-0301 Oslo;2020;2\nK-0301 Oslo;2021;3\n", `pop:3:2: year "2021" differs from "2020" above`},
		{"a control character", head + "\"K-0301 Os\x07lo\";\"0 years\";5\n", `pop:4:1: "K-0301 Os\alo" holds the control character U+0007`},
		{"9999 is no municipality", head + "\"K-9999 Uoppgitt\";\"0 years\";5\n", `pop:4:1: region "K-9999 Uoppgitt": "9999" is not a municipality`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPopulation(strings.NewReader(tt.in), "pop", Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ReadPopulation = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPopulationCheckDate(t *testing.T) {
	jan1 := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	totals := map[time.Time]int64{jan1(2020): 5, jan1(2021): 7}
	plain := "kommunenummer,kommunenavn,innbyggere\n0301,Oslo,"
	tests := []struct {
		name, in   string
		flag, want time.Time
		year       int
		note, err  string
	}{
		{"the header's year matches", "region;age;Persons 2021\nK-0301 Oslo;0 years;4\n", time.Time{}, jan1(2021), 2021, "", ""},
		{"the header's year differs", "\"title\"\nregion;age;Persons 2021\nK-0301 Oslo;0 years;5\n", time.Time{}, jan1(2020), 2021, "",
			`pop:2:3: "Persons 2021": the table counts the population of 2021, but the tariff counts it on 2020-01-01: use SSB's table for 2020`},
		{"a year column", "region;år;statistikkvariabel;value\nK-0301 Oslo;2019;Personer;5\n", time.Time{}, jan1(2020), 2019, "", `pop:2:2: "2019": the table counts the population of 2019`},
		{"a population_date column", "kommunenummer,kommunenavn,innbyggere,population_date\n0301,Oslo,3,01.01.2020\n", time.Time{}, jan1(2020), 2020, "", ""},
		{"a population_date of another day", "kommunenummer,kommunenavn,innbyggere,population_date\n0301,Oslo,3,2021-01-01\n", time.Time{}, jan1(2020), 2021, "",
			`pop:2:4: "2021-01-01": the table counts the population on 2021-01-01, but --year 2020 bills the population of 1 January 2020`},
		{"the flag", plain + "3\n", jan1(2020), jan1(2020), 0, "", ""},
		{"the flag of another day", plain + "3\n", jan1(2021), jan1(2020), 0, "", "pop: --population-date 2021-01-01: --year 2020 bills the population of 1 January 2020"},
		{"no date, SSB's total of the day", plain + "5\n", time.Time{}, jan1(2020), 0, "the table states no population date; its total, 5, is SSB's population of 1 January 2020", ""},
		{"no date, SSB's total of another day", plain + "7\n", time.Time{}, jan1(2020), 0, "",
			"pop: the table's total is SSB's population of 1 January 2021 (7 inhabitants); --year 2020 bills the population of 1 January 2020"},
		{"a date, SSB's total of another day", "kommunenummer,kommunenavn,innbyggere,population_date\n0301,Oslo,7,2020-01-01\n", time.Time{}, jan1(2020), 2020, "",
			"pop: the table's total is SSB's population of 1 January 2021"},
		{"no date", plain + "3\n", time.Time{}, jan1(2020), 0, "", "pop: the table states no population date: add a population_date column (2020-01-01 on every row)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadPopulation(strings.NewReader(tt.in), "pop", Options{})
			if err != nil {
				t.Fatal(err)
			}
			note, err := p.CheckDate(DateCheck{Flag: tt.flag, Year: 2020, Want: tt.want, Totals: totals})
			if p.Year != tt.year || !strings.HasPrefix(note, tt.note) || (tt.note == "") != (note == "") {
				t.Errorf("Year %d, note %q; want %d, %q", p.Year, note, tt.year, tt.note)
			}
			if (err == nil) != (tt.err == "") || (err != nil && !strings.HasPrefix(err.Error(), tt.err)) {
				t.Errorf("CheckDate = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestCorrectNames(t *testing.T) {
	reg := billing.NewRegister(map[string]string{"5006": "Steinkjer", "0301": "Oslo"})
	p, err := ReadPopulation(strings.NewReader("region\tPersons 2020\nK-0301 Oslo\t5\nK-5006 teinkj\t7\n"), "pop.tsv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	note := p.CorrectNames(reg, "reg.csv")
	if want := `1 name in SSB's region labels corrected from the register reg.csv: 5006 "teinkj" → "Steinkjer"`; note != want {
		t.Errorf("CorrectNames note = %q, want %q", note, want)
	}
	if r, _ := p.Find("5006"); r.Name != "Steinkjer" {
		t.Errorf("5006 is named %q, want Steinkjer", r.Name)
	}
	plain, _ := ReadPopulation(strings.NewReader("kommunenummer,kommunenavn,innbyggere\n5006,teinkj,7\n"), "pop.csv", Options{})
	if note := plain.CorrectNames(reg, "reg.csv"); note != "" {
		t.Errorf("CorrectNames of a plain table = %q, want none (its names are checked as the user's)", note)
	}
}

func TestJoin(t *testing.T) {
	pop, err := ReadPopulation(strings.NewReader("region\tPersons 2020\nK-0301 Oslo\t693494\nK-1804 Bodø\t52357\nK-4601 Bergen\t283929\n"), "pop.tsv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	part, err := ReadParticipants(strings.NewReader("municipality_number,municipality_name,soknad_from\n1804,Bodo,2020-01-01\n0301,,2019-01-01\n"), "part.csv", solutions, Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, warnings, err := Join(pop, part)
	if err != nil {
		t.Fatal(err)
	}
	if m := in.Municipalities[0]; m.Number != "1804" || m.Name != "Bodø" || m.Population != 52357 {
		t.Errorf("joined 1804 = %+v", m)
	}
	if len(warnings) != 1 || warnings[0] != `part.csv:2:2: warning: municipality_name "Bodo" differs from "Bodø" in pop.tsv:3 (invoiced as "Bodø")` {
		t.Errorf("warnings = %q", warnings)
	}
	if n := in.Notes[len(in.Notes)-1]; n != "pop.tsv holds 1 municipality that is not in part.csv; it is not billed" {
		t.Errorf("last note = %q", n)
	}

	missing, err := ReadParticipants(strings.NewReader("municipality_number\n0301\n1201\n"), "part.csv", solutions, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Join(pop, missing); err == nil || err.Error() != `part.csv:3:1: municipality_number "1201" is not in the population table pop.tsv` {
		t.Errorf("Join(missing) = %v", err)
	}
}

func FuzzReadPopulation(f *testing.F) {
	f.Add([]byte("\"07459: Population\"\n\n\"region\";\"age\";\"Persons 2020\"\n\"K-0301 Oslo\";\"0 years\";5\n\"K-23 Continental shelf\";\"0 years\";0\n"))
	f.Add([]byte("\"region\"\t\"age\"\t\"Persons 2020\"\n\"K-1804 Bod\xf8\"\t\"0 years\"\t52357\n"))
	f.Add([]byte("kommunenummer,kommunenavn,innbyggere\n0301,Oslo,693 494\n"))
	f.Add([]byte("region;sex;year;Persons\nK-0301 Oslo;Males;2020;2\nK-0301 Oslo;Both sexes;2020;5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPopulation(bytes.NewReader(data), "f", Options{})
		checkFuzzResult(t, err, p != nil && len(p.Rows) > 0)
	})
}

func FuzzReadParticipants(f *testing.F) {
	f.Add([]byte("municipality_number,municipality_name,soknad_from,innsyn_from\n0301,Oslo,01.01.2020,\n"))
	f.Add([]byte("kommunenummer;soknad_from\r\n0301;2020-01-01\r\n;;\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadParticipants(bytes.NewReader(data), "f", solutions, Options{})
		checkFuzzResult(t, err, in != nil && len(in.Municipalities) > 0)
	})
}

// checkFuzzResult fails unless a reader returned rows, or an error list
// whose every error has a position in the file.
func checkFuzzResult(t *testing.T, err error, rows bool) {
	t.Helper()
	if err == nil {
		if !rows {
			t.Fatal("no rows and no error")
		}
		return
	}
	var list Errors
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %v is not a non-empty Errors", err)
	}
	for _, e := range list {
		if e.File != "f" || e.Line < 1 {
			t.Fatalf("error without a position: %#v", e)
		}
	}
}

// TestErrorsAtOnce reads a participation list with row errors: the rows
// come back with the errors, the register check skips the rows in error
// and marks its own, and Join reports only the rows left.
func TestErrorsAtOnce(t *testing.T) {
	part, err := ReadParticipants(strings.NewReader("municipality_number,soknad_from\n0301,2020-13-01\n4601,2020-01-01\n4601,2020-01-01\n1201,2020-01-01\n1804,2020-01-01\n"), "part.csv", solutions, Options{})
	var list Errors
	if !errors.As(err, &list) || len(list) != 2 || part == nil {
		t.Fatalf("ReadParticipants = %v, %v; want the rows and 2 errors", part, err)
	}
	reg := billing.NewRegister(map[string]string{"0301": "Oslo", "4601": "Bergen", "1804": "Bodø"})
	rn := billing.NewRenumbering(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), map[string][]billing.Successor{"1201": {{Number: "4601", Name: "Bergen"}}})
	errs := part.CheckNumbers(reg, "reg.csv", &rn)
	if want := `part.csv:5:1: municipality_number "1201" is not in the register reg.csv; hint: 1201 became 4601 (Bergen) on 2020-01-01`; len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("CheckNumbers = %v, want %q", errs, want)
	}
	pop, err := ReadPopulation(strings.NewReader("region\tPersons 2020\nK-0301 Oslo\t693494\nK-4601 Bergen\t283929\n"), "pop.tsv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Join(pop, part)
	if want := `part.csv:6:1: municipality_number "1804" is not in the population table pop.tsv`; err == nil || err.Error() != want {
		t.Errorf("Join = %v, want only %q", err, want)
	}
}
