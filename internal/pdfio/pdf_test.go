package pdfio

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/nofmt"
)

// basis computes a small year with a waiver and leftover øre and returns
// the basis of municipality number.
func basis(t *testing.T, number string) Basis {
	t.Helper()
	tariff := billing.Tariff{Year: 2020, AnnualCost: 100_000, PopulationDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Shares:  []billing.Share{{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")}, {Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")}},
		Waivers: []billing.Waiver{{Solution: "innsyn", Quarters: []billing.Quarter{1, 2}, Reason: "Innsyn faktureres ikke for 1. og 2. kvartal 2020 fordi piloteringen ble forsinket"}}}
	a, err := billing.Allocate(tariff, []billing.Municipality{
		{Number: "5610", Name: "Kárášjohka Karasjok", Population: 2623},
		{Number: "0301", Name: "Oslo", Population: 693494},
		{Number: "3024", Name: "Bærum", Population: 127731},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := billing.Explain(a, number)
	if err != nil {
		t.Fatal(err)
	}
	return Basis{Explanation: e, Pools: a.Pools, Date: time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)}
}

func write(t *testing.T, b Basis) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteIsSmallAndStable(t *testing.T) {
	for _, n := range []string{"5610", "0301"} {
		t.Run(n, func(t *testing.T) {
			b := basis(t, n)
			first := write(t, b)
			if !bytes.HasPrefix(first, []byte("%PDF-")) {
				t.Fatalf("Write(%s) does not start with %%PDF-: %q", n, first[:min(len(first), 16)])
			}
			if len(first) > 100_000 {
				t.Errorf("Write(%s) = %d bytes, want under 100 kB", n, len(first))
			}
			if again := write(t, b); !bytes.Equal(first, again) {
				t.Errorf("Write(%s) twice gave different bytes", n)
			}
			if !bytes.Contains(first, []byte("/CreationDate (D:20210115")) {
				t.Errorf("Write(%s): the creation date is not the basis's date", n)
			}
		})
	}
}

// TestWriteText reads the PDF back with pdftotext (Debian's poppler-utils)
// and looks for what a municipality checks: its name, with letters outside
// Latin-1 (š), its population, the formula and the total, all written as
// Norwegian text writes numbers and dates (nofmt), with no decimal point.
// pdftotext writes the no-break spaces between digit groups as spaces on
// some versions of poppler, so the text is read with either.
func TestWriteText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("skipping: pdftotext is not installed (apt-get install -y poppler-utils)")
	}
	b := basis(t, "5610")
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(write(t, b))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.ReplaceAll(string(out), nofmt.Space, " ")
	m := b.Explanation.Municipality
	for _, want := range []string{
		"Kárášjohka Karasjok", "datert 15. januar 2021", "Innbyggere: 2623 per 1. januar 2020",
		"Å betale: " + strings.ReplaceAll(nofmt.Kroner(m.Amount), nofmt.Space, " "), "Digisos i 2020 er 1000,00 kr", "søknad 0,5, innsyn 0,5",
		"125,00 × 2623 / 823 848", "Ikke fakturert: 1. kvartal innsyn (0,40 kr), 2. kvartal innsyn (0,40 kr). Innsyn faktureres", "største rests metode",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	if bad := regexp.MustCompile(`\d\.\d|\d{4}-\d\d-\d\d`).FindString(text); bad != "" {
		t.Errorf("the PDF's text writes %q, a decimal point or an ISO date:\n%s", bad, text)
	}
}

// TestWriteConcurrently writes bases on goroutines at once, as a batch of
// EHF invoices does, and checks that each document is the one Write
// writes alone: the fonts and subsets they share are not changed by use.
func TestWriteConcurrently(t *testing.T) {
	var bases []Basis
	for _, n := range []string{"5610", "0301", "3024", "5610", "0301"} {
		bases = append(bases, basis(t, n))
	}
	docs := make([][]byte, len(bases))
	errs := make([]error, len(bases))
	var wg sync.WaitGroup
	for i, b := range bases {
		wg.Go(func() {
			var buf bytes.Buffer
			errs[i] = Write(&buf, b)
			docs[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i, b := range bases {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if want := write(t, b); !bytes.Equal(docs[i], want) {
			t.Errorf("document %d (%s), written beside others, differs from Write's alone", i, b.Explanation.Municipality.Number)
		}
	}
}

// TestAlphabetHoldsNames checks that every character of every municipality
// name in SSB's registers built into the program (internal/refdata) is in
// alphabet, so that every real basis embeds the one subset of each font.
func TestAlphabetHoldsNames(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "refdata", "klass-131-*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no registers in ../refdata (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range string(data) {
			if r != '\n' && r != '\r' && !strings.ContainsRune(alphabet, r) {
				t.Errorf("%s holds %q (%U), which alphabet lacks", filepath.Base(f), r, r)
			}
		}
	}
}

// TestAlphabetSharesSubsets writes the bases of two municipalities whose
// names use different letters and checks that their font files are the
// same: the alphabet, not the text, decides what a subset holds.
func TestAlphabetSharesSubsets(t *testing.T) {
	a, b := write(t, basis(t, "5610")), write(t, basis(t, "0301"))
	fontFiles := func(pdf []byte) [][]byte {
		var out [][]byte
		for _, part := range bytes.Split(pdf, []byte("/FontFile2"))[1:] {
			_, stream, _ := bytes.Cut(part, []byte("stream\n"))
			stream, _, _ = bytes.Cut(stream, []byte("endstream"))
			out = append(out, stream)
		}
		return out
	}
	fa, fb := fontFiles(a), fontFiles(b)
	if len(fa) != 2 || len(fb) != 2 {
		t.Fatalf("found %d and %d font files, want 2 in each", len(fa), len(fb))
	}
	for i := range fa {
		if !bytes.Equal(fa[i], fb[i]) {
			t.Errorf("font file %d differs between the bases of 5610 and 0301", i)
		}
	}
}
