package csvio

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
)

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Oslo", "Oslo"}, {"=SUM(A1)", "'=SUM(A1)"}, {"+47", "'+47"}, {"-1", "'-1"},
		{"@cmd", "'@cmd"}, {"\tx", "'\tx"}, {"\rx", "'\rx"}, {"", ""}, {"Bø", "Bø"},
	}
	for _, tt := range tests {
		if got := Defuse(tt.in); got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every piece of a defused cell is plain text, whichever list separator
// Excel splits the line at (',', ';' or a tab) and whatever dangerous
// character a piece would start with, and Undefuse gives the cell back.
func TestDefuseEveryPiece(t *testing.T) {
	var names []string
	for _, sep := range []string{",", ";", "\t", "\r\n", "\n"} {
		for _, c := range []string{"=", "+", "-", "@", "\t", "\r"} {
			for _, quotes := range []string{"", "'", "\"", "''\""} {
				names = append(names, "Oslo"+sep+quotes+c+"cmd|' /C calc'!A0", quotes+c+"x"+sep+c+sep+sep+c)
			}
		}
	}
	for _, name := range names {
		d := Defuse(name)
		if got := Undefuse(d); got != name {
			t.Errorf("Undefuse(Defuse(%q)) = %q", name, got)
		}
		for _, sep := range []string{",", ";", "\t"} {
			for _, line := range strings.FieldsFunc(d, func(r rune) bool { return r == '\r' || r == '\n' }) {
				for _, piece := range strings.Split(line, sep) {
					if piece = strings.TrimLeft(piece, "\""); piece != "" && strings.ContainsRune("=+-@\t\r", rune(piece[0])) {
						t.Errorf("Defuse(%q) = %q: split at %q, the piece %q is a formula", name, d, sep, piece)
					}
				}
			}
		}
	}
	// Text that holds no piece a spreadsheet would run is left as it is.
	for _, s := range []string{"Oslo", "Bø i Telemark", "Aurskog-Høland", "Nes; Akershus", "O'Brien", "x=y"} {
		if Defuse(s) != s {
			t.Errorf("Defuse(%q) = %q, want it unchanged", s, Defuse(s))
		}
	}
}

// WriteLines writes a name holding a list separator so that no piece of
// the line, split at ',', ';' or a tab, starts a formula.
func TestWriteLinesEverySeparator(t *testing.T) {
	a, err := billing.Allocate(oneSolution(400), []billing.Municipality{
		{Number: "0301", Name: "Oslo;=HYPERLINK(\"http://x\";\"y\")", Population: 3},
		{Number: "4601", Name: "Bergen,@SUM(1)\t-2;+3", Population: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteLines(&b, a); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		for _, sep := range []string{",", ";", "\t"} {
			for _, piece := range strings.Split(line, sep) {
				if p := strings.TrimLeft(piece, "\""); p != "" && strings.ContainsRune("=+-@\t\r", rune(p[0])) {
					t.Errorf("line %q split at %q: the piece %q is a formula", line, sep, piece)
				}
			}
		}
	}
}

func oneSolution(cost billing.Money) billing.Tariff {
	return billing.Tariff{Year: 2020, AnnualCost: cost, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
}

func TestWriteLines(t *testing.T) {
	a, err := billing.Allocate(oneSolution(400), []billing.Municipality{
		{Number: "0301", Name: "=Oslo", Population: 3},
		{Number: "4601", Name: "Bergen, \"Vestland\"", Population: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteLines(&b, a); err != nil {
		t.Fatal(err)
	}
	want := `year,quarter,municipality_number,municipality_name,solution,population,amount,waived,invoice_id
2020,1,0301,'=Oslo,soknad,3,0.75,0.00,DIGISOS-2020-0301
2020,2,0301,'=Oslo,soknad,3,0.75,0.00,DIGISOS-2020-0301
2020,3,0301,'=Oslo,soknad,3,0.75,0.00,DIGISOS-2020-0301
2020,4,0301,'=Oslo,soknad,3,0.75,0.00,DIGISOS-2020-0301
2020,1,4601,"Bergen, ""Vestland""",soknad,1,0.25,0.00,DIGISOS-2020-4601
2020,2,4601,"Bergen, ""Vestland""",soknad,1,0.25,0.00,DIGISOS-2020-4601
2020,3,4601,"Bergen, ""Vestland""",soknad,1,0.25,0.00,DIGISOS-2020-4601
2020,4,4601,"Bergen, ""Vestland""",soknad,1,0.25,0.00,DIGISOS-2020-4601
`
	if got := b.String(); got != want {
		t.Errorf("WriteLines wrote\n%s\nwant\n%s", got, want)
	}

	// ReadIssuedLines reads back every cell as written, the ' of Defuse too.
	issued, notes, err := ReadIssuedLines([]byte(want), "lines.csv")
	if err != nil || len(notes) > 0 {
		t.Fatalf("ReadIssuedLines: %v, notes %v", err, notes)
	}
	if len(issued.Items) != len(a.Lines) {
		t.Fatalf("ReadIssuedLines: %d lines, want %d", len(issued.Items), len(a.Lines))
	}
	if got := issued.Items[0].Text("municipality_name"); got != "'=Oslo" {
		t.Errorf("the first name read back = %q, want '=Oslo", got)
	}
	if got := issued.Items[4].Text("municipality_name"); got != `Bergen, "Vestland"` {
		t.Errorf("the fifth name read back = %q", got)
	}
}

// syntheticInput makes a municipalities CSV of n rows with a fixed seed.
func syntheticInput(n int) []byte {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	var b strings.Builder
	b.WriteString("municipality_number,municipality_name,population,soknad_from,innsyn_from\n")
	// Four digits allow 9,998 municipality numbers (0001 to 9998); larger
	// runs reuse them with a distinct name, so they are only for the
	// benchmark's own engine call.
	for i := range n {
		fmt.Fprintf(&b, "%04d,Kommune %d,%d,2020-%02d-01,", 1+i%9998, i, rng.IntN(700_000), 1+rng.IntN(12))
		if rng.IntN(3) > 0 {
			fmt.Fprintf(&b, "2020-%02d-15", 1+rng.IntN(12))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// BenchmarkCalculate measures the whole path of a run: read the CSV,
// allocate, write the CSV lines. 356 is the real SSB 2020 table; 9,998
// is the most a valid input can hold, as municipality numbers have four
// digits (the engine alone is measured up to 100,000 in package billing).
func BenchmarkCalculate(b *testing.B) {
	inputs := []struct {
		name string
		data []byte
	}{{"synthetic-9998", syntheticInput(9_998)}}
	real := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	data, err := os.ReadFile(real)
	if err != nil {
		b.Fatal(err)
	}
	inputs = append([]struct {
		name string
		data []byte
	}{{"ssb-356", data}}, inputs...)
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.data)))
			defer benchcpu.Process(b)()
			for b.Loop() {
				calculatePass(b, in.data, benchTariff)
			}
		})
	}
}

// benchTariff is the 2020 tariff the benchmarks apply.
var benchTariff = billing.Tariff{
	Year: 2020, AnnualCost: 340_000_000, PopulationDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")}, {Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")}},
}

// calculatePass is the path the benchmarks measure: read the CSV, allocate,
// write the CSV lines.
func calculatePass(b *testing.B, data []byte, tariff billing.Tariff) {
	read, err := ReadMunicipalities(bytes.NewReader(data), "bench.csv", tariff.Solutions(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := billing.Allocate(tariff, read.Municipalities)
	if err != nil {
		b.Fatal(err)
	}
	if err := WriteLines(io.Discard, a); err != nil {
		b.Fatal(err)
	}
}
