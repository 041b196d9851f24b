package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

// mainOK calls Main and fails t unless it exits 0.
func mainOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Main(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("digisos-invoice %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.Bytes()
}

func money(t *testing.T, s string) billing.Money {
	t.Helper()
	m, err := billing.ParseMoney(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestExplainSumsToCalculate explains every municipality of the real SSB
// 2020 table, as it is and with random start dates, and checks that the
// explanations add up to calculate's totals, municipality by municipality.
func TestExplainSumsToCalculate(t *testing.T) {
	ssb := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	data, err := os.ReadFile(ssb)
	if err != nil {
		t.Fatal(err)
	}
	mixed := withRandomDates(t, data)
	inputs := []struct{ name, path string }{{"SSB 2020", ssb}, {"SSB 2020 with random start dates", mixed}}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) { explainSumsToCalculate(t, in.path) })
	}
}

// explainSumsToCalculate checks that every municipality's explanation of
// input sums to its totals in calculate's JSON output, and all of them to
// the run's totals.
func explainSumsToCalculate(t *testing.T, input string) {
	var calc struct {
		Municipalities []struct {
			Number string `json:"municipality_number"`
			Amount string `json:"amount"`
			Waived string `json:"waived"`
		} `json:"municipalities"`
		Totals struct{ Invoiced, Waived string } `json:"totals"`
	}
	if err := json.Unmarshal(mainOK(t, "calculate", "--year", "2020", "--input", input, "--format", "json", "--quiet"), &calc); err != nil {
		t.Fatal(err)
	}
	if len(calc.Municipalities) != 356 {
		t.Fatalf("%s: %d municipalities, want 356", input, len(calc.Municipalities))
	}
	var invoiced, waived billing.Money
	for _, m := range calc.Municipalities {
		var e struct {
			Amount, Waived string
			Lines          []struct{ Amount, Waived string }
		}
		if err := json.Unmarshal(mainOK(t, "explain", "--year", "2020", "--input", input, "--municipality", m.Number, "--format", "json"), &e); err != nil {
			t.Fatal(err)
		}
		var a, w billing.Money
		for _, l := range e.Lines {
			a += money(t, l.Amount)
			w += money(t, l.Waived)
		}
		if a != money(t, m.Amount) || w != money(t, m.Waived) || e.Amount != m.Amount || e.Waived != m.Waived {
			t.Errorf("%s %s: explain lines sum to %s + %s waived (totals %s + %s), calculate says %s + %s",
				input, m.Number, a, w, e.Amount, e.Waived, m.Amount, m.Waived)
		}
		invoiced += a
		waived += w
	}
	if invoiced != money(t, calc.Totals.Invoiced) || waived != money(t, calc.Totals.Waived) {
		t.Errorf("%s: explanations sum to %s + %s waived, calculate's totals are %s + %s", input, invoiced, waived, calc.Totals.Invoiced, calc.Totals.Waived)
	}
}

// withRandomDates writes the SSB table with soknad_from and innsyn_from
// dates drawn around 2020 with a fixed seed, and returns its path.
func withRandomDates(t *testing.T, data []byte) string {
	rng := rand.New(rand.NewPCG(4, 2020))
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + ",soknad_from,innsyn_from\n")
	date := func() string {
		if rng.IntN(6) == 0 {
			return ""
		}
		return fmt.Sprintf("%d-%02d-%02d", 2019+rng.IntN(3), 1+rng.IntN(12), 1+rng.IntN(28))
	}
	for _, l := range lines[1:] {
		fmt.Fprintf(&b, "%s,%s,%s\n", l, date(), date())
	}
	p := filepath.Join(t.TempDir(), "mixed.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
