package csvio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openShared opens a file of ../shared/data, or skips t.
func openShared(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", name))
	if err != nil {
		t.Skipf("skipping: the real SSB data is not here (%v); it lives in ../shared/data beside the project", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadRegisterSSB(t *testing.T) {
	for _, tt := range []struct {
		file string
		n    int
	}{{"ssb-klass-131-kommuner-2020.csv", 356}, {"ssb-klass-131-kommuner-2024.csv", 357}} {
		reg, err := ReadRegister(openShared(t, tt.file), tt.file, Options{})
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
		rn, err := ReadRenumbering(openShared(t, tt.file), tt.file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := rn.Hint(tt.number); got != tt.want {
			t.Errorf("%s: Hint(%s) = %q, want %q", tt.file, tt.number, got, tt.want)
		}
	}
}

func TestReadRenumberingHeader(t *testing.T) {
	_, err := ReadRenumbering(strings.NewReader("old,new\n1201,4601\n"), "r.csv", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "r.csv:1: expected columns kommunenummer_YYYY") {
		t.Errorf("ReadRenumbering(bad header) = %v", err)
	}
}
