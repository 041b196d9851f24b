package csvio

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
)

// openRef opens a file of the public reference data in testdata/ref; the
// raw SSB exports are kept there compressed, as raw/NAME.gz.
func openRef(t *testing.T, name string) io.Reader {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", "ref", name)
	if strings.HasPrefix(name, "raw/") {
		p += ".gz"
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(p, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return zr
}

func TestReadRegisterSSB(t *testing.T) {
	for _, tt := range []struct {
		file string
		n    int
	}{{"ssb-klass-131-kommuner-2020.csv", 356}, {"ssb-klass-131-kommuner-2024.csv", 357}} {
		reg, err := ReadRegister(openRef(t, tt.file), tt.file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if reg.Len() != tt.n {
			t.Errorf("%s: %d municipalities, want %d", tt.file, reg.Len(), tt.n)
		}
		if name, ok := reg.Name("0301"); !ok || name != "Oslo" {
			t.Errorf("%s: 0301 = %q, %v; want Oslo", tt.file, name, ok)
		}
	}
}

func TestReadRegisterKLASSColumns(t *testing.T) {
	in := "\"code\";\"parentCode\";\"level\";\"name\";\"shortName\";\"presentationName\";\"validFrom\";\"validTo\";\"notes\"\n" +
		"\"0301\";\"\";\"1\";\"Oslo\";\"\";\"\";\"\";\"\";\"\"\n\"9999\";\"\";\"1\";\"Uoppgitt\";\"\";\"\";\"\";\"\";\"\"\n"
	reg, err := ReadRegister(strings.NewReader(in), "klass.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := reg.Name("9999"); ok || reg.Len() != 1 {
		t.Errorf("register has %d entries (9999 included: %v), want only 0301", reg.Len(), ok)
	}
}

func TestReadRenumberingSSB(t *testing.T) {
	registers := map[string]billing.Register{}
	for _, y := range []string{"2020", "2024"} {
		f := "ssb-klass-131-kommuner-" + y + ".csv"
		reg, err := ReadRegister(openRef(t, f), f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		registers[y] = reg
	}
	tests := []struct {
		file, number, want string
	}{
		{"ssb-kommunenummer-2019-til-2020.csv", "1201", "1201 became 4601 (Bergen) on 2020-01-01"},
		{"ssb-kommunenummer-2019-til-2020.csv", "5030", "5030 became 5001 (Trondheim) on 2020-01-01"},
		{"ssb-kommunenummer-2019-til-2020.csv", "5012", "5012 was split into 5055 (Heim), 5056 (Hitra), 5059 (Orkland) on 2020-01-01"},
		{"ssb-kommunenummer-2019-til-2020.csv", "0301", ""}, // unchanged
		{"ssb-kommunenummer-2023-til-2024.csv", "1507", "1507 was split into 1508 (Ålesund), 1580 (Haram) on 2024-01-01"},
		{"ssb-kommunenummer-2023-til-2024.csv", "3005", "3005 became 3301 (Drammen) on 2024-01-01"},
	}
	for _, tt := range tests {
		rn, err := ReadRenumbering(openRef(t, tt.file), tt.file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := rn.Hint(tt.number, registers[tt.file[27:31]]); got != tt.want {
			t.Errorf("%s: Hint(%s) = %q, want %q", tt.file, tt.number, got, tt.want)
		}
	}
}

// TestRegisterYears: a register's validity comes from its KLASS columns or
// its file name; a renumbering table's year from its header.
func TestRegisterYears(t *testing.T) {
	const klass = "code;name;validFrom;validTo\n0301;Oslo;2020-01-01;2022-01-01\n"
	tests := []struct {
		name, file, in string
		year           int
		checked        bool
		err            string
	}{
		{"the 2020 register in 2021", "kommuner-2020.csv", "code,name\n0301,Oslo\n", 2021, true, ""},
		{"the 2024 register in 2020", "ssb-klass-131-kommuner-2024.csv", "code,name\n0301,Oslo\n", 2020, true,
			"the register is valid from 2024-01-01 (as its file name says), not in all of 2020: give SSB's register for 2020"},
		{"KLASS dates cover the year", "k.csv", klass, 2021, true, ""},
		{"KLASS dates end before the year", "k.csv", klass, 2022, true, "the register is valid from 2020-01-01 until 2022-01-01 (its validFrom and validTo columns), not in all of 2022"},
		{"no dates, no year in the name", "k.csv", "code,name\n0301,Oslo\n", 2020, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := ReadRegister(strings.NewReader(tt.in), tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checked, err := reg.CheckYear(tt.year)
			if checked != tt.checked || (err == nil) != (tt.err == "") || (err != nil && !strings.HasPrefix(err.Error(), tt.err)) {
				t.Errorf("CheckYear(%d) = %v, %v; want %v, %q", tt.year, checked, err, tt.checked, tt.err)
			}
		})
	}
	rn, err := ReadRenumbering(openRef(t, "ssb-kommunenummer-2023-til-2024.csv"), "rn.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := rn.CheckYear(2020); err == nil || err.Error() != "the renumbering table gives the numbers of 2024, not of 2020: give SSB's table from 2019 to 2020" {
		t.Errorf("CheckYear(2020) = %v", err)
	}
	if err := rn.CheckYear(2024); err != nil {
		t.Errorf("CheckYear(2024) = %v", err)
	}
}

// TestHintNamesOnlyRegistered: a hint never names a number the register
// lacks.
func TestHintNamesOnlyRegistered(t *testing.T) {
	rn := billing.NewRenumbering(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), map[string][]billing.Successor{"5012": {{Number: "5055", Name: "Heim"}, {Number: "5056", Name: "Hitra"}}})
	tests := []struct {
		name  string
		names map[string]string
		want  string
	}{
		{"both registered", map[string]string{"5055": "Heim", "5056": "Hitra"}, "5012 was split into 5055 (Heim), 5056 (Hitra) on 2020-01-01"},
		{"one registered", map[string]string{"5056": "Hitra"}, "5012 became 5056 (Hitra) on 2020-01-01"},
		{"none registered", map[string]string{"0301": "Oslo"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rn.Hint("5012", billing.NewRegister(tt.names)); got != tt.want {
				t.Errorf("Hint = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadRenumberingHeader(t *testing.T) {
	_, err := ReadRenumbering(strings.NewReader("old,new\n1201,4601\n"), "r.csv", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "r.csv:1: expected columns kommunenummer_YYYY") {
		t.Errorf("ReadRenumbering(bad header) = %v", err)
	}
}
