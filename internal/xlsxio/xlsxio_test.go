package xlsxio

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

const sample = "../../testdata/sample.csv"

func TestWriteSample(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	checkWorkbook(t, write(t, a, meta), a)
}

// TestWriteSSB2020 writes the full SSB table of 1 January 2020, every
// municipality taking part all year, and reads it back.
func TestWriteSSB2020(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	a, meta := allocate(t, path, 2020)
	if len(a.Municipalities) != 356 || len(a.Lines) != 356*8 {
		t.Fatalf("SSB 2020: %d municipalities, %d lines; want 356 and %d", len(a.Municipalities), len(a.Lines), 356*8)
	}
	data := write(t, a, meta)
	checkWorkbook(t, data, a)
	lines, err := ReadLines(bytes.NewReader(data), "ssb.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(a.Lines) {
		t.Fatalf("ReadLines: %d lines, want %d", len(lines), len(a.Lines))
	}
	for i, l := range a.Lines {
		want := Line{Year: l.Year, Quarter: l.Quarter, Number: l.Number, Name: l.Name,
			Solution: l.Solution, Amount: l.Amount, Waived: l.Waived}
		if lines[i] != want {
			t.Errorf("ReadLines line %d = %+v, want %+v", i, lines[i], want)
		}
	}
}

// TestWriteSameBytes: the same run gives the same bytes, with no time in
// the workbook unless the run is stamped, and then the stamp.
func TestWriteSameBytes(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	first := write(t, a, meta)
	if again := write(t, a, meta); !bytes.Equal(first, again) {
		t.Fatal("two writes of the same run differ")
	}
	core := zipEntry(t, first, "docProps/core.xml")
	if strings.Contains(core, "dcterms:created") || strings.Contains(core, "dcterms:modified") || strings.Contains(core, "2006-09-16") {
		t.Errorf("an unstamped workbook has a time: %s", core)
	}
	meta.Stamp = "2026-11-25T20:00:00Z"
	stamped := write(t, a, meta)
	core = zipEntry(t, stamped, "docProps/core.xml")
	for _, want := range []string{
		`<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-25T20:00:00Z</dcterms:created>`,
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-25T20:00:00Z</dcterms:modified>`,
	} {
		if !strings.Contains(core, want) {
			t.Errorf("stamped core.xml lacks %s:\n%s", want, core)
		}
	}
	if again := write(t, a, meta); !bytes.Equal(stamped, again) {
		t.Fatal("two writes of the same stamped run differ")
	}
}

// zipEntry returns a part of a workbook, and checks that no part carries a
// modification time.
func zipEntry(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out string
	for _, zf := range zr.File {
		if zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s has a time in the zip: %v", zf.Name, zf.Modified)
		}
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out = string(b)
		}
	}
	return out
}

func TestReadLinesRoundTrip(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	lines, err := ReadLines(bytes.NewReader(write(t, a, meta)), "sample.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(a.Lines) {
		t.Fatalf("ReadLines: %d lines, want %d", len(lines), len(a.Lines))
	}
	for i, l := range a.Lines {
		want := Line{Year: l.Year, Quarter: l.Quarter, Number: l.Number, Name: l.Name,
			Solution: l.Solution, Amount: l.Amount, Waived: l.Waived}
		if lines[i] != want {
			t.Errorf("ReadLines line %d = %+v, want %+v", i, lines[i], want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name, in string
		want     billing.Money
		err      string
	}{
		{"as written", "54910.21", 5491021, ""},
		{"zero", "0.00", 0, ""},
		{"no decimals", "425000", 42500000, ""},
		{"a double saved with 17 digits", "54910.209999999999", 5491021, ""},
		{"another", "0.10000000000000001", 10, ""},
		{"scientific", "5.491021E4", 5491021, ""},
		{"three decimals", "54910.215", 0, "not whole øre"},
		{"text", "abc", 0, "not a number"},
		{"empty", "", 0, "not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseAmount(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parseAmount(%q) = %s, %v; want an error with %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseAmount(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestExactFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"54910.21", 54910.21, false},
		{"0.00", 0, false},
		{"-425000.50", -425000.5, false},
		{"92233720368547758.07", 0, true}, // the largest Money: more digits than a double keeps
		{"0.1000000000000000055511151231257827", 0, true},
		{"abc", 0, true},
	}
	for _, tc := range tests {
		got, err := exactFloat(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("exactFloat(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
